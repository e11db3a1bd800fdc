"""Stitch a lesson's scene clips into one mp4 with chapters and narration subtitles.

Clips of one quality preset share their encoder settings (see `tools.media.quality`), and narrated
clips share one audio format (see `tools.media.narration_mux`), so the common case is a single
ffmpeg run that copies the video and audio streams: no re-encode, ~0.1 s for a lesson.
Only parts whose streams differ (mixed quality, some narrated and some not) fall back to a
re-encode.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.media.mp4_info import AudioInfo, Mp4Error, Mp4Info, read_mp4_info
from tools.media.programs import run_program
from tools.media.quality import PRESETS
from tools.media.reencode import reencode_args
from tools.media.stitch_files import (
    Chapter,
    concat_list,
    copy_sources,
    empty_vtt,
    inputs_in,
    stitch_command,
    write_inputs,
)
from tools.media.warm_stitch import STDIN, WarmStitch
from tools.media.webvtt import Cue, narration_cues, spoken_cues

log = logging.getLogger(__name__)

FFMPEG_MISSING = "ffmpeg is not installed, so the lesson cannot be stitched: run `make setup`."
STDERR_TAIL_LINES = 12
FALLBACK_FPS = 30
FPS_TOLERANCE = 0.15
PRESET_FPS = sorted({quality.fps for quality in PRESETS.values()})


Spans = Sequence[tuple[float, float, str]]  # (start_s, end_s, sentence) of each sentence heard


@dataclass(frozen=True)
class ClipPart:
    title: str  # chapter title
    video: Path  # an H.264 mp4 from the renderer
    narration: str  # 0-3 sentences, shown as subtitles during this part
    # When the part is narrated: when each sentence is spoken, in seconds from the part's start
    # (a `Speech`'s spans); the subtitles then follow the voice instead of being spread evenly.
    spans: Spans | None = None


@dataclass(frozen=True)
class Assembly:
    video: Path
    chapters_vtt: Path
    subtitles_vtt: Path
    chapters: list[Chapter]
    duration_s: float
    reencoded: bool  # True only when the parts' streams differed and had to be re-encoded


class AssemblyError(RuntimeError):
    """ffmpeg is missing or failed; the message says what to do."""


async def start_stitch(parent: Path, *, language: str = "und") -> WarmStitch | None:
    """An ffmpeg for the next usual stitch, started now, its work dir under `parent` (on the
    file system of the stitch's outputs); None without ffmpeg (`assemble` then says so)."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=parent.resolve(), prefix=".stitch-"))
    inputs = inputs_in(work, subtitles=True)
    command = stitch_command(
        ffmpeg, copy_sources(STDIN, audio=True), 1, inputs, work / "lesson.mp4", language
    )
    try:
        return await WarmStitch.start(command, work, language)
    except OSError:
        shutil.rmtree(work, ignore_errors=True)
        raise


async def assemble(
    parts: Sequence[ClipPart],
    out_dir: Path,
    name: str = "lesson",
    *,
    language: str = "und",
    warm: WarmStitch | None = None,
) -> Assembly:
    """Write `{name}.mp4`, `{name}.chapters.vtt` and `{name}.vtt` into `out_dir`, atomically.

    `language` is the ISO 639-2 code stored on the embedded subtitle stream. `warm`, from
    `start_stitch`, does the stitch if it can; it is used up either way.
    """
    try:
        return await _assemble(parts, out_dir, name, language, warm)
    finally:
        if warm is not None:
            await warm.discard()


async def _assemble(
    parts: Sequence[ClipPart],
    out_dir: Path,
    name: str,
    language: str,
    warm: WarmStitch | None,
) -> Assembly:
    if not parts:
        raise ValueError("assemble() needs at least one part")
    _check_name(name)
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise AssemblyError(FFMPEG_MISSING)
    start = time.monotonic()
    infos = [_part_info(i, part) for i, part in enumerate(parts, 1)]
    chapters = _chapters(parts, infos)
    cues = [
        cue for part, chapter in zip(parts, chapters, strict=True) for cue in _cues(part, chapter)
    ]
    reencode = not _streams_match(infos)
    if reencode:
        log.warning(
            "lesson parts differ in codec/size/frame rate/audio (%s); re-encoding, not copying",
            ", ".join(
                f"{i.codec} {i.width}x{i.height}@{_nominal_fps(i.fps)} {_audio_name(i.audio)}"
                for i in infos
            ),
        )
    out_dir = out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    final = Assembly(
        video=out_dir / f"{name}.mp4",
        chapters_vtt=out_dir / f"{name}.chapters.vtt",
        subtitles_vtt=out_dir / f"{name}.vtt",
        chapters=chapters,
        duration_s=chapters[-1].end_s,
        reencoded=reencode,
    )
    audio = infos[0].audio is not None
    if warm is not None and not warm.serves(
        copy=not reencode, audio=audio, subtitles=bool(cues), language=language
    ):
        warm = None
    # Everything is built in a private dir on the outputs' file system (beside them, or the
    # warm ffmpeg's), so each output is moved into place whole.
    work = warm.work if warm else Path(tempfile.mkdtemp(dir=out_dir, prefix=f".{name}-"))
    try:
        inputs = write_inputs(work, [part.video for part in parts], chapters, cues)
        video = work / "lesson.mp4"
        sources = (
            _reencode(parts, infos) if reencode else copy_sources(str(inputs.concat_list), audio)
        )
        command = stitch_command(
            ffmpeg, sources, len(parts) if reencode else 1, inputs, video, language
        )
        ahead = warm is not None and await _ran_warm(warm, parts)
        if not ahead:
            await _run_ffmpeg(command)
        os.replace(inputs.chapters, final.chapters_vtt)
        os.replace(inputs.subtitles or empty_vtt(work), final.subtitles_vtt)
        os.replace(video, final.video)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log.info(
        "assembled %d part(s) into %s (%.1f s, %s%s) in %.2f s",
        len(parts),
        final.video,
        final.duration_s,
        "re-encoded" if reencode else "stream copy",
        ", ffmpeg started ahead" if ahead else "",
        time.monotonic() - start,
    )
    return final


async def _ran_warm(warm: WarmStitch, parts: Sequence[ClipPart]) -> bool:
    """Whether the warm ffmpeg made the lesson; when it did not, the reason is logged."""
    done = await warm.run(concat_list([part.video for part in parts], protocol="file:"))
    if done.returncode == 0:
        return True
    log.warning("the ffmpeg started ahead failed; stitching again: %s", done.tail(3))
    return False


def _check_name(name: str) -> None:
    if not name or name.startswith(".") or "/" in name or "\\" in name or "\0" in name:
        raise ValueError(f"bad output name {name!r}: use a plain file name such as 'lesson'")


def _part_info(n: int, part: ClipPart) -> Mp4Info:
    if "\n" in str(part.video) or "\r" in str(part.video):
        # The concat list is line based; such a path cannot be written into it.
        raise ValueError(f"part {n} ({part.title!r}): the video path contains a line break")
    try:
        return read_mp4_info(part.video)
    except (Mp4Error, OSError) as exc:
        raise AssemblyError(
            f"part {n} ({part.title!r}): cannot read {part.video} ({exc}); render the scene again"
        ) from exc


def _chapters(parts: Sequence[ClipPart], infos: Sequence[Mp4Info]) -> list[Chapter]:
    """Back-to-back chapters; bounds are rounded once, cumulatively, so they never drift."""
    bounds_ms = [0]
    total = 0.0
    for info in infos:
        total += info.duration_s
        bounds_ms.append(round(total * 1000))
    return [
        Chapter(part.title, bounds_ms[i] / 1000, bounds_ms[i + 1] / 1000)
        for i, part in enumerate(parts)
    ]


def _cues(part: ClipPart, chapter: Chapter) -> list[Cue]:
    if part.spans is not None:
        return spoken_cues(part.spans, chapter.start_s, chapter.end_s)
    return narration_cues(part.narration, chapter.start_s, chapter.end_s)


def _streams_match(infos: Sequence[Mp4Info]) -> bool:
    """Whether the concat demuxer can copy the parts as one stream."""
    first = _signature(infos[0])
    return all(_signature(info) == first for info in infos[1:])


def _signature(info: Mp4Info) -> tuple[str, bytes, int, int, int, AudioInfo | None]:
    # The codec set-up too: clips encoded with other settings (a render from before an
    # encoder change, say) decode wrongly under the first clip's SPS and PPS.
    return (
        info.codec,
        info.codec_config,
        info.width,
        info.height,
        _nominal_fps(info.fps),
        info.audio,
    )


def _audio_name(audio: AudioInfo | None) -> str:
    return f"{audio.codec} {audio.rate} Hz" if audio else "no audio"


def _nominal_fps(fps: float) -> int:
    """The frame rate a clip was made at, snapped to a preset's rate when one is near.

    `Mp4Info.fps` is frames / track duration, and a short clip's track can run a frame longer
    than its frames (0.8 s at 15 fps reads 13.8); the presets' rates are 2x apart.
    """
    if fps <= 0:
        return FALLBACK_FPS
    nearest = min(PRESET_FPS, key=lambda rate: abs(math.log(fps / rate)))
    return nearest if abs(fps - nearest) <= FPS_TOLERANCE * nearest else round(fps)


def _reencode(parts: Sequence[ClipPart], infos: Sequence[Mp4Info]) -> tuple[list[str], list[str]]:
    first = infos[0]
    width, height = first.width - first.width % 2, first.height - first.height % 2  # yuv420p
    videos = [part.video.resolve() for part in parts]
    return reencode_args(videos, infos, width, height, _nominal_fps(first.fps))


async def _run_ffmpeg(command: list[str]) -> None:
    try:
        done = await run_program(command)
    except FileNotFoundError as exc:
        raise AssemblyError(FFMPEG_MISSING) from exc
    if done.returncode != 0:
        raise AssemblyError(
            f"ffmpeg failed (exit status {done.returncode}) while stitching the lesson; "
            f"check that every part is a video the renderer made:\n{done.tail(STDERR_TAIL_LINES)}"
        )
