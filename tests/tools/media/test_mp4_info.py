"""The pure-Python mp4 reader agrees with ffprobe and refuses malformed input cleanly."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

from tests.tools.media.helpers import index_comes_first, probe_video
from tools.media.mp4_info import Mp4Error, read_mp4_info


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Real H.264 clips of several sizes and rates, with and without faststart."""
    out = tmp_path_factory.mktemp("clips")
    made = []
    for name, size, rate, seconds, faststart in [
        ("low", "854x480", 15, 2, True),
        ("high", "1920x1080", 60, 1, True),
        ("slow-start", "640x360", 30, 1.5, False),
    ]:
        path = out / f"{name}.mp4"
        subprocess.run(
            ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", f"testsrc=size={size}:rate={rate}",
             "-t", str(seconds), "-c:v", "libx264", "-pix_fmt", "yuv420p",
             *(["-movflags", "+faststart"] if faststart else []), str(path)],
            check=True,
        )  # fmt: skip
        made.append(path)
    return made


def extradata_size(clip: Path) -> int:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=extradata_size", "-of", "default=nw=1:nk=1", str(clip)],
        capture_output=True, text=True, check=True, timeout=30,
    )  # fmt: skip
    return int(out.stdout.strip())


def test_matches_ffprobe(clips: list[Path]) -> None:
    for clip in clips:
        ours, theirs = read_mp4_info(clip), probe_video(clip)
        assert ours.codec == "avc1" and theirs.codec == "h264"
        assert (ours.width, ours.height) == (theirs.width, theirs.height)
        assert ours.fps == pytest.approx(theirs.fps, rel=0.01)
        assert ours.duration_s == pytest.approx(theirs.duration_s, abs=0.05)
        assert ours.index_first == index_comes_first(clip)
        # The avcC box: configurationVersion 1, then the profile ffprobe names.
        assert ours.codec_config[0] == 1 and len(ours.codec_config) == extradata_size(clip)
    assert [read_mp4_info(c).index_first for c in clips] == [True, True, False]


def test_garbage_and_truncation_raise_mp4error(clips: list[Path], tmp_path: Path) -> None:
    data = clips[0].read_bytes()
    rng = random.Random(7)
    cases = [b"", b"not an mp4 at all", data[:100], data[: len(data) // 3]]
    for _ in range(200):  # random byte flips inside the index
        mutated = bytearray(data[:4096])
        for _ in range(8):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        cases.append(bytes(mutated))
    refused = []
    for i, case in enumerate(cases):
        path = tmp_path / f"case{i}.mp4"
        path.write_bytes(case)
        try:  # the only acceptable failure: Mp4Error (no crash, hang or other exception)
            read_mp4_info(path)
        except Mp4Error:
            refused.append(i)
    assert refused[:4] == [0, 1, 2, 3], "empty, garbage and truncated files must be refused"
