r"""ManimGL's `tex["x"]` picks become CE's isolated substrings, or a MathTex cut at the picks,
where that is exact; else they stay errors."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.tools.check.helpers import assert_renders, scene
from tools.check import ApiIndex, check_code, fix_code
from tools.check.tex_isolation import isolable, split_pieces

BODY = 6  # line of the first body line in `scene(...)`
GL = "from manimlib import *\n"

# (tex, keys CE isolates, keys picked) -> the tex respelled so CE isolates them, or None
SPELLINGS: list[tuple[str, list[str], list[str], str | None]] = [
    (r"e^{\pi i} = -1", [r"\pi", "-1"], [r"\pi", "-1"], r"e^{\pi i} = -1"),
    ("A^2 + B^2 = C^2", ["A^2", "C^2"], ["A^2", "C^2"], "A^2 + B^2 = C^2"),
    # a bare macro argument is braced: the marker CE puts round it would become the argument
    (
        r"\sum_{n=1}^\infty \frac{1}{n^2}",
        [r"\infty"],
        [r"\infty"],
        r"\sum_{n=1}^{\infty} \frac{1}{n^2}",
    ),
    (r"\frac12", ["2"], ["2"], r"\frac1{2}"),
    (r"\sqrt2 + y", ["2"], ["2"], r"\sqrt{2} + y"),
    (r"x^ab", ["a"], ["a"], r"x^{a}b"),
    (r"\sqrt[3]{x} + y", ["y"], ["y"], r"\sqrt[3]{x} + y"),
    (r"e^{\pi i} = -1", ["e", r"e^{\pi i}"], ["e"], None),  # the longer match swallows "e"
    ("x^2 + y^2", ["2"], ["2"], None),  # twice: ManimGL picks both, get_part_by_tex one
    (r"\pi i", ["i"], ["i"], None),  # CE would cut \pi
    (r"\frac{a}{b}", ["a"], ["a"], None),  # CE would cut \frac
    (r"\left( x \right)", ["("], ["("], None),  # a delimiter cannot be braced
    (r"x^ab", ["ab"], ["ab"], None),  # bracing would move b into the exponent
    ("x^", ["x^"], ["x^"], None),  # the exponent lies outside the pick
    (r"{{a}} + b", ["b"], ["b"], None),  # CE splits double braces itself
]


@pytest.mark.parametrize(("tex", "keys", "picked", "spelled"), SPELLINGS)
def test_a_tex_is_respelled_only_where_ce_can_isolate_its_picks(
    tex: str, keys: list[str], picked: list[str], spelled: str | None
) -> None:
    assert isolable(tex, keys, picked) == spelled


PICKS = r"""
equation = Tex(R"e^{\pi i} = -1", font_size=96)
self.add(equation)
self.play(FlashAround(equation["e"]))
assert len(equation[R"\pi"]) == 1 and len(equation["-1"]) == 2
equation = Tex(
    R"\sum_{n = 1}^\infty {1 \over n^2}",
    isolate=[R"\infty"],
)
self.play(equation[R"\infty"].animate.set_color(RED))
sq = Tex("x^2 + y^2 = r^2").to_edge(UP)
sq["r"].add_updater(lambda m: m.set_color(BLUE))
assert len(sq["x^2"]) == 2
self.add(sq)
"""

PICKS_FIXED = r"""
equation = MathTex(R"e^{\pi i} = -1", font_size=96, substrings_to_isolate=["e", R"\pi", "-1"])
self.add(equation)
self.play(Circumscribe(equation.get_part_by_tex("e")))
assert len(equation.get_part_by_tex(R"\pi")) == 1 and len(equation.get_part_by_tex("-1")) == 2
equation = MathTex(
    R"\sum_{n = 1}^{\infty} {1 \over n^2}",
    substrings_to_isolate=[R"\infty"],
)
self.play(equation.get_part_by_tex(R"\infty").animate.set_color(RED))
sq = MathTex("x^2 + y^2 = r^2", substrings_to_isolate=["r", "x^2"]).to_edge(UP)
sq.get_part_by_tex("r").add_updater(lambda m: m.set_color(BLUE))
assert len(sq.get_part_by_tex("x^2")) == 2
self.add(sq)
"""


def test_picks_by_string_are_respelled_with_isolated_substrings(api_index: ApiIndex) -> None:
    result = fix_code(scene(PICKS, GL), api_index)
    assert result.code == scene(PICKS_FIXED)
    assert result.remaining == []
    assert fix_code(result.code, api_index).code == result.code


def test_each_pick_is_reported_at_its_line_before_the_fix(api_index: ApiIndex) -> None:
    picks = [p for p in check_code(scene(PICKS, GL), api_index).problems if p.code == "gl-only"]
    assert [(p.line, p.severity, p.fixable) for p in picks] == [
        (BODY + n, "error", True) for n in (2, 3, 3, 8, 10, 11)
    ]
    assert "get_part_by_tex('e')" in (picks[0].suggestion or "")


UNFIXABLE: list[str] = [
    'eq = Tex(R"\\left( x \\right)")\neq["("].set_color(RED)',  # a delimiter cannot be cut off
    'eq = Tex("x^2", "+ y^2")\neq["2"].set_color(RED)',  # two strings, one picked in both
    'eq = Tex(R"\\pi i")\neq["i"].set_color(RED)\neq[R"\\pi"].set_color(RED)',  # inside \pi
    'eq = Tex("A^2 + B^2")\neq[re.compile(r"(\\w)\\^2")].set_color(RED)',  # a group
    'eq = Tex("aaaa")\neq[re.compile(r"a*a*a*")].set_color(RED)',  # backtracking unbounded
    'eq = Tex("a + b")\neq[re.compile(r"c")].set_color(RED)',  # matches nothing
    'eq = Tex("x^2 + y^2")\neq["2"].set_color(RED)\neq[0].set_color(BLUE)',  # a cut renumbers eq[0]
    # a pick built at run time, which no rewrite could follow
    'eq = Tex("a + b")\neq["a"].set_color(RED)\nfor k in "ab":\n    eq[f"{k}"].set_opacity(1)',
    'eq = Tex("a + b")\nf = lambda: eq["a"]\neq = Tex("c + a")',  # which binding the lambda reads
    'eq = Tex(f"{1} + b")\neq["b"].set_color(RED)',  # not a literal
    'eq = Tex("a + b", isolate=keys)\neq["b"].set_color(RED)',
    'if keys == []:\n    eq = Tex("a + b")\neq["b"].set_color(RED)',  # bound in a branch
]


@pytest.mark.parametrize("body", UNFIXABLE)
def test_picks_ce_cannot_take_exactly_stay_errors(body: str, api_index: ApiIndex) -> None:
    result = fix_code(scene("keys = []\n" + body, GL), api_index)
    left = [p for p in result.remaining if p.code == "gl-only"]
    assert left and all(p.severity == "error" and not p.fixable for p in left), result.remaining
    assert "get_part_by_tex" not in result.code


def test_a_pick_by_regular_expression_is_an_error_at_its_line(api_index: ApiIndex) -> None:
    body = 'eq = Tex("A^2 + B^2")\nfor part in eq[re.compile(r"\\w\\^2")]:\n    part.set_color(RED)'
    flagged = [p for p in check_code(scene(body, GL), api_index).problems if p.code == "gl-only"]
    assert [(p.line, p.severity, p.fixable) for p in flagged] == [(BODY + 1, "error", True)]
    assert "regular expression" in flagged[0].message
    assert "substrings_to_isolate" in (flagged[0].suggestion or "")


@pytest.mark.render
def test_the_respelled_picks_render_and_pick_the_glyphs_manimgl_would(
    api_index: ApiIndex, tmp_path: Path
) -> None:
    # The scene asserts, after the fix, how many glyphs each pick holds.
    code = fix_code(scene(PICKS, GL), api_index).code
    assert_renders(code, tmp_path, "picks")


def test_a_respelled_literal_keeps_its_meaning_without_the_raw_prefix(api_index: ApiIndex) -> None:
    body = 'eq = Tex("\\\\sqrt2 + y")\neq["2"].set_color(RED)'
    fixed = fix_code(scene(body, GL), api_index).code
    call = next(
        n
        for n in ast.walk(ast.parse(fixed))
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "MathTex"
    )
    assert ast.literal_eval(call.args[0]) == "\\sqrt{2} + y"
    assert 'eq.get_part_by_tex("2")' in fixed


# (tex, spans) -> the pieces and each span's (first, stop) pieces, or None
SPLITS: list[tuple[str, list[str], tuple[list[str], list[tuple[int, int]]] | None]] = [
    (
        r"e^{\pi i} = -1",
        ["e", r"\pi", r"e^{\pi i}", "-1"],
        (["e", "^{", r"\pi", " i}", " = ", "-1"], [(0, 1), (2, 3), (0, 4), (5, 6)]),
    ),
    ("A^2 + B^2 = C^2", ["A^2", "C^2"], (["A^2", " + B^2 = ", "C^2"], [(0, 1), (2, 3)])),
    # a cut before a bare argument braces it, and moves inside the braces
    ("x^2 + 1", ["2", "x^2"], (["x^{", "2}", " + 1"], [(1, 2), (0, 2)])),
    (r"\frac12", ["1"], ([r"\frac{", "1}{", "2}"], [(1, 2)])),
    (r"x^ 2", ["2"], (["x^ {", "2}"], [(1, 2)])),
    (r"\sqrt[3]{x}", ["x"], ([r"\sqrt[3]{", "x", "}"], [(1, 2)])),
    (r"\sqrt[3]{x}", ["{x}"], ([r"\sqrt[3]{", "x}"], [(1, 2)])),
    (r"\left( x \right)", ["x"], ([r"\left( ", "x", r" \right)"], [(1, 2)])),
    (r"\left( x \right)", ["("], None),  # a delimiter
    (r"\sqrt[3]{x}", ["3"], None),  # between the macro and its argument
    (r"a\pi", ["i"], None),  # inside a control word
    (r"\frac{a}{b}", [r"\frac{a}"], None),  # the second argument lies outside
    ("a % b", ["a"], None),  # the comment would swallow what follows
]


@pytest.mark.parametrize(("tex", "keys", "cut"), SPLITS)
def test_a_tex_is_cut_only_where_latex_reads_it_the_same(
    tex: str, keys: list[str], cut: tuple[list[str], list[tuple[int, int]]] | None
) -> None:
    spans = [(tex.index(key), tex.index(key) + len(key)) for key in keys]
    assert split_pieces(tex, spans) == cut
    if cut is not None:
        pieces, _ = cut
        assert "".join(pieces).replace("{", "").replace("}", "") == tex.replace("{", "").replace(
            "}", ""
        )


# Picks CE cannot isolate: overlapping, repeated, and by regular expression. `glyphs` counts
# what a pick shows, which is the same in ManimGL and in CE.
CUT = r"""
def glyphs(mob):
    return len(mob.family_members_with_points())
