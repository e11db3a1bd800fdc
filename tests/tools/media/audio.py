"""Audio measurements for tests, with ffmpeg/ffprobe (independent of the product's code)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

_MEAN = re.compile(r"mean_volume:\s*(-?[\d.]+|-inf) dB")


def mean_volume_db(path: Path, start_s: float = 0.0, seconds: float | None = None) -> float:
    """ffmpeg volumedetect's mean volume of [start_s, start_s + seconds); -inf for silence."""
    window = ["-ss", f"{start_s:.3f}"] + (["-t", f"{seconds:.3f}"] if seconds else [])
    run = subprocess.run(
        ["ffmpeg", "-v", "info", "-nostdin", *window, "-i", str(path), "-map", "0:a:0",
         "-af", "volumedetect", "-f", "null", "-"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    found = _MEAN.search(run.stderr)
    assert found, run.stderr[-2000:]
    return float(found.group(1))


def audio_streams(path: Path) -> list[dict[str, str]]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "a", "-show_entries",
         "stream=codec_name,sample_rate,channels,duration", "-of", "json", str(path)],
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)["streams"]


def video_md5(path: Path) -> str:
    """A digest of the video stream's packets: equal iff the stream was copied bit for bit."""
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-i", str(path), "-map", "0:v:0", "-c", "copy",
         "-f", "md5", "-"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return out.stdout.strip()


def sine_wav(path: Path, seconds: float, rate: int = 24_000) -> bytes:
    """A real WAV of a tone (what a speech server might send back)."""
    subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi",
         "-i", f"sine=frequency=440:sample_rate={rate}:duration={seconds}",
         "-c:a", "pcm_s16le", str(path)],
        check=True, timeout=30,
    )  # fmt: skip
    return path.read_bytes()


_SILENCE = re.compile(r"silence_(start|end):\s*(-?[\d.]+)")


def silences(path: Path, noise_db: float = -45.0, min_s: float = 0.2) -> list[tuple[float, float]]:
    """ffmpeg silencedetect's silent intervals of the audio (the last may run to the end)."""
    run = subprocess.run(
        ["ffmpeg", "-v", "info", "-nostdin", "-i", str(path), "-map", "0:a:0",
         "-af", f"silencedetect=noise={noise_db}dB:d={min_s}", "-f", "null", "-"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    found: list[tuple[float, float]] = []
    start: float | None = None
    for kind, value in _SILENCE.findall(run.stderr):
        if kind == "start":
            start = max(0.0, float(value))
        elif start is not None:
            found.append((start, float(value)))
            start = None
    if start is not None:
        found.append((start, media_duration_s(path)))
    return found


def speech_in(window: tuple[float, float], quiet: list[tuple[float, float]]) -> float:
    """Seconds of `window` that are not in any of the `quiet` intervals."""
    start, end = window
    silent = sum(max(0.0, min(end, b) - max(start, a)) for a, b in quiet)
    return max(0.0, end - start - silent)


def media_duration_s(path: Path) -> float:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", str(path)],
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    return float(json.loads(out.stdout)["format"]["duration"])


def video_packets(path: Path) -> list[str]:
    """Each video packet's md5, in order: a stitched stream copied from its clips is exactly
    their packets one after another."""
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-i", str(path), "-map", "0:v:0", "-c", "copy",
         "-f", "framemd5", "-"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return [line.rsplit(",", 1)[1].strip() for line in out.stdout.splitlines() if line[:1] != "#"]


def subtitle_cues(video: Path) -> list[tuple[float, float, str]]:
    """The subtitle track's cues as (start_s, end_s, text)."""
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-i", str(video), "-map", "0:s:0", "-f", "webvtt", "-"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    cues: list[tuple[float, float, str]] = []
    blocks = out.stdout.split("\n\n")
    for block in blocks:
        lines = block.strip().splitlines()
        timing = next((n for n, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue
        start, end = (_seconds(t.split()[0]) for t in lines[timing].split("-->"))
        cues.append((start, end, " ".join(lines[timing + 1 :])))
    return cues


def _seconds(stamp: str) -> float:
    parts = [float(p) for p in stamp.strip().split(":")]
    return sum(value * 60**power for power, value in enumerate(reversed(parts)))


def plain_video(path: Path, seconds: float = 1.0) -> Path:
    """A small H.264 mp4 without audio, as the renderer makes them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi",
         "-i", f"color=c=black:s=64x64:r=15:d={seconds}", "-c:v", "libx264",
         "-pix_fmt", "yuv420p", str(path)],
        check=True, timeout=30,
    )  # fmt: skip
    return path


def audio_md5(path: Path, seconds: float) -> str:
    """A digest of the first `seconds` of the decoded audio: equal iff the same sound."""
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-i", str(path), "-map", "0:a:0", "-t",
         f"{seconds:.3f}", "-f", "md5", "-"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return out.stdout.strip()
