"""Static validation of LLM-written Manim scene code: the public entry points.

    check_code(code, index, *, safety=True) -> CheckResult   (problems sorted by line)
    fix_code(code, index)                   -> FixResult     (rewrites removed / ManimGL API)

Pure Python over the cached API index (`load_api_index`); manim itself is never imported.
"""

from __future__ import annotations

from mcp_manim_docs.checks import check_code, parse_scene
from mcp_manim_docs.fixer import fix_code
from mcp_manim_docs.problems import CheckResult, FixResult, Problem

__all__ = ["CheckResult", "FixResult", "Problem", "check_code", "fix_code", "parse_scene"]
