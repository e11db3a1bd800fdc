"""How the runner shapes the video file: index first, a last frame held for the narration, and
held frames encoded without converting the same picture again for each one.

Copied next to the runner (scene_runner.py loads it by path) and run inside the sandbox.
"""

from __future__ import annotations

from typing import Any

STILL_SCENE_SECONDS = 1.0
HOLD_TOLERANCE_S = 0.02  # under a frame at every preset: not worth a wait


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
            self.wait(short_by)

    scene_class.construct = construct_then_hold


def encode_repeats_once() -> None:
    """A frame shown N times (every wait, and the narration's hold) is converted from RGBA to the
    encoder's pixel format once, not N times: about half the cost of a held second. The frames
    and their timestamps are what manim writes, so the encoded video is the same."""
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
        try:
            frame = av.VideoFrame.from_ndarray(pixels, format="rgba").reformat(
                format=self._stream.pix_fmt, width=self._stream.width, height=self._stream.height
            )
            for _ in range(repeat):
                frame.pts = self._next_pts
                frame.time_base = Fraction(rate.denominator, rate.numerator)
                self._next_pts += 1
                for packet in self._stream.encode(frame):
                    self._container.mux(packet)
        except BaseException as error:
            raise self._operation_error("encode", error) from error

    VideoSegmentEncoder.write_frame = write_once  # type: ignore[method-assign]
