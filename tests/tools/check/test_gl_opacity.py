"""ManimGL's `mob.get_opacity()`: reported before a render in a ManimGL file, and rewritten to
what ManimGL computes (the fill's opacity, or the stroke's without a fill)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.check.helpers import assert_renders
from tools.check import ApiIndex, check_code, fix_code
from tools.render.errors import OPACITY_HINT, gl_runtime_hint

GL = """from manimlib import *


class Fade(Scene):
    def construct(self):
        self.body = Circle().set_fill(BLUE, opacity=0.5)
        line = Line(LEFT, RIGHT)
        a = self.body.get_opacity()
        b = line.get_opacity()
        c = VGroup(line).submobjects[0].get_opacity()
        self.add(self.body.set_opacity(a * b * c), line)
        self.wait(0.2)
"""


def _opacity_lines(code: str, index: ApiIndex) -> list[tuple[int, str, bool]]:
    return [
        (p.line, p.severity, p.fixable)
        for p in check_code(code, index).problems
        if "get_opacity" in p.message
    ]


def test_a_manim_gl_files_get_opacity_is_an_error_before_a_render(api_index: ApiIndex) -> None:
    assert _opacity_lines(GL, api_index) == [
        (8, "error", True),
        (9, "error", True),
        (10, "error", True),
    ]


def test_left_alone_in_a_ce_file_and_where_the_file_defines_it(api_index: ApiIndex) -> None:
    # CE's Text and other SVG mobjects carry an `opacity` that CE's accessor returns.
    assert _opacity_lines(GL.replace("manimlib", "manim"), api_index) == []
    own = GL.replace(
        "class Fade(Scene):",
        "class Faded(VMobject):\n    def get_opacity(self):\n        return 1\n\n\nclass Fade(Scene):",
    )
    assert _opacity_lines(own, api_index) == []


@pytest.mark.render
def test_the_fix_reads_fill_then_stroke_and_the_scene_renders(
    api_index: ApiIndex, tmp_path: Path
) -> None:
    result = fix_code(GL, api_index)
    assert result.code.splitlines()[7:10] == [
        "        a = (self.body.get_fill_opacity() or self.body.get_stroke_opacity())",
        "        b = (line.get_fill_opacity() or line.get_stroke_opacity())",
        # read once: another expression could give another object the second time
        "        c = (lambda m: m.get_fill_opacity() or m.get_stroke_opacity())"
        "(VGroup(line).submobjects[0])",
    ]
    assert result.remaining == []
    assert_renders(result.code, tmp_path)


def test_a_render_that_still_fails_on_it_is_told_the_ce_methods(api_index: ApiIndex) -> None:
    message = "AttributeError: Circle object has no attribute 'opacity'"
    assert gl_runtime_hint(message, api_index) == OPACITY_HINT
    assert "get_fill_opacity" in OPACITY_HINT
