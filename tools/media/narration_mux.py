"""A scene clip with its narration: the video stream copied as is, one AAC track added.

Every clip of a lesson gets the same audio parameters (`AUDIO_*`), speech or silence, so the
assembler still stitches a lesson by stream copy. Video is never re-encoded here: a narration
longer than its animation is the render's job (`hold_needed` says how long a final wait to add).
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tools.media.mp4_info import Mp4Error, read_mp4_info
from tools.media.programs import run_program
from tools.media.stream_copy import StreamCopyError, copy_streams
from tools.media.voices.speech import Speech

log = logging.getLogger(__name__)

# One place for the track every clip carries; change it and every cached clip must be re-muxed.
AUDIO_CODEC = "aac"
AUDIO_RATE = 48_000
AUDIO_CHANNELS = 1
AUDIO_BITRATE = "96k"
# ffmpeg's AAC encoder searches for the best quantisation at its default ("twoloop"); "fast"
# encodes a clip's speech in half the time (0.19 -> 0.08 s of CPU for 9 s, measured here), and
# at 96 kb/s of mono speech the difference cannot be heard. The mux is on the path of every
# clip a chat user waits for.
AAC_CODER = "fast"

HOLD_MARGIN_S = 0.25  # silence after the last word, so speech never meets the cut
LONG_ANIMATION_FACTOR = 2.0  # an animation this many times its narration (and...)
LONG_ANIMATION_SLACK_S = 3.0  # ...this much longer) leaves the viewer watching in silence
FFMPEG_MISSING = "ffmpeg is not installed, so narration cannot be added: run `make setup`."
MUX_TIMEOUT_S = 120.0


# Names what a kept track holds, for a cache of them: change a setting, new tracks.
TRACK_FORMAT = f"{AUDIO_CODEC}{AUDIO_BITRATE}-{AUDIO_RATE}-{AUDIO_CHANNELS}ch"


class MuxError(RuntimeError):
    """ffmpeg is missing or failed; the message says what to do."""


@dataclass(frozen=True)
class Track:
    """A clip's audio kept for the next clip of the same sound: speech or silence, then silence
    up to `length_s` (the clip it was made for). Adding it to a clip no longer than that is a
    stream copy, a fraction of an encode's time."""

    path: Path
    length_s: float


@dataclass(frozen=True)
class NarratedClip:
    video: Path
    duration_s: float  # the video's, unchanged
    speech_s: float  # 0 for a silent track
    cut_s: float  # speech lost past the video's end (0 when the render held long enough)


def min_clip_s(speech: Speech | None, margin_s: float = HOLD_MARGIN_S) -> float:
    """The shortest clip that carries `speech` with `margin_s` to spare: the render engine's
    `min_duration_s`. In hundredths, rounded up, so equal speech gives equal render cache keys."""
    return 0.0 if speech is None else clip_floor_s(speech.duration_s, margin_s)


def clip_floor_s(speech_s: float, margin_s: float = HOLD_MARGIN_S) -> float:
    """`min_clip_s` of speech lasting `speech_s` (0 for none)."""
    return math.ceil((speech_s + margin_s) * 100) / 100 if speech_s > 0 else 0.0


def hold_needed(video_s: float, speech_s: float, margin_s: float = HOLD_MARGIN_S) -> float:
    """Seconds of final hold (`self.wait(...)`) a render must add so its clip outlasts the
    narration by `margin_s`; 0 when it already does."""
    return max(0.0, round(speech_s + margin_s - video_s, 3))


def pacing_note(video_s: float, speech_s: float) -> str | None:
    """A note for the code writer when the animation runs far past its narration."""
    if video_s > speech_s * LONG_ANIMATION_FACTOR and video_s - speech_s > LONG_ANIMATION_SLACK_S:
        return (
            f"the animation lasts {video_s:.1f} s but its narration only {speech_s:.1f} s: "
            "shorten run times and waits, or say more"
        )
    return None


def _ffmpeg() -> str:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise MuxError(FFMPEG_MISSING)
    return ffmpeg


def _audio_input(speech: Speech | None) -> list[str]:
    """ffmpeg input arguments for `speech`, or for silence."""
    if speech is None:
        layout = "mono" if AUDIO_CHANNELS == 1 else "stereo"
        return ["-f", "lavfi", "-i", f"anullsrc=r={AUDIO_RATE}:cl={layout}"]
    return ["-i", str(speech.wav)]


def _encode(speech: Speech | None, length_s: float) -> list[str]:
    """Output arguments: the sound encoded as every clip's track, `length_s` long (silence after
    the last word; the silent source never ends)."""
    pad = [] if speech is None else ["-af", "apad"]
    return [
        *pad, "-c:a", AUDIO_CODEC, "-aac_coder", AAC_CODER, "-b:a", AUDIO_BITRATE, "-ar", str(AUDIO_RATE),
        "-ac", str(AUDIO_CHANNELS), "-t", f"{length_s:.3f}",
    ]  # fmt: skip


