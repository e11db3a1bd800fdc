"""Fixing a scene's layout: its code written again from the lesson's template, which fits text
to the frame, keeping the user's choices that cannot break the layout (colours, speed, ...).

The offline model reads no code, so it cannot move one object; it can only go back to a layout
known to be clean, and it says so when the scene is not one of its templates.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.offline.edits import Change, Edited, apply_changes, read_constant
from agent.offline.scene_frame import (
    CAPTION_LINES,
    CAPTION_SIZE,
    CARD_LINES,
    MAX_TEXT_WIDTH,
    TITLE_LINES,
    clean_text,
)
from agent.offline.templates import lesson_for
from agent.offline.text_fit import fit
from tools.check import ast_guard

# Constants copied from the current code: none of them moves or resizes anything.
KEPT = ("color", "accent", "title_color", "speed", "hold", "show_title")
_TEXT_LIMIT = 60


@dataclass(frozen=True)
class Relaid:
    """The scene's new code and what changed, for the edit's note."""

    code: str
    change: str


def _string(code: str, name: str) -> str | None:
    source = read_constant(code, name)
    try:
        value = ast_guard.literal_eval(source) if source is not None else None
    except (ValueError, SyntaxError):
        return None
    return value if isinstance(value, str) else None


def _text_changes(code: str, template_code: str, card: bool, title_size: int) -> list[Change]:
    """The user's title and caption, wrapped again to fit (they may predate the fitting)."""
    changes: list[Change] = []
    title, default = _string(code, "title_text"), _string(template_code, "title_text")
    if title is not None and default is not None and title.split() != default.split():
        lines = CARD_LINES if card else TITLE_LINES
        wrapped = fit(clean_text(title, _TEXT_LIMIT), MAX_TEXT_WIDTH, title_size, lines)
        changes.append(Change("title_text", "set", repr(wrapped)))
    caption = _string(code, "caption")
    if caption:
        wrapped = fit(clean_text(caption, _TEXT_LIMIT), MAX_TEXT_WIDTH, CAPTION_SIZE, CAPTION_LINES)
        changes.append(Change("caption", "set", repr(wrapped)))
    return changes


def relaid_code(lesson_title: str, n: int, scene_title: str, code: str) -> Relaid | None:
    """Scene `n` written again from its template, or None when it is not a template scene
    (another lesson's plan, or code without the template's constants)."""
    template = lesson_for(lesson_title)
    if not 1 <= n <= len(template.scenes) or template.scenes[n - 1].plan.title != scene_title:
        return None
    if read_constant(code, "title_text") is None:
        return None
    scene = template.scenes[n - 1]
    fresh = template.code(n - 1, n)
    changes = [
        Change(name, "set", value)
        for name in KEPT
        if (value := read_constant(code, name)) is not None
    ]
    changes += _text_changes(code, fresh, scene.card, scene.title_size)
    if not changes:
        return Relaid(fresh, "layout fixed: the template's layout, text fitted to the frame")
    edited = apply_changes(fresh, changes)
    if not isinstance(edited, Edited):
        return Relaid(fresh, "layout fixed: the template's layout, text fitted to the frame")
    return Relaid(
        edited.code,
        "layout fixed: the template's layout and sizes, text fitted to the frame "
        "(colours, speed and timing kept)",
    )
