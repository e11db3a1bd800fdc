"""The offline model hears narration requests: quoted new words, or "simpler"."""

from __future__ import annotations

import pytest

from agent.offline.intents import classify
from agent.offline.narration_edit import NarrationRequest, simpler


@pytest.mark.parametrize(
    ("text", "scene", "request_"),
    [
        ("make scene 3's narration simpler", 3, NarrationRequest(None, True)),
        ("Make scene 3's narration simpler, it's too long", 3, NarrationRequest(None, True)),
        ("make the voice-over of the last scene shorter", -1, NarrationRequest(None, True)),
        (
            "change the narration of scene 2 to 'A right triangle has one square corner.'",
            2,
            NarrationRequest("A right triangle has one square corner.", False),
        ),
        (
            "narration of scene 1: \u201cHello there.\u201d",
            1,
            NarrationRequest("Hello there.", False),
        ),
        ("what the narrator says in scene 2 is wrong", 2, NarrationRequest(None, False)),
    ],
)
def test_narration_requests_are_recognised(
    text: str, scene: int, request_: NarrationRequest
) -> None:
    intent = classify(text)
    assert (intent.kind, intent.scene, intent.narration) == ("narrate", scene, request_)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("change scene 2 so the triangle is red", "edit"),
        ("undo that", "revert"),
        ("undo the narration change", "revert"),
        ("make a short lesson on the Pythagorean theorem", "lesson"),
        ("Fix the layout of scene 2.", "layout"),
    ],
)
def test_other_requests_are_not_narration(text: str, kind: str) -> None:
    assert classify(text).kind == kind


def test_simpler_keeps_two_sentences_each_cut_at_its_first_clause() -> None:
    long = (
        "A right triangle has one square corner, which we call the right angle, and two shorter"
        " sides called legs that meet there. The longest side is the hypotenuse. It sits across"
        " from the right angle."
    )
    assert (
        simpler(long)
        == "A right triangle has one square corner. The longest side is the hypotenuse."
    )
    assert simpler("Short and plain.") is None  # nothing simpler to say