async def add_narration(
    video: Path,
    speech: Speech | None,
    out: Path,
    track: Track | None = None,
    keep_track: Path | None = None,
) -> NarratedClip:
    """Write `out`: `video`'s video stream bit for bit, plus `speech` (or silence) as the lesson's
    AAC track, padded to the video's length. With `track` (`speech`'s, kept from an earlier
    clip) long enough for the video, both streams are copied (in-process: stream_copy.py);
    else the sound is encoded, and with `keep_track` the same encoded packets are also written
    there (ffmpeg's tee muxer: no second encode), for the next clip of the same sound (an edit
    that keeps the narration). Atomic; `out` may not be `video`."""
    if out.resolve() == video.resolve():
        raise ValueError("add_narration() writes a new file: pass an `out` other than `video`")
    try:
        duration = read_mp4_info(video).duration_s
    except (Mp4Error, OSError) as exc:
        raise MuxError(f"cannot read {video} ({exc}); render the scene again") from exc
    start = time.monotonic()
    if track is not None and track.length_s >= duration:
        copied = True
        await _copy_atomically(video, track.path, out, duration)
    else:
        copied = False
        command = [
            _ffmpeg(), "-v", "error", "-y", "-nostdin", "-i", str(video), *_audio_input(speech),
            "-map", "0:v:0", "-map", "1:a:0", "-c:v", "copy", *_encode(speech, duration),
            "-map_metadata", "0",
        ]  # fmt: skip
        await _write_atomically(command, [out] if keep_track is None else [out, keep_track])
    speech_s = speech.duration_s if speech else 0.0
    clip = NarratedClip(out, duration, speech_s, max(0.0, round(speech_s - duration, 3)))
    if clip.cut_s:
        log.warning("narration of %s runs %.2f s past the video and was cut", video, clip.cut_s)
    log.info(
        "narrated %s (%.1f s speech, track %s) in %.2f s",
        out.name, speech_s, "copied" if copied else "encoded", time.monotonic() - start,
    )  # fmt: skip
    return clip


async def encode_track(speech: Speech | None, length_s: float, out: Path) -> None:
    """Write `out`: `speech` (or silence) encoded as every clip's track, `length_s` long, alone
    in an m4a. That is the track `add_narration` keeps, made before its clip exists: a clip no
    longer than it then gets it by stream copy. Atomic."""
    command = [
        _ffmpeg(), "-v", "error", "-y", "-nostdin", *_audio_input(speech), "-map", "0:a:0",
        *_encode(speech, length_s),
    ]  # fmt: skip
    await _write_atomically(command, [out])


async def _copy_atomically(video: Path, track: Path, out: Path, duration_s: float) -> None:
    """`out`: `video` with the kept `track`, both copied, cut at `duration_s` (a thread: the
    copy blocks, briefly, and the caller may be serving a chat)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}-", suffix=out.suffix)
    os.close(fd)
    tmp = Path(name)
    try:
        await asyncio.to_thread(copy_streams, video, track, tmp, duration_s)
        os.replace(tmp, out)
    except StreamCopyError as exc:
        raise MuxError(f"{exc}; render the scene again") from exc
    finally:
        tmp.unlink(missing_ok=True)


async def _write_atomically(command: list[str], outputs: list[Path]) -> None:
    """Run ffmpeg `command` into temporary files beside the outputs (the first: the mp4 clip;
    a second: its audio alone, through the tee muxer), then rename each into place."""
    temps: list[Path] = []
    try:
        for path in outputs:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=path.suffix)
            os.close(fd)
            temps.append(Path(tmp))
        if len(temps) == 1:
            tail = ["-movflags", "+faststart", "-f", "mp4", str(temps[0])]
        else:
            clip, audio = (_tee_path(t) for t in temps)
            tail = ["-f", "tee", f"[f=mp4:movflags=+faststart]{clip}|[f=mp4:select=a]{audio}"]
        await _run([*command, *tail])
        for path, tmp in zip(outputs, temps, strict=True):
            os.replace(tmp, path)
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)


def _tee_path(path: Path) -> str:
    """`path` escaped for a tee muxer output list, where \\ | [ ] : ' are syntax."""
    return "".join("\\" + c if c in "\\|[]:'" else c for c in str(path))


async def _run(command: list[str]) -> None:
    try:
        done = await run_program(command, timeout_s=MUX_TIMEOUT_S)
    except FileNotFoundError as exc:
        raise MuxError(FFMPEG_MISSING) from exc
    except TimeoutError as exc:
        raise MuxError(f"ffmpeg took longer than {MUX_TIMEOUT_S:.0f} s to add narration") from exc
    if done.returncode != 0:
        raise MuxError(
            f"ffmpeg failed (exit status {done.returncode}) adding narration: {done.tail()}"
        )
