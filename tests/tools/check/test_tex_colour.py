"""LaTeX's colour commands in a Tex get a template that loads xcolor (CE's default has none)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.check.helpers import assert_renders
from tools.check import ApiIndex, check_code, fix_code

GL_SCENE = """from manimlib import *
import math


class Answer(Scene):
    def construct(self):
        answer = Tex(R"\\sqrt{6} = \\textcolor{red}{2.449}48")
        note = TexText(R"{\\color{blue} about} 2.45")
        self.play(Write(answer), Write(note))
"""

FIXED = """from manim import *
import math

XCOLOR_TEX = TexTemplate()
XCOLOR_TEX.add_to_preamble(r"\\usepackage{xcolor}")


class Answer(Scene):
    def construct(self):
        answer = MathTex(R"\\sqrt{6} = \\textcolor{red}{2.449}48", tex_template=XCOLOR_TEX)
        note = Tex(R"{\\color{blue} about} 2.45", tex_template=XCOLOR_TEX)
        self.play(Write(answer), Write(note))
"""


def test_colour_commands_are_errors_at_their_lines(api_index: ApiIndex) -> None:
    found = [p for p in check_code(GL_SCENE, api_index).problems if p.code == "tex-xcolor"]
    assert [(p.line, p.severity, p.fixable) for p in found] == [
        (7, "error", True),
        (8, "error", True),
    ]
    assert "\\textcolor needs LaTeX's xcolor package" in found[0].message
    assert "\\color needs" in found[1].message


def test_the_fix_adds_one_template_and_hands_it_to_each_tex(api_index: ApiIndex) -> None:
    result = fix_code(GL_SCENE, api_index)
    assert result.code == FIXED
    assert result.remaining == []
    assert fix_code(result.code, api_index).code == result.code  # nothing left to do


@pytest.mark.parametrize(
    "code",
    [
        # A template of its own: it may well load xcolor.
        'from manim import *\nt = MathTex(r"\\textcolor{red}{x}", tex_template=TexTemplate())\n',
        # No colour command: `\colon` is not `\color`.
        'from manim import *\nt = MathTex(r"f\\colon A \\to B")\n',
    ],
)
def test_left_alone(code: str, api_index: ApiIndex) -> None:
    assert [p for p in check_code(code, api_index).problems if p.code == "tex-xcolor"] == []


def test_without_manims_names_unqualified_it_is_reported_not_fixed(api_index: ApiIndex) -> None:
    code = 'from manim import MathTex\nt = MathTex(r"\\textcolor{red}{x}")\n'
    result = fix_code(code, api_index)
    found = [p for p in result.remaining if p.code == "tex-xcolor"]
    assert [(p.line, p.fixable) for p in found] == [(2, False)]
    assert "tex_template=" in (found[0].suggestion or "")


@pytest.mark.render
def test_the_fixed_scene_renders_the_colours(api_index: ApiIndex, tmp_path: Path) -> None:
    code = fix_code(GL_SCENE, api_index).code
    # The scene checks its own glyphs' colours, as dvisvgm passed them on from xcolor.
    code += (
        "        colours = {m.get_fill_color().to_hex() for m in answer.family_members_with_points()}\n"
        '        assert colours == {"#FF0000", "#FFFFFF"}, colours\n'
        "        colours = {m.get_fill_color().to_hex() for m in note.family_members_with_points()}\n"
        '        assert colours == {"#0000FF", "#FFFFFF"}, colours\n'
    )
    assert_renders(code, tmp_path)
