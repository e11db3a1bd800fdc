"""A render that fails on ManimGL API (the static check switched off) says so in its hint."""

from __future__ import annotations

import pytest

from tools.check import ApiIndex, check_code
from tools.render.engine import RenderEngine
from tools.render.result import RenderFailed, RenderOk

pytestmark = pytest.mark.render

REPLICATE = """from manim import *


class Copies(Scene):
    def construct(self):
        dots = Dot().replicate(3)
        self.play(Create(dots))
"""
PART_BY_TEXT = """from manim import *


class Part(Scene):
    def construct(self):
        words = Text("a b")
        part = words.get_part_by_text("a")
        self.play(Write(words))
"""


def failed(result: RenderOk | RenderFailed) -> RenderFailed:
    assert isinstance(result, RenderFailed), result
    return result


@pytest.mark.parametrize(
    ("code", "line", "blamed", "replacement"),
    [
        (REPLICATE, 6, "replicate", "VGroup(*(mob.copy()"),
        (PART_BY_TEXT, 7, "get_part_by_text", "get_part_by_tex"),
    ],
    ids=["AttributeError", "getter TypeError"],
)
async def test_manimgl_method_at_run_time(
    code: str, line: int, blamed: str, replacement: str, engine: RenderEngine, api_index: ApiIndex
) -> None:
    error = failed(await engine.render(code, validate=False)).error
    assert (error.kind, error.line) == ("runtime", line)
    assert blamed in error.message
    assert error.hint and "ManimGL" in error.hint and replacement in error.hint
    # With the check on, the render never starts: the same line is refused first.
    problems = check_code(code, api_index).problems
    assert [(p.line, p.severity) for p in problems] == [(line, "error")]
