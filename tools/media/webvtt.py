"""WebVTT text for a lesson: chapter cues (one per part) and narration subtitles."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Cue:
    start_s: float
    end_s: float
    text: str


def timestamp(seconds: float) -> str:
    """`HH:MM:SS.mmm`, the form every WebVTT reader accepts."""
    ms = max(0, round(seconds * 1000))
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def split_sentences(text: str) -> list[str]:
    """Sentences of a narration, whitespace collapsed; empty text gives none."""
    flat = _one_line(text)
    return [s for s in _SENTENCE_END.split(flat) if s] if flat else []


def narration_cues(narration: str, start_s: float, end_s: float) -> list[Cue]:
    """Spread the sentences over [start_s, end_s], each taking time in proportion to its length."""
    sentences = split_sentences(narration)
    total = sum(len(s) for s in sentences)
    cues: list[Cue] = []
    done = 0
    for sentence in sentences:
        begin = start_s + (end_s - start_s) * done / total
        done += len(sentence)
        cues.append(Cue(begin, start_s + (end_s - start_s) * done / total, sentence))
    return cues


def spoken_cues(
    spans: Sequence[tuple[float, float, str]], start_s: float, end_s: float | None = None
) -> list[Cue]:
    """One cue per sentence at the time it is really spoken: `spans` (seconds from the start of
    a part's speech) moved to the part's `start_s` in the lesson, cut at `end_s` when given."""
    cues: list[Cue] = []
    for begin, end, text in spans:
        first, last = start_s + begin, start_s + end
        if end_s is not None:
            first, last = min(first, end_s), min(last, end_s)
        if last > first:
            cues.append(Cue(first, last, text))
    return cues


def subtitles_vtt(cues: Sequence[Cue]) -> str:
    """A subtitles file; cue text is escaped so `<`, `&` and `-->` show as typed."""
    return _document(cues, _escape_cue_text)


def chapters_vtt(cues: Sequence[Cue]) -> str:
    """A chapters file. Chapter titles are plain text in WebVTT (no markup, no entities)."""
    return _document(cues, _chapter_title)


def _document(cues: Sequence[Cue], clean: Callable[[str], str]) -> str:
    blocks = ["WEBVTT"]
    for cue in cues:
        blocks.append(f"{timestamp(cue.start_s)} --> {timestamp(cue.end_s)}\n{clean(cue.text)}")
    return "\n\n".join(blocks) + "\n"


def _one_line(text: str) -> str:
    # A blank line ends a cue, so a cue's text must not contain one; keep each cue on one line.
    # Control characters (NUL, ESC, ...) have no business in a caption and upset parsers.
    return " ".join(_CONTROL.sub(" ", text).split())


def _escape_cue_text(text: str) -> str:
    flat = _one_line(text)
    return flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _chapter_title(text: str) -> str:
    # "-->" would be read as a timing line; chapter titles allow no escapes, so break it up.
    return _one_line(text).replace("-->", "- ->") or "Untitled"


def cue_starts(document: str) -> list[float]:
    """Start times (seconds) of a WebVTT document's cues, in order."""
    starts: list[float] = []
    for line in document.splitlines():
        if "-->" in line:
            hours, minutes, seconds = line.split("-->")[0].strip().split(":")
            starts.append(int(hours) * 3600 + int(minutes) * 60 + float(seconds))
    return starts
