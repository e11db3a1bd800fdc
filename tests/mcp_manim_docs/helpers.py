"""Small helpers for the validator tests."""

from __future__ import annotations

from pathlib import Path

from mcp_manim_docs.api_index import ApiIndex
from mcp_manim_docs.problems import Problem
from mcp_manim_docs.validator import check_code

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"
DATA = Path(__file__).resolve().parent / "data"


def eval_files(kind: str) -> list[Path]:
    files = sorted((EVAL / kind).glob("*.py"))
    assert files, f"no eval files under {EVAL / kind}"
    return files


def scene(body: str, header: str = "from manim import *\n") -> str:
    """A module with `header`, then `body` as the construct() of a Scene (body unindented)."""
    lines = body.strip("\n").splitlines()
    indented = "\n".join("        " + line if line else "" for line in lines)
    return f"{header}\n\nclass S(Scene):\n    def construct(self):\n{indented}\n"


def problems(code: str, index: ApiIndex, *, safety: bool = True) -> list[Problem]:
    return check_code(code, index, safety=safety).problems


def codes(code: str, index: ApiIndex, *, safety: bool = True) -> list[str]:
    return [p.code for p in problems(code, index, safety=safety)]
