"""Reads what a rendered mp4 really is, in pure Python.

The file comes out of the sandbox, so it is attacker-controlled: parsing it with a C library in
the (unsandboxed) parent would expose that library's bugs. This parser only reads the few boxes
needed to check the preset's caps — size, frame rate, duration, codec, box order — with every
length bounds-checked. It is also ~50x faster than starting ffprobe.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl"}
MAX_BOXES = 10_000
MAX_MOOV_BYTES = 64 * 1024 * 1024


class Mp4Error(ValueError):
    """The file is not an mp4 this renderer could have produced."""


@dataclass(frozen=True)
class AudioInfo:
    codec: str  # sample entry format, e.g. "mp4a" for AAC
    rate: int  # samples per second


@dataclass(frozen=True)
class Mp4Info:
    codec: str  # sample entry format of the video track, e.g. "avc1" for H.264
    width: int
    height: int
    fps: float
    duration_s: float
    index_first: bool  # moov before mdat: playable while loading (faststart)
    audio: AudioInfo | None = None  # the first audio track, if any
    # The decoder's set-up (H.264: the avcC box, its SPS and PPS). Clips can share one video
    # stream only when theirs are equal: the joined file keeps the first clip's.
    codec_config: bytes = b""


@dataclass
class _Track:
    handler: bytes = b""
    width: int = 0
    height: int = 0
    timescale: int = 0
    duration: int = 0
    samples: int = 0
    codec: str = ""
    rate: int = 0
    codec_config: bytes = b""
    frame_ticks: int = 0  # the most common sample duration: one frame at the nominal rate


def read_mp4_info(path: Path) -> Mp4Info:
    data = path.read_bytes() if path.stat().st_size <= MAX_MOOV_BYTES else _read_moov_only(path)
    boxes = list(_boxes(data, 0, len(data)))
    names = [name for name, _, _ in boxes]
    if b"moov" not in names:
        raise Mp4Error("no moov box")
    index_first = b"mdat" not in names or names.index(b"moov") < names.index(b"mdat")
    _, start, end = boxes[names.index(b"moov")]
    movie_timescale, movie_duration = 0, 0
    tracks: list[_Track] = []
    for name, body, body_end in _boxes(data, start, end):
        if name == b"mvhd":
            movie_timescale, movie_duration = _timescale_duration(data, body, body_end)
        elif name == b"trak":
            tracks.append(_read_track(data, body, body_end))
    video = next((t for t in tracks if t.handler == b"vide"), None)
    if video is None or not (video.timescale and movie_timescale):
        raise Mp4Error("no video track")
    track_seconds = video.duration / video.timescale
    sound = next((t for t in tracks if t.handler == b"soun"), None)
    return Mp4Info(
        codec=video.codec,
        width=video.width,
        height=video.height,
        fps=_frame_rate(video, track_seconds),
        duration_s=movie_duration / movie_timescale,
        index_first=index_first,
        audio=AudioInfo(sound.codec, sound.rate) if sound else None,
        codec_config=video.codec_config,
    )


def _frame_rate(video: _Track, track_seconds: float) -> float:
    """Frames per second at the track's usual frame duration. A held frame (one sample lasting
    seconds, as a narration's hold is written) does not lower it."""
    if video.frame_ticks:
        return video.timescale / video.frame_ticks
    return video.samples / track_seconds if track_seconds > 0 else 0.0


def _read_moov_only(path: Path) -> bytes:
    """For large files: read box headers and keep only the moov box's bytes."""
    with path.open("rb") as f:
        offset = 0
        for _ in range(MAX_BOXES):
            f.seek(offset)
            header = f.read(16)
            if len(header) < 8:
                break
            size, name = struct.unpack(">I4s", header[:8])
            if size == 1 and len(header) == 16:
                size = struct.unpack(">Q", header[8:16])[0]
            if size < 8:
                break
            if name == b"moov":
                if size > MAX_MOOV_BYTES:
                    raise Mp4Error("moov box too large")
                f.seek(offset)
                return f.read(size)
            offset += size
    raise Mp4Error("no moov box")


