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
    Track,
    add_narration,
    clip_floor_s,
    encode_track,
    min_clip_s,
    pacing_note,
    track_length_s,
)
from tools.media.voices.speech import Speech, sentences_of, speak_or_silence

log = logging.getLogger(__name__)

SILENT = "none"  # a Narration's voice when its clip is silent (voice off, or nothing to say)


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
    def __init__(self, voice: Voice, work_dir: Path) -> None:
        self._voice = voice
        self._work_dir = work_dir

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

    def start_track(self, speech: Speech | None) -> asyncio.Task[Track]:
        """`track(speech)` started now, to run while the scene renders."""
        task = asyncio.create_task(self.track(speech))
        task.add_done_callback(_note_failure)
        return task

    async def track(self, speech: Speech | None) -> Track:
        """`speech` (or silence) encoded as a clip's audio track, to be made while the scene
        renders: adding it to the clip is then a copy. Kept by the sound's content, so a scene
        edited without a new narration finds its track ready."""
        if speech is None:
            name = "silence"
        else:
            name = hashlib.sha256(await asyncio.to_thread(speech.wav.read_bytes)).hexdigest()[:32]
        path = self._work_dir / "tracks" / f"{name}-{TRACK_FORMAT}.m4a"
        if path.is_file():
            return Track(path, track_length_s(speech))
        return await encode_track(speech, path)

    async def lay_over(
        self, video: Path, speech: Speech | None, track: asyncio.Task[Track] | None = None
    ) -> Path:
        """A temporary copy of `video` with `speech` (or silence) as its audio track (`track`,
        when one was started for it: a copy then, not an encode); the caller deletes it."""
        self._work_dir.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=self._work_dir, prefix="narrated-", suffix=".mp4")
        os.close(fd)
        out = Path(name)
        try:
            ready = None
            if track is not None:
                await asyncio.wait([track])  # a failed track is encoded again, at mux time
                ready = None if track.cancelled() or track.exception() else track.result()
            await add_narration(video, speech, out, ready)
        except BaseException:
            out.unlink(missing_ok=True)
            raise
        return out


def _note_failure(task: asyncio.Task[Track]) -> None:
    if not task.cancelled() and (exc := task.exception()) is not None:
        log.warning("the clip's audio track could not be encoded ahead: %s", exc)


def hold_for(speech: Speech | None) -> float:
    """The render's `min_duration_s`: the clip never ends before its narration."""
    return min_clip_s(speech)
