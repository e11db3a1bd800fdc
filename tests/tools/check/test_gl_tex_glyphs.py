"""Glyph numbers into ManimGL's flat Tex reach Manim CE's glyphs through its parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.check.helpers import assert_renders
from tools.check import ApiIndex, check_code, fix_code

GL = """from manimlib import *


class Glyphs(Scene):
    def construct(self):
        eq = Tex("abc").scale(2)
        first = eq[0]
        self.add(SurroundingRectangle(eq[2]))
        new_eq = Tex("de")
        eq = new_eq
        count = len(eq)
        tail = eq[-1]
        parts = Tex(R"x - C")
        minus_c = parts["- C"][0]
        main = parts[:-2]
        self.add(eq, parts)
"""

FIXED_LINES = [
    '        eq = MathTex("abc").scale(2)',
    "        first = eq[0][0]",
    "        self.add(SurroundingRectangle(eq[0][2]))",
    '        new_eq = MathTex("de")',
    "        eq = new_eq",
    "        count = len(eq[0])",
    "        tail = eq[0][-1]",
    '        parts = MathTex(R"x - C", substrings_to_isolate=["- C"])',
    '        minus_c = parts.get_part_by_tex("- C")',
    "        main = VGroup(*(g for part in parts for g in part))[:-2]",
]


def test_a_glyph_number_is_a_fixable_error_once_per_name(api_index: ApiIndex) -> None:
    found = [p for p in check_code(GL, api_index).problems if p.code == "gl-tex-glyphs"]
    assert [(p.line, p.severity, p.fixable) for p in found] == [
        (8, "error", True),
        (15, "error", True),
    ]
    assert found[0].suggestion == "eq[0][2] for a one-string MathTex"


def test_the_fix_reaches_the_glyphs_through_the_parts(api_index: ApiIndex) -> None:
    result = fix_code(GL, api_index)
    assert result.code.splitlines()[5:15] == FIXED_LINES
    assert result.remaining == []
    assert fix_code(result.code, api_index).code == result.code


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (("eq[2]", "eq[0][2]"), "older ManimGL: its Tex had parts, as CE's does"),
        (('parts["- C"][0]', "parts"), "eq[0] and len() alone: the same in both"),
    ],
)
def test_files_that_do_not_say_flat_are_left_alone(
    change: tuple[str, str], why: str, api_index: ApiIndex
) -> None:
    code = GL.replace(*change)
    if change[0] == 'parts["- C"][0]':
        code = code.replace("eq[2]", "eq[0]").replace("eq[-1]", "eq[0]").replace("[:-2]", "")
    found = [p for p in check_code(code, api_index).problems if p.code == "gl-tex-glyphs"]
    assert found == [], why


def test_a_manim_ce_file_is_left_alone(api_index: ApiIndex) -> None:
    code = 'from manim import *\n\n\nclass S(Scene):\n    def construct(self):\n        eq = MathTex("a", "b")\n        self.add(eq[1])\n'
    assert [p for p in check_code(code, api_index).problems if p.code == "gl-tex-glyphs"] == []


@pytest.mark.render
def test_the_fixed_picks_hold_the_glyphs_manim_gl_meant(
    api_index: ApiIndex, tmp_path: Path
) -> None:
    code = fix_code(GL, api_index).code + (
        "        assert count == 2 and first.get_x() < -0.1 and tail is eq[0][1]\n"
        "        assert len(minus_c) == 2 and len(main) == 1 and main[0] is parts[0][0]\n"
        "        self.wait(0.1)\n"
    )
    assert_renders(code, tmp_path)
