"""What every voice returns, and the rules every voice applies to the text it is given."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Protocol

from tools.media.webvtt import split_sentences

# Narration is a few sentences per scene; a page of text is a mistake (or an attack on the engine).
MAX_NARRATION_CHARS = 1500
SENTENCE_GAP_S = 0.3  # the pause between two sentences
_SURROGATE = re.compile("[\ud800-\udfff]")


class Span(NamedTuple):
    """When one sentence is heard, in seconds from the start of its Speech."""

    start_s: float
    end_s: float
    text: str


@dataclass(frozen=True)
class Speech:
    wav: Path  # PCM WAV, mono
    duration_s: float
    spans: tuple[Span, ...]  # one per sentence, in order, within [0, duration_s]


class SpeechFailed(RuntimeError):
    """The voice could not speak; the message says why and what to do. The scene still gets a
    silent track, so a lesson never fails for its voice."""


class NarrationTooLong(SpeechFailed, ValueError):
    """Refused before any engine runs: the narration must be shortened."""


class Voice(Protocol):
    @property
    def key(self) -> str:
        """Names the backend and every setting that changes the sound (for caching)."""
        ...

    async def speak(self, text: str) -> Speech | None:
        """The narration spoken, or None when there is nothing to say (empty text, no voice).
        An engine writes a new file each call, which the caller then owns (the cache moves it
        in), so nothing is left behind in its work dir."""
        ...


def sentences_of(text: str) -> list[str]:
    """The sentences to speak, one engine call each; refuses narration over the limit."""
    # A lone surrogate (a sliced emoji) cannot be encoded for any engine: it becomes U+FFFD.
    sentences = split_sentences(_SURROGATE.sub("\ufffd", text))
    length = len(" ".join(sentences))
    if length > MAX_NARRATION_CHARS:
        raise NarrationTooLong(
            f"the narration is {length} characters long; the limit is {MAX_NARRATION_CHARS} "
            "characters per scene: shorten it or split the scene in two"
        )
    return sentences


async def speak_or_silence(voice: Voice, text: str) -> tuple[Speech | None, str | None]:
    """(speech, None), or (None, why) when the voice failed: the scene then gets a silent track
    and the lesson goes on. Too long a narration is raised, not silenced: it must be shortened."""
    try:
        return await voice.speak(text), None
    except NarrationTooLong:
        raise
    except SpeechFailed as exc:
        return None, f"The narration could not be spoken, so this scene is silent: {exc}"


def speech_digest(key: str, sentences: list[str]) -> str:
    """Names what a voice with `key` says for `sentences` (file names, cache keys)."""
    said = "\n".join(sentences)
    return hashlib.sha256(f"{key}\0{said}".encode()).hexdigest()
