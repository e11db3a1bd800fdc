"""The files a stitch's ffmpeg reads (the parts' list, chapters, subtitles) and its command line.

Written into the stitch's private work dir; the command names them there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.media.warm_stitch import STDIN
from tools.media.webvtt import Cue, chapters_vtt, subtitles_vtt

_METADATA_SPECIALS = frozenset("=;#\\\n")


@dataclass(frozen=True)
class Chapter:
    title: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class StitchInputs:
    """Files ffmpeg reads, written into the private work dir."""

    concat_list: Path
    metadata: Path
    subtitles: Path | None  # None when no part has narration
    chapters: Path


def inputs_in(work: Path, subtitles: bool) -> StitchInputs:
    return StitchInputs(
        concat_list=work / "parts.ffconcat",
        metadata=work / "chapters.ffmetadata",
        subtitles=work / "subtitles.vtt" if subtitles else None,
        chapters=work / "chapters.vtt",
    )


def write_inputs(
    work: Path, videos: Sequence[Path], chapters: Sequence[Chapter], cues: Sequence[Cue]
) -> StitchInputs:
    inputs = inputs_in(work, subtitles=bool(cues))
    inputs.concat_list.write_text(concat_list(videos), encoding="utf-8")
    inputs.metadata.write_text(_ffmetadata(chapters), encoding="utf-8")
    inputs.chapters.write_text(
        chapters_vtt([Cue(c.start_s, c.end_s, c.title) for c in chapters]), encoding="utf-8"
    )
    if inputs.subtitles is not None:
        inputs.subtitles.write_text(subtitles_vtt(cues), encoding="utf-8")
    return inputs


def empty_vtt(work: Path) -> Path:
    path = work / "empty.vtt"
    path.write_text(subtitles_vtt([]), encoding="utf-8")
    return path


def concat_list(videos: Sequence[Path], protocol: str = "") -> str:
    """An ffconcat script; absolute paths (hence `-safe 0`), single-quoted. Read from stdin,
    its paths need the `file:` protocol (the script's own, a pipe, is not allowed for them)."""
    lines = ["ffconcat version 1.0"]
    lines += [f"file {_quote(protocol + str(video.resolve()))}" for video in videos]
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    # Inside '...' nothing is special; a quote closes, is escaped on its own, and reopens.
    return "'" + text.replace("'", "'\\''") + "'"


def _ffmetadata(chapters: Sequence[Chapter]) -> str:
    blocks = [";FFMETADATA1"]
    for chapter in chapters:
        blocks.append(
            "[CHAPTER]\nTIMEBASE=1/1000\n"
            f"START={round(chapter.start_s * 1000)}\nEND={round(chapter.end_s * 1000)}\n"
            f"title={_escape_metadata(chapter.title)}"
        )
    return "\n".join(blocks) + "\n"


def _escape_metadata(text: str) -> str:
    """A value for an ffmetadata file, read back by ffmpeg as exactly `text` where it can be."""
    # ffmpeg ends a line at an unescaped CR or NUL too: keep newlines as LF, drop NULs.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "")
    escaped = "".join("\\" + ch if ch in _METADATA_SPECIALS else ch for ch in text)
    # ffmpeg 5.1 reads an escaped backslash just before the line end as a line continuation
    # and swallows the next line; a trailing space keeps the line (and the chapters) intact.
    return escaped + " " if text.endswith("\\") else escaped


def stitch_command(
    ffmpeg: str,
    sources: tuple[list[str], list[str]],
    metadata_index: int,
    inputs: StitchInputs,
    out: Path,
    language: str,
) -> list[str]:
    """The stitch: `sources` (the parts' inputs and maps), then chapters and subtitles, read
    as inputs `metadata_index` and the one after it."""
    video_in, video_out = sources
    command = [ffmpeg, "-v", "error", "-y", "-nostdin", *video_in]
    command += ["-f", "ffmetadata", "-i", str(inputs.metadata)]
    subtitle_out: list[str] = []
    if inputs.subtitles is not None:
        command += ["-f", "webvtt", "-i", str(inputs.subtitles)]
        subtitle_out = [
            "-map", f"{metadata_index + 1}:s:0", "-c:s", "mov_text",
            "-metadata:s:s:0", f"language={language}",
            "-metadata:s:s:0", "handler_name=Narration",
        ]  # fmt: skip
    return [
        *command,
        *video_out,
        *subtitle_out,
        "-map_metadata", str(metadata_index), "-map_chapters", str(metadata_index),
        "-movflags", "+faststart", "-f", "mp4", str(out),
    ]  # fmt: skip


def copy_sources(concat_list: str, audio: bool) -> tuple[list[str], list[str]]:
    # A list read from stdin opens files: allowed explicitly (a file's list allows them). And
    # ffmpeg 5.1 reads a pipe input in a thread of its own that it polls every 10 ms while that
    # thread's queue (8 packets by default) is empty: 2.8 s for a 44 s lesson, against 20 ms
    # with room for a lesson's packets.
    allowed = (
        ["-protocol_whitelist", "file,pipe", "-thread_queue_size", "4096"]
        if concat_list == STDIN
        else []
    )
    return (
        ["-f", "concat", "-safe", "0", *allowed, "-i", concat_list],
        ["-map", "0:v:0", "-c:v", "copy", *(["-map", "0:a:0", "-c:a", "copy"] if audio else [])],
    )
