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


def wav_duration_s(path: Path) -> float:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", str(path)],
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    return float(json.loads(out.stdout)["format"]["duration"])


def sine_wav(path: Path, seconds: float, rate: int = 24_000) -> bytes:
    """A real WAV of a tone (what a speech server might send back)."""
    subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi",
         "-i", f"sine=frequency=440:sample_rate={rate}:duration={seconds}",
         "-c:a", "pcm_s16le", str(path)],
        check=True, timeout=30,
    )  # fmt: skip
    return path.read_bytes()
