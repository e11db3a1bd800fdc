"""PCM WAV pieces joined into one narration file, with the span each piece occupies."""

from __future__ import annotations

import os
import tempfile
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.media.voices.speech import SENTENCE_GAP_S, Span, Speech, SpeechFailed


@dataclass(frozen=True)
class Pcm:
    rate: int
    channels: int
    width: int  # bytes per sample
    frames: bytes

    @property
    def duration_s(self) -> float:
        return len(self.frames) / (self.rate * self.channels * self.width)

    def silence(self, seconds: float) -> bytes:
        return b"\0" * (round(seconds * self.rate) * self.channels * self.width)


def read_wav(path: Path) -> Pcm:
    try:
        with wave.open(str(path), "rb") as f:
            return Pcm(f.getframerate(), f.getnchannels(), f.getsampwidth(), f.readframes(-1))
    except (wave.Error, EOFError, OSError) as exc:
        raise SpeechFailed(f"the voice produced no usable audio ({exc})") from exc


def join_sentences(pieces: Sequence[tuple[str, Pcm]], out: Path) -> Speech:
    """One WAV of the pieces in order with a short pause between them, written atomically."""
    if not pieces:
        raise ValueError("join_sentences() needs at least one piece")
    first = pieces[0][1]
    if any(
        (p.rate, p.channels, p.width) != (first.rate, first.channels, first.width)
        for _, p in pieces
    ):
        raise SpeechFailed("the voice returned sentences in different audio formats")
    chunks: list[bytes] = []
    spans: list[Span] = []
    frame_bytes = first.channels * first.width
    at = 0  # in frames, so spans add up exactly
    for n, (text, pcm) in enumerate(pieces):
        if n:
            gap = first.silence(SENTENCE_GAP_S)
            chunks.append(gap)
            at += len(gap) // frame_bytes
        frames = len(pcm.frames) // frame_bytes
        spans.append(Span(at / first.rate, (at + frames) / first.rate, text))
        chunks.append(pcm.frames[: frames * frame_bytes])
        at += frames
    write_wav(out, Pcm(first.rate, first.channels, first.width, b"".join(chunks)))
    return Speech(out, at / first.rate, tuple(spans))


def write_wav(out: Path, pcm: Pcm) -> None:
    """Written beside `out` and renamed, so a reader never sees half a file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as raw, wave.open(raw, "wb") as f:
            f.setnchannels(pcm.channels)
            f.setsampwidth(pcm.width)
            f.setframerate(pcm.rate)
            f.writeframes(pcm.frames)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
