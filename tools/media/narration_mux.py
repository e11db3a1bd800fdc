"""A scene clip with its narration: the video stream copied as is, one AAC track added.

Every clip of a lesson gets the same audio parameters (`AUDIO_*`), speech or silence, so the
assembler still stitches a lesson by stream copy. Video is never re-encoded here: a narration
longer than its animation is the render's job (`hold_needed` says how long a final wait to add).
"""

from __future__ import annotations

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
from tools.media.voices.speech import Speech

log = logging.getLogger(__name__)

# One place for the track every clip carries; change it and every cached clip must be re-muxed.
AUDIO_CODEC = "aac"
AUDIO_RATE = 48_000
AUDIO_CHANNELS = 1
AUDIO_BITRATE = "96k"

HOLD_MARGIN_S = 0.25  # silence after the last word, so speech never meets the cut
LONG_ANIMATION_FACTOR = 2.0  # an animation this many times its narration (and...)
LONG_ANIMATION_SLACK_S = 3.0  # ...this much longer) leaves the viewer watching in silence
FFMPEG_MISSING = "ffmpeg is not installed, so narration cannot be added: run `make setup`."
MUX_TIMEOUT_S = 120.0


# A track encoded ahead of its clip carries this much silence after the speech, so it covers
# any clip up to that much longer than its narration (a longer one is encoded at mux time).
TRACK_SLACK_S = 30.0
# Names what a track encoded ahead holds, for a cache of them: change a setting, new tracks.
TRACK_FORMAT = f"{AUDIO_CODEC}{AUDIO_BITRATE}-{AUDIO_RATE}-{AUDIO_CHANNELS}ch-{TRACK_SLACK_S:g}s"


class MuxError(RuntimeError):
    """ffmpeg is missing or failed; the message says what to do."""


@dataclass(frozen=True)
class Track:
    """A clip's audio, encoded ahead (`encode_track`): speech or silence, then silence up to
    `length_s`. Adding it to a clip is a stream copy, a fraction of an encode's time."""

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


def _audio_source(speech: Speech | None) -> list[str]:
    """ffmpeg input and filter arguments for `speech`, or silence, to be cut with -t."""
    if speech is None:
        layout = "mono" if AUDIO_CHANNELS == 1 else "stereo"
        return ["-f", "lavfi", "-i", f"anullsrc=r={AUDIO_RATE}:cl={layout}"]
    return ["-i", str(speech.wav), "-af", "apad"]  # silence after the last word, up to -t


_ENCODE = [
    "-c:a", AUDIO_CODEC, "-b:a", AUDIO_BITRATE, "-ar", str(AUDIO_RATE), "-ac", str(AUDIO_CHANNELS)
]  # fmt: skip


async def encode_track(speech: Speech | None, out: Path) -> Track:
    """Write `out` (an .m4a): `speech` (or silence) encoded as every clip's track is, then
    silence up to `TRACK_SLACK_S` past the speech. Made while the scene renders. Atomic."""
    length = track_length_s(speech)
    command = [
        _ffmpeg(), "-v", "error", "-y", "-nostdin", *_audio_source(speech), "-map", "0:a:0",
        *_ENCODE, "-t", f"{length:.3f}", "-f", "mp4",
    ]  # fmt: skip
    await _write_atomically(command, out)
    return Track(out, length)


def track_length_s(speech: Speech | None) -> float:
    """How long `encode_track` makes the track of `speech`."""
    return round((speech.duration_s if speech else 0.0) + TRACK_SLACK_S, 3)


async def add_narration(
    video: Path, speech: Speech | None, out: Path, track: Track | None = None
) -> NarratedClip:
    """Write `out`: `video`'s video stream bit for bit, plus `speech` (or silence) as the lesson's
    AAC track, padded to the video's length. With `track` (`speech`'s, from `encode_track`)
    long enough for the video, both streams are copied. Atomic; `out` may not be `video`."""
    ffmpeg = _ffmpeg()
    if out.resolve() == video.resolve():
        raise ValueError("add_narration() writes a new file: pass an `out` other than `video`")
    try:
        duration = read_mp4_info(video).duration_s
    except (Mp4Error, OSError) as exc:
        raise MuxError(f"cannot read {video} ({exc}); render the scene again") from exc
    start = time.monotonic()
    copied = track is not None and track.length_s >= duration
    if track is not None and copied:
        audio, codecs = ["-i", str(track.path)], ["-c", "copy"]
    else:
        audio, codecs = _audio_source(speech), ["-c:v", "copy", *_ENCODE]
    command = [
        ffmpeg, "-v", "error", "-y", "-nostdin", "-i", str(video), *audio,
        "-map", "0:v:0", "-map", "1:a:0", *codecs, "-t", f"{duration:.3f}",
        "-map_metadata", "0", "-movflags", "+faststart", "-f", "mp4",
    ]  # fmt: skip
    await _write_atomically(command, out)
    speech_s = speech.duration_s if speech else 0.0
    clip = NarratedClip(out, duration, speech_s, max(0.0, round(speech_s - duration, 3)))
    if clip.cut_s:
        log.warning("narration of %s runs %.2f s past the video and was cut", video, clip.cut_s)
    log.info(
        "narrated %s (%.1f s speech, track %s) in %.2f s",
        out.name, speech_s, "copied" if copied else "encoded", time.monotonic() - start,
    )  # fmt: skip
    return clip


async def _write_atomically(command: list[str], out: Path) -> None:
    """Run ffmpeg `command` with a temporary file beside `out` as its output, then rename it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}-", suffix=out.suffix)
    os.close(fd)
    try:
        await _run([*command, tmp])
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)


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