eq = Tex(R"e^{\pi i} = -1")
self.add(eq)
assert glyphs(eq["e"]) == 1 and glyphs(eq[R"e^{\pi i}"]) == 3
self.play(Indicate(eq[R"\pi"]), FadeOut(eq["-1"]))
sq = Tex("x^2 + y^2 = 1").next_to(eq, DOWN)
assert glyphs(sq["2"]) == 2 and glyphs(sq["x^2"]) == 2 and len(sq["2"]) == 2
sq["2"].set_color(RED)
abc = Tex("A^2 + B^2 = C^2").to_edge(UP)
assert [glyphs(part) for part in abc[re.compile(r"\w\^2")]] == [2, 2, 2]
self.play(Write(abc), Write(sq))
"""

CUT_FIXED = r"""
def glyphs(mob):
    return len(mob.family_members_with_points())
eq = MathTex(R"e", R"^{", R"\pi", R" i}", R" = ", R"-1", arg_separator="")
self.add(eq)
assert glyphs(eq.get_part_by_tex("e")) == 1 and glyphs(eq[0:4]) == 3
self.play(Indicate(eq.get_part_by_tex(R"\pi")), FadeOut(eq.get_part_by_tex("-1")))
sq = MathTex("x^{", "2}", " + y^{", "2}", " = 1", arg_separator="").next_to(eq, DOWN)
assert glyphs(VGroup(sq[1], sq[3])) == 2 and glyphs(sq[0:2]) == 2 and len(VGroup(sq[1], sq[3])) == 2
VGroup(sq[1], sq[3]).set_color(RED)
abc = MathTex("A^2", " + ", "B^2", " = ", "C^2", arg_separator="").to_edge(UP)
assert [glyphs(part) for part in VGroup(abc[0], abc[2], abc[4])] == [2, 2, 2]
self.play(Write(abc), Write(sq))
"""


def test_picks_ce_cannot_isolate_cut_the_tex_into_parts(api_index: ApiIndex) -> None:
    result = fix_code(scene(CUT, GL), api_index)
    assert result.code == scene(CUT_FIXED)  # and no `import re` for the dropped re.compile
    assert result.remaining == []
    assert fix_code(result.code, api_index).code == result.code


@pytest.mark.render
def test_the_cut_tex_renders_and_its_picks_hold_the_glyphs_manimgl_would(
    api_index: ApiIndex, tmp_path: Path
) -> None:
    assert_renders(fix_code(scene(CUT, GL), api_index).code, tmp_path, "cut")


def test_an_integer_index_keeps_the_isolating_rewrite(api_index: ApiIndex) -> None:
    # Isolating substrings leaves a one-string MathTex one part, so eq[0] means what it did.
    body = 'eq = Tex("a + b")\neq["b"].set_color(RED)\neq[0].set_opacity(1)'
    fixed = fix_code(scene(body, GL), api_index).code
    assert 'eq.get_part_by_tex("b")' in fixed and "eq[0].set_opacity(1)" in fixed


def test_a_pick_by_an_f_string_is_an_error_at_its_line(api_index: ApiIndex) -> None:
    body = 'eq = Tex("a + b")\nfor k in "ab":\n    eq[f"{k}"].set_color(RED)'
    flagged = [p for p in check_code(scene(body, GL), api_index).problems if p.code == "gl-only"]
    assert [(p.line, p.severity, p.fixable) for p in flagged] == [(BODY + 2, "error", False)]
    assert 'eq[f"{k}"] picks a part by its string' in flagged[0].message
