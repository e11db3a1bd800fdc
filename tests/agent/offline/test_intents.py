"""Classifying user messages: new lesson, edit, revert, status, help; scene references."""

from __future__ import annotations

import pytest

from agent.offline.intents import classify, scene_reference


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("make a short lesson on the Pythagorean theorem", "the Pythagorean theorem"),
        ("Make a short lesson on the Pythagorean theorem.", "the Pythagorean theorem"),
        ("create a video about black holes please", "black holes"),
        ("can you make me a quick animation of sorting algorithms", "sorting algorithms"),
        ("make a Pythagoras lesson", "Pythagoras"),
        ("teach me derivatives", "derivatives"),
        ("explain the unit circle", "the unit circle"),
        ("I want to learn about the water cycle", "the water cycle"),
        ("what is a derivative?", "a derivative"),
        ("how does a rainbow work?", "a rainbow"),
        ("photosynthesis", "photosynthesis"),
        ("red blood cells", "red blood cells"),
        ("make a lesson on socioeconomic status", "socioeconomic status"),
    ],
)
def test_new_lesson_requests_and_topics(text: str, topic: str) -> None:
    intent = classify(text)
    assert intent.kind == "lesson"
    assert intent.topic == topic


@pytest.mark.parametrize(
    ("text", "scene", "constants"),
    [
        ("change scene 2 so the triangle is red", 2, ["color"]),
        ("change scene 2 so the triangle is red and slower", 2, ["color", "speed"]),
        ("make the title bigger in the last scene", -1, ["title_size"]),
        ("make scene 3 slower", 3, ["speed"]),
        ("make the second scene green", 2, ["color"]),
        ("make it red", None, ["color"]),
        ("red", None, ["color"]),
        ("slower please", None, ["speed"]),
        ("remove the title from scene 1", 1, ["show_title"]),
        ("add a caption 'a lesson on triangles' to scene 3", 3, ["caption"]),
    ],
)
def test_edits(text: str, scene: int | None, constants: list[str]) -> None:
    intent = classify(text)
    assert intent.kind == "edit"
    assert intent.scene == scene
    assert [change.constant for change in intent.changes] == constants


def test_an_edit_it_cannot_make_is_still_an_edit_without_changes() -> None:
    intent = classify("make scene 2 explode")
    assert (intent.kind, intent.scene, intent.changes) == ("edit", 2, ())


@pytest.mark.parametrize(
    ("text", "scene", "version"),
    [
        ("undo that", None, None),
        ("undo", None, None),
        ("revert scene 2", 2, None),
        ("go back to version 1 of scene 2", 2, 1),
        ("roll back the last scene", -1, None),
    ],
)
def test_reverts(text: str, scene: int | None, version: int | None) -> None:
    intent = classify(text)
    assert (intent.kind, intent.scene, intent.version) == ("revert", scene, version)


@pytest.mark.parametrize("text", ["status", "show the lesson", "show me my scenes"])
def test_status(text: str) -> None:
    assert classify(text).kind == "status"


@pytest.mark.parametrize("text", ["hello", "thanks!", "what can you do?", "help", "", "   "])
def test_help(text: str) -> None:
    assert classify(text).kind == "help"


@pytest.mark.parametrize(
    ("text", "scene"),
    [
        ("scene 4", 4),
        ("in scene #2", 2),
        ("scene two", 2),
        ("the third scene", 3),
        ("the 5th scene", 5),
        ("the first scene", 1),
        ("the last scene", -1),
        ("the final scene", -1),
        ("the second to last scene", -2),
        ("the penultimate scene", -2),
        ("add the caption 'scene 9' here", None),
        ("make it red", None),
    ],
)
def test_scene_reference(text: str, scene: int | None) -> None:
    assert scene_reference(text) == scene


@pytest.mark.parametrize(
    ("text", "kind", "expires_in"),
    [
        ("share this lesson with my class", "share", None),
        ("Share it with my students for 7 days", "share", "7d"),
        ("please share the lesson for a week", "share", "1w"),
        ("can you publish it for 12 hours", "share", "12h"),
        ("make a share link", "share", None),
        ("I need a link for my class", "share", None),
        ("stop sharing", "unshare", None),
        ("please stop sharing the lesson", "unshare", None),
        ("revoke the share links", "unshare", None),
        ("unshare it", "unshare", None),
    ],
)
def test_share_requests(text: str, kind: str, expires_in: str | None) -> None:
    intent = classify(text)
    assert (intent.kind, intent.expires_in) == (kind, expires_in)


@pytest.mark.parametrize(
    "text", ["make a lesson on how to share a pizza", "teach me about sharing fractions"]
)
def test_lessons_about_sharing_are_lessons(text: str) -> None:
    assert classify(text).kind == "lesson"
