"""How the runner shapes the video file: index first, a last frame held for the narration, and
held frames encoded without converting the same picture again for each one.

The narration's hold is written as one long frame, not a frame per tick: that takes H.264
without B-frames (frames decoded in the order shown), which every render here uses, so that
a clip's timestamps stay plain wherever its frames fall.

Copied next to the runner (scene_runner.py loads it by path) and run inside the sandbox.
"""

from __future__ import annotations

from typing import Any

STILL_SCENE_SECONDS = 1.0
HOLD_TOLERANCE_S = 0.02  # under a frame at every preset: not worth a wait
NO_REORDERING = {"bf": "0"}  # libx264: no B-frames
# x264's speed per quality preset. The low preset is the draft a chat user waits for: at
# "superfast" a render takes about a sixth less CPU than at x264's default ("medium"), for a
# file about 1.4 times as large at the same constant quality (crf). The larger presets keep
# the default, where the file's size counts for more than the encoder's time.
SPEED = {"low_quality": "superfast"}
_holding = [False]  # set while the narration's hold is written


def set_encoder_options(config: Any, manim_quality: str) -> None:
    """Every segment is H.264 without B-frames (manim's other options kept): each frame's
    decode time is its show time, so a held frame can be one frame with a long duration. The
    encoder's speed follows the quality preset (`SPEED`); every clip of a preset gets the same
    options, so a lesson's clips still join by stream copy."""
    speed = {"preset": SPEED[manim_quality]} if manim_quality in SPEED else {}
    config.video_encoder_options = {**config.video_encoder_options, **NO_REORDERING, **speed}


def add_faststart() -> None:
    """Make manim mux the final mp4 with its index first, so browsers play it while loading."""
    import av
    from manim.scene import scene_file_writer

    class AvWithFaststart:
        def __getattr__(self, name: str) -> Any:
            return getattr(av, name)

        def open(self, file: Any, mode: str = "r", **kwargs: Any) -> Any:
            if mode == "w" and str(file).endswith(".mp4"):
                options = dict(kwargs.pop("options", None) or {})
                options["movflags"] = "+faststart"
                kwargs["options"] = options
            return av.open(file, mode, **kwargs)  # pyright: ignore[reportCallIssue, reportArgumentType]

    scene_file_writer.av = AvWithFaststart()  # type: ignore[attr-defined]


def hold_last_frame(scene_class: Any, min_duration_s: float) -> None:
    """A scene that only adds objects (a still image) becomes a short clip of its last frame,
    and a scene shorter than `min_duration_s` (its narration) holds its last frame that long."""
    construct = scene_class.construct

    def construct_then_hold(self: Any) -> None:
        construct(self)
        if self.renderer.num_plays == 0:
            self.wait(STILL_SCENE_SECONDS)
        if (short_by := min_duration_s - float(self.renderer.time)) > HOLD_TOLERANCE_S:
            _holding[0] = True
            try:
                self.wait(short_by)
            finally:
                _holding[0] = False

    scene_class.construct = construct_then_hold


def encode_repeats_once() -> None:
    """A frame shown N times (every wait, and the narration's hold) is converted from RGBA to the
    encoder's pixel format once, not N times: about half the cost of a held second. The frames
    and their timestamps are what manim writes, so the encoded video is the same.

    The narration's hold goes further, when B-frames are off: the frame is encoded at its
    first tick and at its last, and the player shows the first until the last (the same
    picture for the same time, without encoding every tick between)."""
    from fractions import Fraction

    import av
    from manim.scene.video_segment_encoder import VideoSegmentEncoder

    write_frame = VideoSegmentEncoder.write_frame
    if not all(hasattr(VideoSegmentEncoder, n) for n in ("_validate_frame", "_operation_error")):
        return  # another manim: keep its own way

    def write_once(self: Any, pixels: Any, *, repeat: int = 1) -> None:
        if repeat == 1:
            return write_frame(self, pixels, repeat=repeat)
        self._validate_frame(pixels, repeat)
        rate = self.spec.frame_rate
        first = self._next_pts
        ticks = range(repeat)
        if _holding[0] and _in_order(self.spec) and repeat > 2:
            ticks = range(0, repeat, repeat - 1)  # the first and the last
        try:
            frame = av.VideoFrame.from_ndarray(pixels, format="rgba").reformat(
                format=self._stream.pix_fmt, width=self._stream.width, height=self._stream.height
            )
            for tick in ticks:
                frame.pts = first + tick
                frame.time_base = Fraction(rate.denominator, rate.numerator)
                for packet in self._stream.encode(frame):
                    self._container.mux(packet)
            self._next_pts = first + repeat
        except BaseException as error:
            raise self._operation_error("encode", error) from error

    VideoSegmentEncoder.write_frame = write_once  # type: ignore[method-assign]


def _in_order(spec: Any) -> bool:
    """Whether the segment's frames are decoded in the order shown (no B-frames)."""
    options = dict(spec.options)
    return spec.codec == "libx264" and options.get("bf") == NO_REORDERING["bf"]
