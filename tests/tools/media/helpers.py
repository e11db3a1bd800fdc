"""Independent checks of rendered media with ffprobe, for tests (the product parses mp4 itself)."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path


@dataclass(frozen=True)
class VideoInfo:
    codec: str
    width: int
    height: int
    fps: float
    duration_s: float
    pix_fmt: str
    profile: str


def probe_video(path: Path) -> VideoInfo:
    ffprobe = shutil.which("ffprobe")
    assert ffprobe is not None, "ffprobe (ffmpeg) is not installed; run `make setup`"
    out = subprocess.run(
        [
            ffprobe, "-v", "error", "-select_streams", "v:0",
            "-show_entries", "stream=codec_name,width,height,avg_frame_rate,pix_fmt,profile:format=duration",
            "-of", "json", str(path),
        ],
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    data = json.loads(out.stdout)
    stream = data["streams"][0]
    return VideoInfo(
        codec=stream["codec_name"],
        width=int(stream["width"]),
        height=int(stream["height"]),
        fps=float(Fraction(stream["avg_frame_rate"])),
        duration_s=float(data["format"]["duration"]),
        pix_fmt=stream.get("pix_fmt", ""),
        profile=stream.get("profile", ""),
    )


def index_comes_first(path: Path) -> bool:
    """True when the mp4's `moov` box precedes `mdat` (faststart: playable while loading)."""
    with path.open("rb") as f:
        while header := f.read(8):
            if len(header) < 8:
                return False
            size = int.from_bytes(header[:4], "big")
            box = header[4:8]
            if box == b"moov":
                return True
            if box == b"mdat":
                return False
            if size == 1:
                size = int.from_bytes(f.read(8), "big") - 8
            elif size < 8:
                return False
            f.seek(size - 8, 1)
    return False


def is_png(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(8) == b"\x89PNG\r\n\x1a\n"


def is_running(pid: int) -> bool:
    """Alive and not a zombie."""
    try:
        return "\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
