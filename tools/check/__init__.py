"""Static checks of LLM-written Manim scene code: the public entry points.

    check_code(code, index, *, safety=True, scene=None) -> CheckResult   (sorted by line)
    fix_code(code, index)                   -> FixResult     (rewrites removed / ManimGL API)

Pure Python over the cached API index (`load_api_index`); manim itself is never imported.
Three callers: the write path (a scene is fixed before it is stored), the render gate (a scene
is checked before it renders) and the docs server's `validate_manim_code` tool.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tools.check.api_index import ApiIndex, load_api_index
    from tools.check.checks import check_code, parse_scene
    from tools.check.fixer import fix_code
    from tools.check.problems import CheckResult, FixResult, Problem

# Each name loads its module on first use: `tutor render` starts its sandbox before the
# checker's modules (a tenth of a second of imports) are needed.
_HOMES = {
    "ApiIndex": "api_index",
    "load_api_index": "api_index",
    "check_code": "checks",
    "parse_scene": "checks",
    "fix_code": "fixer",
    "CheckResult": "problems",
    "FixResult": "problems",
    "Problem": "problems",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)


__all__ = [
    "ApiIndex",
    "CheckResult",
    "FixResult",
    "Problem",
    "check_code",
    "fix_code",
    "load_api_index",
    "parse_scene",
]
