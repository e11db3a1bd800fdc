"""ManimGL code that Manim CE would take and then fail on mid-render is caught by the check, at
its line, and rewritten where the CE spelling means the same: keywords CE's **kwargs pass on
(matching animations, axis config dicts, `unit_size`), camera getters, the mouse, and Text style
maps whose keys overlap."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.check.helpers import assert_renders, scene
from tools.check import ApiIndex, Problem, check_code, fix_code
from tools.check.gl_api import load_gl_api

BODY = 6  # line of the first body line in `scene(...)`
GL = "from manimlib import *\n"


def errors(code: str, index: ApiIndex) -> list[Problem]:
    return [p for p in check_code(code, index).problems if p.severity == "error"]


def fixed(body: str, index: ApiIndex, header: str = GL) -> str:
    result = fix_code(scene(body, header), index)
    assert result.remaining == [], result.remaining
    assert fix_code(result.code, index).code == result.code  # fixing fixed code changes nothing
    return result.code


# (body, the rule that reports it, body after --fix)
FIXES: list[tuple[str, str, str]] = [
    (
        "sq = Square()\nself.play(sq.animate.set_width(5, stretch=True))",
        "removed-api",
        "sq = Square()\nself.play(sq.animate.stretch_to_fit_width(5))",
    ),
    (  # ManimGL up to 1.6 made any keyword an attribute; no release ever read these
        "a = Arc(start_angle=0, angle_end=PI)",
        "unknown-kwarg",
        "a = Arc(start_angle=0)",
    ),
    ("c = Circle(radius=3, plot_depth=3)", "unknown-kwarg", "c = Circle(radius=3)"),
    (  # CE's Circle passes start_angle=0 to Arc itself: "multiple values"
        "c = Circle(radius=2, start_angle=PI / 2).set_color(RED)",
        "gl-only",
        "c = Circle(radius=2).rotate(PI / 2).set_color(RED)",
    ),
    (
        "sq = Square()\nsq.set_height(2, stretch=False)",
        "removed-api",
        "sq = Square()\nsq.scale_to_fit_height(2)",
    ),
    (
        "sq = Square()\nb = always_redraw(Brace, sq, UP, buff=0.1)",
        "gl-only",
        "sq = Square()\nb = always_redraw(lambda: Brace(sq, UP, buff=0.1))",
    ),
    (
        "a, b = MathTex('a'), MathTex('b')\n"
        "self.play(TransformMatchingStrings(a, b, matched_keys=['a'], path_arc=1))",
        "gl-only",
        "a, b = MathTex('a'), MathTex('b')\nself.play(TransformMatchingShapes(a, b, path_arc=1))",
    ),
    (
        "a, b = MathTex('a'), MathTex('b')\nself.play(TransformMatchingTex(\n    matched_keys=['a'],"
        "\n    mobject=a, target_mobject=b,\n))",
        "gl-only",
        "a, b = MathTex('a'), MathTex('b')\nself.play(TransformMatchingTex(\n    mobject=a, "
        "target_mobject=b,\n))",
    ),
    (  # ManimGL caps a filled arrow's width; CE's stroked Arrow caps its own, in other units
        "a = Arrow(ORIGIN, RIGHT, buff=0, max_width_to_length_ratio=1)",
        "gl-only",
        "a = Arrow(ORIGIN, RIGHT, buff=0)",
    ),
    (
        "v = Vector(UP, max_width_to_length_ratio=0.5, color=RED)",
        "gl-only",
        "v = Vector(UP, color=RED)",
    ),
    (  # CE's TransformMatchingTex asserts MathTex parts; ManimGL's takes any text
        "a = Text('n = 1')\nfor n in range(2, 4):\n    self.play(TransformMatchingTex(a, "
        "b := Text(f'n = {n}').to_corner(UR)))\n    a = b",
        "matching-tex",
        "a = Text('n = 1')\nfor n in range(2, 4):\n    self.play(TransformMatchingShapes(a, "
        "b := Text(f'n = {n}').to_corner(UR)))\n    a = b",
    ),
    (  # a Scene has no accessor fallback: ManimGL's getters are an AttributeError in CE
        "self.add(Dot())\nself.remove(*tuple(self.get_mobjects()))",
        "gl-only",
        "self.add(Dot())\nself.remove(*tuple(list(self.mobjects)))",
    ),
    ("t = self.get_time()", "gl-only", "t = self.time"),
    (
        "a = Axes((0, 4), (-2, 2), y_axis_config=dict(big_tick_numbers=[-2, 2]))",
        "removed-kwarg",
        "a = Axes((0, 4), (-2, 2), y_axis_config=dict(numbers_with_elongated_ticks=[-2, 2]))",
    ),
    (
        "a = NumberPlane(axis_config={'line_to_number_direction': UP})",
        "removed-kwarg",
        "a = NumberPlane(axis_config={'label_direction': UP})",
    ),
    (
        "n = NumberLine(big_tick_numbers=[1])",
        "removed-kwarg",
        "n = NumberLine(numbers_with_elongated_ticks=[1])",
    ),
    (
        "a = Axes((-3, 3), (-3, 3), unit_size=0.5)",
        "removed-kwarg",
        "a = Axes((-3, 3), (-3, 3), x_length=None, y_length=None, axis_config={'unit_size': 0.5})",
    ),
    (
        "d = Dot().move_to(self.camera.get_frame_center())",
        "removed-api",
        "d = Dot().move_to(self.camera.frame_center)",
    ),
    ("w = self.camera.get_frame_width()", "removed-api", "w = self.camera.frame_width"),
    (
        "c = Circle()\nalways(c.move_to, self.mouse_point)",
        "gl-only",
        "c = Circle()\nalways(c.move_to, Point())",
    ),
    (
        't = Text("Text and TexText", t2c={"Text": BLUE, "TexText": BLUE, "and": RED})',
        "overlapping-styles",
        't = Text("Text and TexText", t2c={"[0:4]": BLUE, "[9:16]": BLUE, "and": RED})',
    ),
    (
        'label = Text("Width = 0.00", font_size=30)\nn = label.make_number_changeable("0.00")',
        "removed-api",
        'label = VGroup(Text("Width =", font_size=30), DecimalNumber(0.00, num_decimal_places=2, '
        "font_size=30)).arrange(RIGHT)\nn = label[1]",
    ),
]


@pytest.mark.parametrize(
    ("body", "rule", "after"), FIXES, ids=[b.splitlines()[-1] for b, _, _ in FIXES]
)
def test_a_runtime_trap_with_an_exact_ce_spelling_is_fixed(
    body: str, rule: str, after: str, api_index: ApiIndex
) -> None:
    flagged = [p for p in errors(scene(body, GL), api_index) if p.code != "gl-import"]
    ours = [p for p in flagged if p.code == rule]
    assert len(ours) == 1 and BODY <= ours[0].line <= BODY + body.count("\n")
    assert ours[0].message.startswith(f"line {ours[0].line}: ")
    assert all(p.fixable for p in flagged)
    assert fixed(body, api_index) == scene(after)


# (body, the rule, a word of the advice): no exact CE spelling, so an error at its line
UNFIXABLE: list[tuple[str, str, str]] = [
    ("Square().scale_to_fit_width(2, stretch=bool(1))", "removed-api", "stretch_to_fit_width"),
    (
        "b = always_redraw(Brace, Square(), UP)",
        "gl-only",
        "lambda: f(...)",
    ),  # a new square per frame
    ("a = Axes(x_axis_config=dict(big_tick_spacing=2))", "unknown-kwarg", "no Manim CE equivalent"),
    ("a = Axes(axis_config={'stroke_widht': 2})", "unknown-kwarg", "stroke_width"),
    ("c = Circle(colr=RED)", "unknown-kwarg", "color"),  # a typo: CE's spelling is meant
    ("a = Axes(unit_size=2, axis_config={'color': RED})", "removed-kwarg", "axis_config"),
    ("self.camera.set_frame_center(UP)", "removed-api", "self.camera.frame.move_to"),
    ("c = self.camera.get_frame_center(1)", "removed-api", "frame_center"),
    ("s = self.camera.get_frame_shape()", "gl-only", "frame_width"),
    ("p = self.mouse_point.get_center()", "gl-only", "Point()"),
    ('t = Text("TexText", t2c={"Text": BLUE, "TexText": RED})', "overlapping-styles", "slices"),
    ('t = Text("ab", t2f={"[0:2]": "Arial", "b": "Consolas"})', "overlapping-styles", "slices"),
]


@pytest.mark.parametrize(("body", "rule", "advice"), UNFIXABLE, ids=[b for b, _, _ in UNFIXABLE])
def test_a_runtime_trap_without_one_is_an_error_at_its_line(
    body: str, rule: str, advice: str, api_index: ApiIndex
) -> None:
    flagged = [p for p in errors(scene(body), api_index)]
    assert [(p.line, p.code) for p in flagged] == [(BODY, rule)]
    assert f"line {BODY}" in flagged[0].message
    assert advice in (flagged[0].suggestion or "")
    assert fix_code(scene(body), api_index).remaining


LEFT_ALONE: list[str] = [
    "sq = Square()\nb = always_redraw(lambda: Brace(sq, UP))",
    "a = Axes(axis_config={'include_numbers': True}, y_axis_config=dict(numbers_to_exclude=[0]))",
    "cfg = {'big_tick_numbers': [1]}\na = Axes(axis_config=cfg)",  # not spelled out: not judged
    "a, b = MathTex('a'), MathTex('b')\nself.play(TransformMatchingTex(a, b, key_map={'a': 'b'}))",
    "self.add(Dot())\nmobs = self.get_mobject_family_members()",  # CE has this one
    # `t` is a parameter in one place: which text it is cannot be known
    "def swap(t):\n    return TransformMatchingTex(t, MathTex('b'))\nt = Text('a')",
    "d = Dot().move_to(self.camera.frame_center)",
    't = Text("font words", t2f={"font": "Arial"}, t2c={"font": BLUE, "words": RED})',
    't = Text("ab ab", t2c={"a": BLUE, "b": RED})',  # touching is not overlapping
    "s = 'Text TexText'\nt = Text(s, t2c={'Text': BLUE, 'TexText': BLUE})",  # text unknown
]


@pytest.mark.parametrize("body", LEFT_ALONE)
def test_ce_code_is_left_alone(body: str, api_index: ApiIndex) -> None:
    assert check_code(scene(body), api_index).problems == []


NOT_AT_THE_END: list[str] = [
    't = Tex("x = 4")\nv = t.make_number_changeable("4")\nt[0].set_color(RED)',  # indexed
    't = Tex("4 = x")\nv = t.make_number_changeable("4")',  # not at the end
    't = Tex("x^2 = 4")\nv = t.make_number_changeable("2", replace_all=True)',
    't = Tex("x = 4")\nt = Tex("x = 5")\nv = t.make_number_changeable("5")',  # bound twice
]


@pytest.mark.parametrize("body", NOT_AT_THE_END)
def test_a_changeable_number_is_rewritten_only_in_the_plain_shape(
    body: str, api_index: ApiIndex
) -> None:
    result = fix_code(scene(body), api_index)
    assert [p.code for p in result.remaining] == ["removed-api"]
    assert "make_number_changeable" in result.remaining[0].message
    assert "DecimalNumber" in (result.remaining[0].suggestion or "")


@pytest.mark.render
def test_a_circle_starts_where_manim_gl_started_it(api_index: ApiIndex, tmp_path: Path) -> None:
    body = (
        "c = Circle(radius=2, start_angle=PI / 2)\n"
        "assert np.allclose(c.get_start(), c.get_center() + 2 * UP)\n"
        "self.play(Create(c))"
    )
    assert_renders(fixed(body, api_index), tmp_path)


def test_what_manim_gl_read_is_known_by_class_and_base() -> None:
    gl = load_gl_api()
    assert gl.takes("Arc", "start_angle") is True
    assert gl.takes("Circle", "radius") is True  # through Arc
    assert gl.takes("Arc", "angle_end") is False
    assert gl.takes("NoSuchClass", "radius") is None


def test_in_a_manim_ce_file_an_unknown_keyword_stays_an_error(api_index: ApiIndex) -> None:
    code = scene("c = Circle(radius=3, plot_depth=3)")
    [problem] = [p for p in check_code(code, api_index).problems if p.code == "unknown-kwarg"]
    assert (problem.severity, problem.fixable) == ("error", False)
