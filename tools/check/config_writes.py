"""Writes to manim's `config` in scene code: which are refused, which are only a warning.

The render runner pins resolution, frame rate, quality and caching to the quality preset before
the scene file runs. A tutorial file's module-level `config.pixel_height = 1080` (meant for
`manim file.py`) is then ignored by the runner: a warning. Set while the scene runs (inside a
function), the runner refuses it. Settings that choose where or what is written, or open
programs, are refused wherever they are set, except, at module level, to the value the render
uses anyway (`config.renderer = "cairo"`, `config.preview = False`): that line changes nothing.
The rest (`background_color`, `frame_width`, ...) only changes what the scene looks like and is
left alone.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from tools.check.problems import ProblemKind, Severity
from tools.check.safety_rules import CAPPED_CONFIG_KEYS, OVERRIDDEN_CONFIG_KEYS, PINNED_VALUES

CONFIG_HINT = (
    "remove it: resolution, frame rate, output and renderer are set by the quality preset "
    "when rendering"
)
IGNORED_HINT = "remove it: the renderer sets it from the quality chosen when rendering"


@dataclass(frozen=True)
class ConfigWrite:
    """What the safety check says about one write to `config`."""

    kind: ProblemKind
    code: str
    severity: Severity
    what: str
    hint: str


def config_write(
    target: ast.expr, value: ast.expr | None, at_module_level: bool
) -> ConfigWrite | None:
    """The verdict on assigning `value` (None: not one known value) to `target`, or None when
    it is no render setting."""
    key: str | None = None
    if isinstance(target, ast.Attribute) and is_config(target.value):
        key = target.attr
    elif (
        isinstance(target, ast.Subscript)
        and is_config(target.value)
        and isinstance(target.slice, ast.Constant)
        and isinstance(target.slice.value, str)
    ):
        key = target.slice.value
    if key in OVERRIDDEN_CONFIG_KEYS and at_module_level:
        return ConfigWrite(
            kind="api",
            code="config-ignored",
            severity="warning",
            what=f"config.{key} is set by the renderer from the quality preset; this line is ignored",
            hint=IGNORED_HINT,
        )
    if at_module_level and key in PINNED_VALUES and _constant(value) == PINNED_VALUES[key]:
        return ConfigWrite(
            kind="api",
            code="config-ignored",
            severity="warning",
            what=f"config.{key} is {PINNED_VALUES[key]!r} in every render; this line changes nothing",
            hint="remove it",
        )
    if key in OVERRIDDEN_CONFIG_KEYS or key in CAPPED_CONFIG_KEYS:
        return ConfigWrite(
            kind="unsafe",
            code="config-cap",
            severity="error",
            what=(
                f"setting config.{key} is not allowed: resolution, frame rate and output "
                "are set by the quality preset"
            ),
            hint=CONFIG_HINT,
        )
    return None


def _constant(node: ast.expr | None) -> object:
    """The literal `node` holds (a unique marker for anything else: it equals no value)."""
    if isinstance(node, ast.Constant) and type(node.value) in (str, bool):
        return node.value
    return _constant


def is_config(node: ast.expr) -> bool:
    """`config` or `manim.config` (or `self.config`-like chains ending in `config`)."""
    if isinstance(node, ast.Name):
        return node.id == "config"
    return isinstance(node, ast.Attribute) and node.attr == "config"
