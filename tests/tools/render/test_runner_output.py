"""The runner's held frames: converted once, encoded to exactly what manim itself writes; the
narration's hold written as one long frame when B-frames are off."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from tools.media.mp4_info import read_mp4_info
from tools.render import runner_output

SPEC = VideoEncoderSpec(
    container_format="mp4",
    codec="libx264",
    pixel_format="yuv420p",
    width=320,
    height=180,
    frame_rate=Fraction(15),
    options=(("crf", "23"),),
)


def picture() -> np.ndarray:
    frame = np.zeros((180, 320, 4), np.uint8)
    frame[40:120, 60:200] = (200, 60, 40, 255)
    frame[..., 3] = 255
    frame[10:14, :, :3] = (np.arange(320) % 251)[None, :, None]  # a gradient: real conversion work
    return frame


def segment(path: Path) -> str:
    frame = picture()
    encoder = VideoSegmentEncoder(target=path, spec=SPEC)
    encoder.write_frame(frame)
    encoder.write_frame(frame.copy(), repeat=45)  # a 3 s wait
    encoder.finish()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_held_frame_encodes_to_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(VideoSegmentEncoder, "write_frame", VideoSegmentEncoder.write_frame)
    manims = segment(tmp_path / "manim.mp4")
    runner_output.encode_repeats_once()
    assert VideoSegmentEncoder.write_frame.__name__ == "write_once"
    assert segment(tmp_path / "once.mp4") == manims


NO_B_FRAMES = replace(SPEC, options=(("bf", "0"), ("crf", "23")))
HOLD_TICKS = 45  # 3 s at 15 fps


def held_segment(path: Path, spec: VideoEncoderSpec, holding: bool) -> None:
    """One frame, then the same frame held for 3 s: as the narration's hold or as a wait."""
    frame = picture()
    encoder = VideoSegmentEncoder(target=path, spec=spec)
    encoder.write_frame(frame)
    runner_output._holding[0] = holding
    try:
        encoder.write_frame(frame.copy(), repeat=HOLD_TICKS)
    finally:
        runner_output._holding[0] = False
    encoder.finish()


def shown_at_each_tick(path: Path) -> list[np.ndarray]:
    """The picture a player shows at each 1/15 s tick: the last frame decoded at or before it."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = [(f.pts, f.to_ndarray(format="rgb24")) for f in container.decode(stream)]
    rate = SPEC.frame_rate
    ticks = int(float(stream.duration * stream.time_base) * rate)
    shown = []
    for tick in range(ticks):
        at = Fraction(tick, 1) / rate
        shown.append([pixels for pts, pixels in frames if pts * stream.time_base <= at][-1])
    return shown


def packets(path: Path) -> list[av.Packet]:
    with av.open(str(path)) as container:
        return [p for p in container.demux(video=0) if p.size]


def test_the_narrations_hold_is_one_long_frame_showing_the_same_picture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(VideoSegmentEncoder, "write_frame", VideoSegmentEncoder.write_frame)
    held_segment(tmp_path / "ticks.mp4", NO_B_FRAMES, holding=False)
    runner_output.encode_repeats_once()
    held_segment(tmp_path / "held.mp4", NO_B_FRAMES, holding=True)
    assert len(packets(tmp_path / "ticks.mp4")) == 1 + HOLD_TICKS
    assert len(packets(tmp_path / "held.mp4")) == 1 + 2  # the hold's first tick and its last
    info = read_mp4_info(tmp_path / "held.mp4")
    assert info.duration_s == pytest.approx(read_mp4_info(tmp_path / "ticks.mp4").duration_s)
    assert info.fps == 15  # one long frame does not lower the rate the clip is made at
    ticks, held = (
        shown_at_each_tick(tmp_path / "ticks.mp4"),
        shown_at_each_tick(tmp_path / "held.mp4"),
    )
    assert len(held) == len(ticks) == 1 + HOLD_TICKS
    for a, b in zip(ticks, held, strict=True):  # the same picture at every tick (lossy codec)
        assert np.abs(a.astype(int) - b.astype(int)).mean() < 1.0


def test_with_b_frames_the_hold_is_written_tick_by_tick(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(VideoSegmentEncoder, "write_frame", VideoSegmentEncoder.write_frame)
    runner_output.encode_repeats_once()
    held_segment(tmp_path / "held.mp4", SPEC, holding=True)  # manim's default: B-frames on
    assert len(packets(tmp_path / "held.mp4")) == 1 + HOLD_TICKS
