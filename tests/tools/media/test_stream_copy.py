"""The in-process copy of a clip and its kept narration track writes what `ffmpeg -c copy`
writes: the same packets in the same order and the same edit lists (the AAC priming a lesson's
stitching and captions depend on). Real ffmpeg makes the inputs and the reference."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tools.media.mp4_info import read_mp4_info
from tools.media.stream_copy import StreamCopyError, copy_streams

FFMPEG = ["ffmpeg", "-v", "error", "-nostdin", "-y"]


def _run(*args: str) -> None:
    subprocess.run([*FFMPEG, *args], check=True, timeout=60)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A 12 s silent H.264 clip (with the comment tag manim writes) and a 13 s AAC track: longer
    than the 10 s the muxer buffers, so packets written out of time order would show."""
    out = tmp_path_factory.mktemp("copy")
    clip, track = out / "clip.mp4", out / "track.m4a"
    _run("-f", "lavfi", "-i", "testsrc=size=320x180:rate=15", "-t", "12", "-c:v", "libx264",
         "-bf", "0", "-pix_fmt", "yuv420p", "-metadata", "comment=Rendered with Manim",
         "-movflags", "+faststart", str(clip))  # fmt: skip
    _run("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "13", "-ac", "1",
         "-c:a", "aac", "-b:a", "96k", str(track))  # fmt: skip
    return clip, track


def _packets(path: Path) -> list[str]:
    """Every packet's stream, timing, flags and a digest of its bytes, in file order."""
    return subprocess.run(
        ["ffprobe", "-v", "error", "-show_data_hash", "md5", "-show_entries",
         "packet=stream_index,pts,dts,duration,flags,size,data_hash", "-of", "csv", str(path)],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout.splitlines()  # fmt: skip


def _edit_lists(path: Path) -> list[bytes]:
    """The raw `elst` boxes: where each track's presentation starts (AAC's priming)."""
    data, boxes, at = path.read_bytes(), [], 0
    while (at := data.find(b"elst", at + 1)) > 0:
        size = int.from_bytes(data[at - 4 : at], "big")
        boxes.append(data[at - 4 : at - 4 + size])
    return boxes


def test_the_copy_holds_what_ffmpeg_stream_copy_writes(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    clip, track = inputs
    reference, copied = tmp_path / "ffmpeg.mp4", tmp_path / "copied.mp4"
    _run("-i", str(clip), "-i", str(track), "-map", "0:v:0", "-map", "1:a:0", "-c", "copy",
         "-t", "12.000", "-map_metadata", "0", "-movflags", "+faststart", str(reference))  # fmt: skip
    copy_streams(clip, track, copied, 12.0)
    assert _packets(copied) == _packets(reference)
    assert len([p for p in _packets(copied) if p.startswith("packet,1,")]) > 500  # audio there
    assert _edit_lists(copied) == _edit_lists(reference)
    assert len(_edit_lists(copied)) == 2  # one per track; the audio's skips the priming
    info = read_mp4_info(copied)
    assert info.index_first and info.audio is not None
    assert info.duration_s == pytest.approx(12.0, abs=0.05)  # as ffmpeg: audio ends a frame past
    tags = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format_tags=comment", "-of", "csv=p=0",
         str(copied)], capture_output=True, text=True, check=True, timeout=60,
    ).stdout.strip()  # fmt: skip
    assert tags == "Rendered with Manim"  # the clip's metadata is kept, as -map_metadata 0


def test_a_track_without_audio_is_a_clear_error(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    clip, _ = inputs
    with pytest.raises(StreamCopyError, match=r"cannot copy clip\.mp4 and clip\.mp4"):
        copy_streams(clip, clip, tmp_path / "out.mp4", 12.0)
