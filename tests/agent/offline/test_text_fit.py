"""Fitting user text to the frame (no render): wrapped onto few lines, cut with an ellipsis,
never wider than its columns; the real renders are in test_offline_layout.py."""

from __future__ import annotations

import pytest

from agent.offline.edit_requests import parse_changes
from agent.offline.text_fit import columns_for, text_columns, wrap
from tests.agent.offline.test_offline_layout import CLI_TOPIC, IN_PROCESS, LONG


@pytest.mark.parametrize(
    ("text", "width", "lines", "expected"),
    [
        ("Short title", 20, 2, "Short title"),
        (
            "The history and mathematics of long titles",
            20,
            2,
            "The history and\nmathematics of long…",
        ),
        ("x" * 30, 12, 2, "xxxxxxxxxxxx\nxxxxxxxxxxx…"),
        ("日本語の文法と漢字", 8, 2, "日本語の\n文法と…"),
        ("  a  ", 10, 2, "a"),
    ],
)
def test_wrap(text: str, width: int, lines: int, expected: str) -> None:
    assert wrap(text, width, lines) == expected


@pytest.mark.parametrize("topic", [LONG, CLI_TOPIC, *IN_PROCESS[2:]])
@pytest.mark.parametrize("font_size", [26, 40, 52])
def test_wrapped_text_stays_within_its_lines_and_width(topic: str, font_size: int) -> None:
    width = columns_for(12, font_size)
    wrapped = wrap(topic, width, 2)
    assert wrapped and len(wrapped.split("\n")) <= 2
    assert all(text_columns(line) <= width for line in wrapped.split("\n"))
    kept = "".join(wrapped.replace("\n", " ").split())
    assert kept.rstrip("…") in "".join(topic.split())  # words kept in order, only cut at the end


def test_new_title_and_caption_text_from_edits_is_wrapped() -> None:
    [title] = parse_changes("change the title to '" + "word " * 20 + "'")
    [caption] = parse_changes("add a caption '" + "日本語" * 20 + "'")
    for change, lines in ((title, 2), (caption, 2)):
        assert "\\n" in change.value and change.value.count("\\n") == lines - 1
        assert change.value.endswith("…'")
