"""The offline voice: espeak-ng, one run per sentence so each sentence's span is measured."""

from __future__ import annotations

import asyncio
import re
import shutil
import tempfile
from pathlib import Path

from tools.media.voices.process import run
from tools.media.voices.speech import Speech, SpeechFailed, sentences_of
from tools.media.voices.wav import Pcm, join_sentences, read_wav

ESPEAK_MISSING = "espeak-ng is not installed, so scenes cannot be narrated: run `make setup`."
SENTENCE_TIMEOUT_S = 30.0
MIN_WPM, MAX_WPM = 80, 450
_VOICE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_+-]*\Z")


class EspeakVoice:
    """Speaks with the espeak-ng program. The text goes in on stdin as plain text: no `-m`
    (so `<speak>` is read out, not obeyed), and nothing in it can be taken for an option."""

    def __init__(self, work_dir: Path, *, voice: str = "en-us", wpm: int = 165) -> None:
        if not _VOICE_NAME.match(voice):
            raise ValueError(
                f"bad espeak-ng voice {voice!r}: use a name such as 'en-us' or 'en-gb'"
            )
        if not MIN_WPM <= wpm <= MAX_WPM:
            raise ValueError(f"espeak-ng speed {wpm} wpm is out of range: use {MIN_WPM}-{MAX_WPM}")
        self.work_dir, self.voice, self.wpm = work_dir, voice, wpm

    @property
    def key(self) -> str:
        return f"espeak-ng:{self.voice}:{self.wpm}"

    async def speak(self, text: str) -> Speech | None:
        sentences = sentences_of(text)
        if not sentences:
            return None
        espeak = shutil.which("espeak-ng")
        if espeak is None:
            raise SpeechFailed(ESPEAK_MISSING)
        self.work_dir.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(dir=self.work_dir, prefix=".espeak-"))
        try:
            # Each sentence is its own short run (about 10 ms): all at once, not in turn.
            sounds = await asyncio.gather(
                *(
                    self._sentence(espeak, sentence, scratch / f"{n}.wav")
                    for n, sentence in enumerate(sentences)
                )
            )
            pieces = list(zip(sentences, sounds, strict=True))
            return join_sentences(pieces, scratch.with_name(f"{scratch.name}.wav"))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    async def _sentence(self, espeak: str, sentence: str, out: Path) -> Pcm:
        # -z: no trailing pause, so the span ends when the words do; the gap is ours to add.
        argv = [espeak, "-v", self.voice, "-s", str(self.wpm), "-z", "-b", "1"]
        argv += ["-w", str(out), "--stdin"]
        data = sentence.encode("utf-8", errors="replace")
        await run(argv, data, timeout_s=SENTENCE_TIMEOUT_S, missing=ESPEAK_MISSING)
        return read_wav(out)
