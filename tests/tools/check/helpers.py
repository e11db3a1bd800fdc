"""Small helpers for the validator tests."""

from __future__ import annotations

from tools.check import ApiIndex, Problem, check_code


def scene(body: str, header: str = "from manim import *\n") -> str:
    """A module with `header`, then `body` as the construct() of a Scene (body unindented)."""
    lines = body.strip("\n").splitlines()
    indented = "\n".join("        " + line if line else "" for line in lines)
    return f"{header}\n\nclass S(Scene):\n    def construct(self):\n{indented}\n"


def problems(code: str, index: ApiIndex, *, safety: bool = True) -> list[Problem]:
    return check_code(code, index, safety=safety).problems


def codes(code: str, index: ApiIndex, *, safety: bool = True) -> list[str]:
    return [p.code for p in problems(code, index, safety=safety)]
