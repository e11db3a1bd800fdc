"""A scene's voice-over: what each version says, spoken before its code is written (so the
model can time the animation to it), and laid on its clip as the lesson's audio track."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lessons.ports import Voice
from lessons.store.records import Narration, SceneVersion, SpokenSpan
from tools.media.narration_mux import (
    TRACK_FORMAT,
    MuxError,
    Track,
    add_narration,
    clip_floor_s,
    encode_track,
    min_clip_s,
    pacing_note,
)
from tools.media.stream_copy import load as load_stream_copy
from tools.media.voices.speech import Speech, sentences_of, speak_or_silence

log = logging.getLogger(__name__)

SILENT = "none"  # a Narration's voice when its clip is silent (voice off, or nothing to say)
# A track made while its clip renders is this much longer than the shortest clip that carries its
# speech: a clip whose animation runs past its narration by up to this still gets it by copy.
TRACK_AHEAD_SLACK_S = 5.0
SILENCE_AHEAD_S = 30.0  # a silent clip lasts as long as its animation: one long track serves most


@dataclass(frozen=True)
class Voiced:
    """A narration as it will be heard; `warning` says why it is silent when the voice failed."""

    narration: Narration
    speech: Speech | None
    warning: str | None = None


def target_s(narration: Narration | None) -> float | None:
    """How long a clip must last to carry its narration (the speech and a short margin): the
    render's `min_duration_s`. None when it is silent."""
    if narration is None or not narration.speech_s:
        return None
    return clip_floor_s(narration.speech_s)


def pacing(version: SceneVersion) -> str | None:
    """A note for the code writer when a good clip's animation runs far past its speech."""
    said = version.narration
    if version.status != "ok" or not version.duration_s or said is None or not said.speech_s:
        return None
    return pacing_note(version.duration_s, said.speech_s)


class SceneVoice:
    def __init__(self, voice: Voice, work_dir: Path, tracks_dir: Path | None = None) -> None:
        self._voice = voice
        self._work_dir = work_dir  # temporary files only: removed when the app stops
        self._tracks = tracks_dir  # a cache: kept across runs
        self._ahead: dict[str, asyncio.Task[None]] = {}  # tracks being made ahead, by sound file
        self._copier: asyncio.Future[None] | None = None  # the stream copy's library, loading

    @property
    def key(self) -> str:
        return self._voice.key

    async def voiced(self, text: str, speak: bool = True) -> Voiced:
        """`text` spoken (a cache hit after the first time). Too long a narration raises
        NarrationTooLong (a ValueError: the model must shorten it); a voice that fails gives a
        silent narration and the warning, never a failed scene."""
        sentences_of(text)  # the length rule holds for every voice, and with the voice off
        speech, warning = await speak_or_silence(self._voice, text) if speak else (None, None)
        if warning:
            log.warning("%s", warning)
        if speech is None:
            return Voiced(Narration(text=text, voice=SILENT, speech_s=0.0), None, warning)
        spans = [SpokenSpan(start_s=a, end_s=b, text=t) for a, b, t in speech.spans]
        narration = Narration(
            text=text, voice=self._voice.key, speech_s=speech.duration_s, spans=spans
        )
        return Voiced(narration, speech)

    async def speech(self, narration: Narration) -> Speech | None:
        """The audio of a stored narration (from the cache, or spoken again)."""
        if narration.voice == SILENT:
            return None
        return (await self.voiced(narration.text)).speech

    def prepare_track(self, speech: Speech | None) -> None:
        """Start encoding the track a clip of `speech` will carry, in the background, while the
        clip renders: laying it over the clip is then a stream copy (milliseconds) instead of
        an encode (about 0.1 s), after the render, where a user waits. Nothing is started when
        a kept track already carries the shortest such clip, or one is being made. The copy's
        library loads meanwhile too, the first time."""
        if self._copier is None:
            self._copier = asyncio.get_running_loop().run_in_executor(None, load_stream_copy)
        tracks, key = self._tracks, _ahead_key(speech)
        if tracks is None or key in self._ahead:
            return
        task = asyncio.get_running_loop().create_task(self._make_track(tracks, speech))
        self._ahead[key] = task
        task.add_done_callback(lambda _: self._ahead.pop(key, None))

    async def _make_track(self, tracks: Path, speech: Speech | None) -> None:
        sound = await self._sound_name(speech)
        kept = self._kept_track(tracks, sound)
        if kept is not None and kept.length_s >= min_clip_s(speech):
            return
        length = SILENCE_AHEAD_S if speech is None else min_clip_s(speech) + TRACK_AHEAD_SLACK_S
        try:
            await encode_track(speech, length, tracks / f"{sound}-{round(length * 1000)}ms.m4a")
        except (MuxError, OSError) as exc:  # the mux encodes it then, and reports what fails
            log.warning("could not make the narration track ahead of its clip: %s", exc)

    async def lay_over(self, video: Path, speech: Speech | None) -> Path:
        """A temporary copy of `video` with `speech` (or silence) as its audio track; the
        caller deletes it. The track is kept by its sound: a later clip of the same sound, no
        longer (an edit that keeps the narration), copies it instead of encoding it again."""
        ahead = self._ahead.get(_ahead_key(speech))
        if ahead is not None:  # its track, being made while the clip rendered: wait, then copy
            await asyncio.wait({ahead})
        self._work_dir.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=self._work_dir, prefix="narrated-", suffix=".mp4")
        os.close(fd)
        out = Path(name)
        sound = await self._sound_name(speech) if self._tracks is not None else ""
        track = self._kept_track(self._tracks, sound) if self._tracks is not None else None
        keep = None
        if self._tracks is not None and track is None:
            keep = self._tracks / f".{sound}-new-{os.getpid()}-{out.stem}.m4a"
        try:
            clip = await add_narration(video, speech, out, track, keep_track=keep)
            if keep is not None and keep.is_file():  # named by its length: the clip's
                keep.replace(keep.with_name(f"{sound}-{round(clip.duration_s * 1000)}ms.m4a"))
        except BaseException:
            out.unlink(missing_ok=True)
            raise
        finally:
            if keep is not None:
                keep.unlink(missing_ok=True)
        return out

    async def _sound_name(self, speech: Speech | None) -> str:
        if speech is None:
            return f"silence-{TRACK_FORMAT}"
        digest = hashlib.sha256(await asyncio.to_thread(speech.wav.read_bytes)).hexdigest()
        return f"{digest[:32]}-{TRACK_FORMAT}"

    @staticmethod
    def _kept_track(tracks: Path, sound: str) -> Track | None:
        """The longest track kept for `sound`, if any."""
        kept = [
            Track(path, int(ms) / 1000)
            for path in tracks.glob(f"{sound}-*ms.m4a")
            if (ms := path.name[len(sound) + 1 : -len("ms.m4a")]).isdigit()
        ]
        return max(kept, key=lambda t: t.length_s, default=None)


def _ahead_key(speech: Speech | None) -> str:
    """Which sound a track made ahead is for: the speech's audio file (one per text and voice)."""
    return "" if speech is None else str(speech.wav)


def hold_for(speech: Speech | None) -> float:
    """The render's `min_duration_s`: the clip never ends before its narration."""
    return min_clip_s(speech)
