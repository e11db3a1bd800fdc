"""Simple edits as rewrites of a scene's constant lines (`color = BLUE`, `speed = 1.0`, ...).

The offline model cannot understand code, so it only changes values the template put in named
constants at the top of `construct`. Code without those lines (e.g. written by another model) is
reported as not editable rather than guessed at. Which changes a message asks for is read by
`edit_requests.py`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from tools.check import ast_guard

Op = Literal["set", "times", "plus"]

# Bounds keep a run of edits from producing an unrenderable or endless scene.
BOUNDS: dict[str, tuple[float, float]] = {
    "speed": (0.1, 10.0),
    # Larger drawings would leave the frame or run into the title (a few templates fill it);
    # smaller ones would shrink their labels below what the layout audit calls readable.
    "scale": (0.5, 1.3),
    "title_size": (12, 120),
    "hold": (0.2, 30.0),
}


@dataclass(frozen=True)
class Change:
    """One rewrite of one constant line."""

    constant: str
    op: Op
    value: str = ""  # Python expression, for "set"
    amount: float = 1.0  # factor for "times", addend for "plus"


@dataclass(frozen=True)
class Edited:
    """The new code and one line per constant changed, e.g. "color: BLUE → RED"."""

    code: str
    summary: tuple[str, ...]


@dataclass(frozen=True)
class NotEditable:
    """Why the offline model will not make this edit."""

    reason: str


def _constant_line(lines: list[str], name: str) -> tuple[int, ast.expr, str] | None:
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*=")
    for index, line in enumerate(lines):
        if not pattern.match(line):
            continue
        stripped = line.strip()
        try:
            statement = ast_guard.parse_module(stripped).body[0]
        except (SyntaxError, IndexError):
            return None
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            return index, statement.value, stripped
        return None
    return None


def read_constant(code: str, name: str) -> str | None:
    """The source of a constant's value (`color = RED` -> "RED"), or None without that line."""
    found = _constant_line(code.split("\n"), name)
    if found is None:
        return None
    _, node, stripped = found
    return ast.get_source_segment(stripped, node)


def _new_value(change: Change, old: ast.expr) -> str | None:
    if change.op == "set":
        return change.value
    try:
        current = ast.literal_eval(old)
    except ValueError:
        return None
    if isinstance(current, bool) or not isinstance(current, int | float):
        return None
    value = current * change.amount if change.op == "times" else current + change.amount
    low, high = BOUNDS.get(change.constant, (float("-inf"), float("inf")))
    value = min(max(value, low), high)
    if isinstance(current, int) and change.constant == "title_size":
        return str(round(value))
    return repr(round(float(value), 3))


def apply_changes(code: str, changes: Sequence[Change]) -> Edited | NotEditable:
    """Rewrite the constants the changes name; refuse when a constant line is missing."""
    if not changes:
        return NotEditable("the request names no change the offline model knows how to make")
    lines = code.split("\n")
    summary: list[str] = []
    for change in changes:
        found = _constant_line(lines, change.constant)
        if found is None:
            return NotEditable(
                f"the scene's code has no `{change.constant} = ...` line to change "
                "(the offline model only edits scenes written from its own templates)"
            )
        index, node, stripped = found
        new = _new_value(change, node)
        if new is None:
            return NotEditable(f"`{change.constant}` in this scene is not a plain number")
        segment = ast.get_source_segment(stripped, node) or ""
        # ast offsets count UTF-8 bytes, and titles may hold any character.
        raw = stripped.encode()
        end = node.end_col_offset if node.end_col_offset is not None else len(raw)
        before, after = raw[: node.col_offset].decode(), raw[end:].decode()
        indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
        lines[index] = indent + before + new + after
        summary.append(f"{change.constant}: {segment} → {new}")
    new_code = "\n".join(lines)
    try:
        ast_guard.parse_module(new_code)
    except SyntaxError:
        return NotEditable("the edited code would not be valid Python")
    return Edited(code=new_code, summary=tuple(summary))
