"""The runner's held frames: converted once, encoded to exactly what manim itself writes."""

from __future__ import annotations

import hashlib
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene.video_segment_encoder import VideoSegmentEncoder

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


def segment(path: Path) -> str:
    frame = np.zeros((180, 320, 4), np.uint8)
    frame[40:120, 60:200] = (200, 60, 40, 255)
    frame[..., 3] = 255
    frame[10:14, :, :3] = (np.arange(320) % 251)[None, :, None]  # a gradient: real conversion work
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
