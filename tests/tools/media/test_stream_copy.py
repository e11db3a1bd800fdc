"""The in-process copy of a clip and its kept narration track writes what `ffmpeg -c copy`
writes: the same packets in the same order and the same edit lists (the AAC priming a lesson's
stitching and captions depend on), except at the cut, where its audio ends with the video as an
encode's does (ffmpeg's copy runs 10 ms past). Real ffmpeg makes the inputs and the reference."""

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


def _edit_lists(path: Path) -> list[tuple[int, int]]:
    """Each track's one-entry `elst` box: (how long it plays in ms, where in its media it starts:
    AAC's priming is skipped there)."""
    data, entries, at = path.read_bytes(), [], 0
    while (at := data.find(b"elst", at + 1)) > 0:
        assert data[at + 4 : at + 12] == bytes(7) + b"\x01"  # version 0, one entry
        duration, start = (int.from_bytes(data[i : i + 4], "big") for i in (at + 12, at + 16))
        entries.append((duration, start))
    return entries


def _durations(path: Path) -> list[str]:
    return subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,duration:format=duration",
         "-of", "csv", str(path)], capture_output=True, text=True, check=True, timeout=60,
    ).stdout.splitlines()  # fmt: skip


def test_the_copy_holds_what_ffmpeg_stream_copy_writes(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    clip, track = inputs
    reference, copied = tmp_path / "ffmpeg.mp4", tmp_path / "copied.mp4"
    _run("-i", str(clip), "-i", str(track), "-map", "0:v:0", "-map", "1:a:0", "-c", "copy",
         "-t", "12.000", "-map_metadata", "0", "-movflags", "+faststart", str(reference))  # fmt: skip
    copy_streams(clip, track, copied, 12.0)
    ours, theirs = _packets(copied), _packets(reference)
    assert len([p for p in ours if p.startswith("packet,1,")]) > 500  # the audio is there
    # The same packets, but for the duration of the last audio one: cut to end at 12.0 s.
    last = max(i for i, p in enumerate(ours) if p.startswith("packet,1,"))
    assert ours[:last] + ours[last + 1 :] == theirs[:last] + theirs[last + 1 :]
    _, _, pts, _, duration = ours[last].split(",")[:5]
    assert int(pts) + int(duration) == 12 * 48_000
    assert ours[last].split(",")[5:] == theirs[last].split(",")[5:]  # the same frame's bytes
    (video, audio), (their_video, their_audio) = _edit_lists(copied), _edit_lists(reference)
    assert video == their_video == (12_000, 0)
    assert audio == (12_000, 1024) and their_audio == (12_010, 1024)  # the priming skipped
    assert _durations(copied) == [
        "stream,video,12.000000", "stream,audio,12.000000", "format,12.000000",
    ]  # fmt: skip
    info = read_mp4_info(copied)
    assert info.index_first and info.audio is not None
    tags = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format_tags=comment", "-of", "csv=p=0",
         str(copied)], capture_output=True, text=True, check=True, timeout=60,
    ).stdout.strip()  # fmt: skip
    assert tags == "Rendered with Manim"  # the clip's metadata is kept, as -map_metadata 0


def test_a_track_without_audio_is_a_clear_error(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    clip, _ = inputs
    with pytest.raises(StreamCopyError, match=r"cannot copy clip\.mp4 and clip\.mp4"):
        copy_streams(clip, clip, tmp_path / "out.mp4", 12.0)
