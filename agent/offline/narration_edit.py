"""Narration edits the offline model can make: new words given in quotes, or the scene's own
narration made simpler (fewer, shorter sentences), spoken over the same animation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.offline.edit_requests import first_quoted, strip_quoted
from tools.media.webvtt import split_sentences

# "make scene 3's narration simpler", "change what the narrator says in scene 2 to '…'",
# "the voice-over of the last scene should say '…'".
_NARRATION_WORD = re.compile(
    r"\b(?:narration|narrator|narrate|voice[- ]?over|voiceover|wording|script"
    r"|what (?:it|the scene|the narrator|the voice) says)\b",
    re.I,
)
_SIMPLER = re.compile(
    r"\b(?:simpl(?:e|er|ify|ified)|easier|plain(?:er)?|shorter|short|brief(?:er)?)\b", re.I
)
SHORT_SENTENCE_WORDS = 14


@dataclass(frozen=True)
class NarrationRequest:
    words: str | None  # the new narration, when the message quotes it
    simpler: bool  # make the scene's own narration simpler


def narration_request(text: str) -> NarrationRequest | None:
    """The narration change a message asks for, or None when it is not about the narration."""
    if not _NARRATION_WORD.search(strip_quoted(text)):
        return None
    return NarrationRequest(
        words=first_quoted(text) or None,
        simpler=bool(_SIMPLER.search(strip_quoted(text))),
    )


def simpler(narration: str) -> str | None:
    """The narration with fewer, shorter sentences: the first two, each cut at its first clause
    when long. None when it cannot get any simpler."""
    sentences = split_sentences(narration)[:2]
    shorter = [_first_clause(s) for s in sentences]
    result = " ".join(shorter)
    return result if result and result != " ".join(split_sentences(narration)) else None


def _first_clause(sentence: str) -> str:
    words = sentence.split()
    if len(words) <= SHORT_SENTENCE_WORDS:
        return sentence
    clause = re.split(r"[,;:\u2014]\s+", sentence, maxsplit=1)[0].rstrip(".!?")
    if len(clause.split()) < 4:  # a clause that short says nothing: cut by words instead
        clause = " ".join(words[:SHORT_SENTENCE_WORDS]).rstrip(",;:")
    return clause + "."