def _boxes(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(name, body start, body end) of each box in data[start:end]."""
    offset, count = start, 0
    while offset + 8 <= end:
        count += 1
        if count > MAX_BOXES:
            raise Mp4Error("too many boxes")
        size, name = struct.unpack_from(">I4s", data, offset)
        header = 8
        if size == 1:
            if offset + 16 > end:
                raise Mp4Error("truncated box header")
            size = struct.unpack_from(">Q", data, offset + 8)[0]
            header = 16
        elif size == 0:
            size = end - offset
        if size < header or offset + size > end:
            raise Mp4Error(f"bad size for box {name!r}")
        yield name, offset + header, offset + size
        offset += size


def _timescale_duration(data: bytes, body: int, end: int) -> tuple[int, int]:
    """From an mvhd or mdhd body."""
    version = _u8(data, body, end)
    fmt, at = (">IQ", body + 20) if version == 1 else (">II", body + 12)
    timescale, duration = _unpack(fmt, data, at, end)
    return timescale, duration


def _read_track(data: bytes, start: int, end: int) -> _Track:
    track = _Track()
    pending = [(start, end)]
    while pending:
        box_start, box_end = pending.pop()
        for name, body, body_end in _boxes(data, box_start, box_end):
            if name in CONTAINERS:
                pending.append((body, body_end))
            elif name == b"tkhd":
                at = body + (88 if _u8(data, body, body_end) == 1 else 76)
                width, height = _unpack(">II", data, at, body_end)
                track.width, track.height = width >> 16, height >> 16
            elif name == b"hdlr":
                track.handler = data[body + 8 : body + 12]
            elif name == b"mdhd":
                track.timescale, track.duration = _timescale_duration(data, body, body_end)
            elif name == b"stsd":
                track.codec = data[body + 12 : body + 16].decode("latin-1")
                if track.handler == b"vide":
                    track.codec_config = _video_config(data, body + 8, body_end)
                if track.handler == b"soun":
                    # AudioSampleEntry's rate (16.16). Its channel count is not read: ffmpeg
                    # writes 2 there for AAC whatever the stream holds.
                    (rate,) = _unpack(">I", data, body + 40, body_end)
                    track.rate = rate >> 16
            elif name == b"stts":
                (entries,) = _unpack(">I", data, body + 4, body_end)
                if body + 8 + entries * 8 > body_end:
                    raise Mp4Error("truncated stts")
                runs = [struct.unpack_from(">II", data, body + 8 + i * 8) for i in range(entries)]
                track.samples = sum(count for count, _ in runs)
                ticks: dict[int, int] = {}
                for count, delta in runs:
                    ticks[delta] = ticks.get(delta, 0) + count
                track.frame_ticks = max(ticks, key=lambda d: ticks[d], default=0)
    return track


VISUAL_SAMPLE_ENTRY_BYTES = 78  # fields of a VisualSampleEntry before its child boxes
CODEC_CONFIG_BOXES = {b"avcC", b"hvcC", b"av1C", b"vpcC"}


def _video_config(data: bytes, entry: int, end: int) -> bytes:
    """The body of the first sample entry's configuration box (avcC, hvcC, ...)."""
    for _name, body, body_end in _boxes(data, entry, end):
        for child, child_body, child_end in _boxes(
            data, body + VISUAL_SAMPLE_ENTRY_BYTES, body_end
        ):
            if child in CODEC_CONFIG_BOXES:
                return data[child_body:child_end]
        break
    return b""


def _u8(data: bytes, at: int, end: int) -> int:
    if at >= end:
        raise Mp4Error("truncated box")
    return data[at]


def _unpack(fmt: str, data: bytes, at: int, end: int) -> tuple[int, ...]:
    if at + struct.calcsize(fmt) > end:
        raise Mp4Error("truncated box")
    return struct.unpack_from(fmt, data, at)
