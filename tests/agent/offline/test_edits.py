"""Edits as rewrites of a scene's constant lines."""

from __future__ import annotations

import pytest

from agent.offline.edit_requests import parse_changes
from agent.offline.edits import Change, Edited, NotEditable, apply_changes
from agent.offline.templates_pythagoras import PYTHAGORAS

CODE = PYTHAGORAS.code(1, 2)


def edited(code: str, text: str) -> Edited:
    result = apply_changes(code, parse_changes(text))
    assert isinstance(result, Edited), result
    return result


def constant(code: str, name: str) -> str:
    for line in code.splitlines():
        if line.strip().startswith(f"{name} ="):
            return line.split("=", 1)[1].split("  #")[0].strip()
    raise AssertionError(f"no {name} line")


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("change scene 2 so the triangle is red", "color", "RED"),
        ("make it grey", "color", "GREY"),
        ("make it gray", "color", "GREY"),
        ("make it dark blue", "color", "DARK_BLUE"),
        ("use a pink accent", "accent", "PINK"),
        ("make the title gold", "title_color", "GOLD"),
        ("change the title to 'Legs and hypotenuse'", "title_text", "'Legs and hypotenuse'"),
        ('title to "Hello"', "title_text", "'Hello'"),
        ("change the title of the second scene to Hello there", "title_text", "'Hello there'"),
        ("make the title bigger", "title_size", "52"),
        ("make the title smaller", "title_size", "31"),
        ("make it bigger", "scale", "1.25"),
        ("make it smaller", "scale", "0.8"),
        ("make it a bit bigger", "scale", "1.1"),
        ("make scene 3 slower", "speed", "0.5"),
        ("make it faster", "speed", "2.0"),
        ("hold scene 1 for 3 seconds", "hold", "3.0"),
        ("make it longer", "hold", "3.0"),
        ("make it shorter", "hold", "0.5"),
        ("remove the title", "show_title", "False"),
        ("hide the title", "show_title", "False"),
        ("add a caption 'Look at the legs'", "caption", "'Look at the legs'"),
        ('add the text "it\'s here"', "caption", '"it\'s here"'),
        ("add a caption saying hello world!", "caption", "'hello world'"),
    ],
)
def test_each_kind_of_edit(text: str, name: str, value: str) -> None:
    result = edited(CODE, text)
    assert constant(result.code, name) == value
    assert len(result.summary) == 1
    # Only that one line changed.
    changed = [
        a for a, b in zip(CODE.splitlines(), result.code.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 1


def test_several_changes_in_one_message() -> None:
    result = edited(CODE, "change scene 2 so the triangle is red and slower")
    assert constant(result.code, "color") == "RED"
    assert constant(result.code, "speed") == "0.5"
    assert result.summary == ("color: BLUE → RED", "speed: 1.0 → 0.5")


def test_remove_title_then_show_it_again() -> None:
    hidden = edited(CODE, "remove the title").code
    assert constant(edited(hidden, "show the title again").code, "show_title") == "True"


def test_quoted_words_are_text_not_commands() -> None:
    changes = parse_changes("add a caption 'red and slower'")
    assert changes == [Change("caption", "set", "'red and slower'")]


def test_unicode_and_quotes_in_new_text_are_embedded_safely() -> None:
    result = edited(CODE, 'change the title to “Ελληνικά "quoted" 日本語”')
    value = constant(result.code, "title_text")
    assert value == repr('Ελληνικά "quoted" 日本語')
    # Edits still work on a line holding non-ASCII text (ast offsets are in bytes).
    again = edited(result.code, "change the title to 'ok'")
    assert constant(again.code, "title_text") == "'ok'"


def test_repeated_edits_stay_within_bounds() -> None:
    code = CODE
    for _ in range(20):
        code = edited(code, "make it faster").code
    assert constant(code, "speed") == "10.0"


def test_code_without_the_constant_is_not_editable() -> None:
    foreign = (
        "from manim import *\n\nclass A(Scene):\n    def construct(self):\n        self.wait()\n"
    )
    result = apply_changes(foreign, parse_changes("make it red"))
    assert isinstance(result, NotEditable)
    assert "color" in result.reason


def test_a_non_numeric_constant_is_not_scaled() -> None:
    code = CODE.replace("speed = 1.0", "speed = FAST")
    assert isinstance(apply_changes(code, parse_changes("slower")), NotEditable)


def test_no_changes_is_not_editable() -> None:
    assert isinstance(apply_changes(CODE, parse_changes("make it explode")), NotEditable)


def test_the_drawing_grows_and_shrinks_only_as_far_as_the_frame_allows() -> None:
    big, small = CODE, CODE
    for _ in range(5):
        big = edited(big, "make it bigger").code
        small = edited(small, "make it smaller").code
    assert (constant(big, "scale"), constant(small, "scale")) == ("1.3", "0.5")
