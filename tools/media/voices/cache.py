"""Speech cached by (voice key, text), like renders: a hit never reaches the voice."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from tools.media.voices.speech import Span, Speech, Voice, sentences_of, speech_digest


class CachedVoice:
    """Wraps a voice; keeps `<sha256>.wav` and `<sha256>.json` (duration, spans) in `cache_dir`.
    The json is written last, so a present json means a complete entry."""

    def __init__(self, voice: Voice, cache_dir: Path) -> None:
        self.voice, self.cache_dir = voice, cache_dir

    @property
    def key(self) -> str:
        return self.voice.key

    def digest(self, text: str) -> str:
        # Sentences as spoken: text differing only in whitespace sounds the same.
        return speech_digest(self.voice.key, sentences_of(text))

    async def speak(self, text: str) -> Speech | None:
        if not sentences_of(text):
            return None
        digest = self.digest(text)
        wav, meta = self.cache_dir / f"{digest}.wav", self.cache_dir / f"{digest}.json"
        cached = _load(wav, meta)
        if cached is not None:
            return cached
        speech = await self.voice.speak(text)
        if speech is None:
            return None
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        _move_in(speech.wav, wav)
        record = {
            "key": self.voice.key,
            "duration_s": speech.duration_s,
            "spans": [list(span) for span in speech.spans],
        }
        _atomic_write(meta, json.dumps(record).encode())
        return Speech(wav, speech.duration_s, speech.spans)


def _load(wav: Path, meta: Path) -> Speech | None:
    try:
        record = json.loads(meta.read_text(encoding="utf-8"))
        spans = tuple(Span(float(a), float(b), str(t)) for a, b, t in record["spans"])
        speech = Speech(wav, float(record["duration_s"]), spans)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing or damaged: synthesize again
    return speech if wav.is_file() else None


def _move_in(source: Path, target: Path) -> None:
    """The engine's new file becomes the entry: a rename on one filesystem, else a copy made
    beside the target and renamed. Either way the source is gone and a reader never sees half
    a file."""
    try:
        os.replace(source, target)
        return
    except OSError:
        pass  # another filesystem: copy across
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-")
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
        source.unlink(missing_ok=True)


def _atomic_write(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
