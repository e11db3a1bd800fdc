"""ManimGL-only API is flagged before a render, at its line, and fixed where the rewrite is exact."""

from __future__ import annotations

import pytest

from tests.tools.check.helpers import problems, scene
from tools.check import ApiIndex, Problem, check_code, fix_code

BODY = 6  # line of the first body line in `scene(...)`
GL = "from manimlib import *\n"


def found(code: str, index: ApiIndex) -> list[Problem]:
    return [p for p in problems(code, index) if p.kind == "api"]


def fixed(body: str, index: ApiIndex, header: str = "from manim import *\n") -> str:
    result = fix_code(scene(body, header), index)
    assert result.remaining == [], result.remaining
    assert check_code(result.code, index).ok
    assert fix_code(result.code, index).code == result.code  # fixing fixed code changes nothing
    return result.code


# (body, body after --fix)
FIXES: list[tuple[str, str]] = [
    ("c = X_COLOR", "c = GREEN_C"),
    ("d = Dot().replicate(5)", "d = VGroup(*(Dot().copy() for _ in range(5)))"),
    (
        "sq = Square()\ng = sq.replicate(2 + 1)",
        "sq = Square()\ng = VGroup(*(sq.copy() for _ in range(2 + 1)))",
    ),
    (
        "g = Square().get_grid(2, 3, height=4)",
        "g = VGroup(*(Square().copy() for _ in range(2 * 3))).arrange_in_grid(2, 3)"
        ".scale_to_fit_height(4)",
    ),
    (
        "g = Dot().get_grid(3, 4, buff=0.5)",
        "g = VGroup(*(Dot().copy() for _ in range(3 * 4))).arrange_in_grid(3, 4, buff=0.5)",
    ),
    (
        "g = Dot().get_grid(2, 2, h_buff=1, v_buff=0.5)",
        "g = VGroup(*(Dot().copy() for _ in range(2 * 2))).arrange_in_grid(2, 2, buff=(1, 0.5))",
    ),
    (
        "m = DecimalNumber(0)\nm.f_always.set_value(lambda: m.get_value() + 1)",
        "m = DecimalNumber(0)\nm.add_updater(lambda mob: mob.set_value((m.get_value() + 1)))",
    ),
    (
        "sq = Square()\nn = DecimalNumber(0)\nn.f_always.set_value(sq.get_width)",
        "sq = Square()\nn = DecimalNumber(0)\nn.add_updater(lambda m: m.set_value(sq.width))",
    ),
    (
        "t = Text('a')\nt.set_backstroke(width=5)",
        "t = Text('a')\nt.set_stroke(BLACK, width=5, background=True)",
    ),
    (
        "t = Text('a')\nt.set_backstroke(RED)",
        "t = Text('a')\nt.set_stroke(RED, width=3, background=True)",
    ),
    ("p = Square().pfp(0.5)", "p = Square().point_from_proportion(0.5)"),
    ("sq = Square()\ncp = sq.deepcopy()", "sq = Square()\ncp = sq.copy()"),
    # ManimGL calls that change nothing Cairo draws: dropped, with the line when it stands alone
    ("sq = Square().set_shading(0.5, 0.2)", "sq = Square()"),
    ("sq = Square()\nsq.refresh_bounding_box()", "sq = Square()"),
    ("sq = Square()\nif sq:\n    sq.use_winding_fill(False)", "sq = Square()\nif sq:\n    sq"),
    ("t = Torus(r1=1, r2=0.25)", "t = Torus(major_radius=1, minor_radius=0.25)"),
    ("s = op.add(1, 2)", "s = op.add(1, 2)"),  # with `import operator as op` added
    ("self.add(Dot())\nself.embed()", "self.add(Dot())\npass"),
    ('t = Tex(r"$\\mathds{R}$")', 't = Tex(r"$\\mathbb{R}$")'),
]


@pytest.mark.parametrize(("body", "after"), FIXES, ids=[b.splitlines()[-1] for b, _ in FIXES])
def test_gl_api_with_an_exact_ce_spelling_is_fixed(
    body: str, after: str, api_index: ApiIndex
) -> None:
    flagged = found(scene(body), api_index)
    assert {p.line for p in flagged} == {BODY + body.count("\n")}
    # One positional value is taken by CE's set_* fallback as a no-op: it renders, so it warns.
    no_op = body.endswith("set_backstroke(RED)")
    assert flagged[0].fixable and flagged[0].severity == ("warning" if no_op else "error")
    header = "from manim import *\nimport operator as op\n" if "op." in body else None
    assert fixed(body, api_index) == scene(after, *([header] if header else []))


def test_names_from_manimgls_star_import_get_their_import(api_index: ApiIndex) -> None:
    body = "s = reduce(op.add, [1, 2])\nr = math.sqrt(s)\nq = op.mul(r, 2)"
    [*flagged] = found(scene(body, GL), api_index)
    star = [(p.line, p.code) for p in flagged if p.code == "gl-star-import"]
    assert star == [
        (BODY, "gl-star-import"),
        (BODY, "gl-star-import"),
        (BODY + 1, "gl-star-import"),
    ]
    assert "import operator as op" in " ".join(p.suggestion or "" for p in flagged)
    code = fixed(body, api_index, GL)
    assert code.startswith(
        "from manim import *\nfrom functools import reduce\nimport operator as op\nimport math\n\n"
    )


def test_old_keywords_in_a_splatted_dict_are_renamed(api_index: ApiIndex) -> None:
    body = (
        "kw = dict(font_size=48, t2c={'x': RED})\na = Tex('x', **kw)\nb = Tex('y', **kw)\n"
        "kw = dict(run_time=2)\nself.play(Write(a, **kw))"
    )
    flagged = found(scene(body, GL), api_index)
    assert [(p.line, p.code) for p in flagged if p.code == "removed-kwarg"] == [
        (BODY, "removed-kwarg")
    ]
    after = fixed(body, api_index, GL)
    assert "kw = dict(font_size=48, tex_to_color_map={'x': RED})\n" in after
    assert "a = MathTex('x', **kw)" in after and "kw = dict(run_time=2)" in after
    # A dict also used some other way is left alone: its keys may be read elsewhere.
    other = "kw = dict(t2c={'x': RED})\na = MathTex('x', **kw)\nprint(kw)"
    assert [p.code for p in found(scene(other), api_index)] == []


def test_old_keys_of_a_splatted_dict_literal_are_renamed(api_index: ApiIndex) -> None:
    # Seen in real ManimGL code: settings in a {...} literal, handed over as **kwb.
    body = (
        'kwb = {\n    "isolate": ["x"],\n    \'t2c\': {"x": RED},\n}\n'
        'eq = Tex("x + 1", **kwb)\nself.play(Write(eq))'
    )
    flagged = found(scene(body, GL), api_index)
    assert [p.line for p in flagged if p.code == "removed-kwarg"] == [BODY + 1, BODY + 2]
    after = fixed(body, api_index, GL)
    assert '"substrings_to_isolate": ["x"],\n' in after  # each key keeps its own quotes
    assert "'tex_to_color_map': {\"x\": RED},\n" in after
    assert 'eq = MathTex("x + 1", **kwb)' in after
    # A computed key or a spread: the dict may hold anything, so nothing is renamed.
    for entries in ('{"isolate": ["x"], key: 1}', '{"isolate": ["x"], **more}'):
        other = f"key, more = 'a', {{}}\nkw = {entries}\neq = MathTex('x', **kw)"
        assert "removed-kwarg" not in [p.code for p in found(scene(other), api_index)]


def test_manimgl_tex_is_math_mode_and_its_textext_is_ces_tex(api_index: ApiIndex) -> None:
    body = (
        'e = Tex(r"e^{i\\pi} = -1", t2c={"e": BLUE})\nw = TexText("Euler")\nok = isinstance(e, Tex)'
    )
    flagged = found(scene(body, GL), api_index)
    tex = [(p.line, p.col) for p in flagged if p.code == "gl-tex"]
    assert tex == [(BODY, 12), (BODY + 2, 27)]
    assert all("MathTex" in (p.suggestion or "") for p in flagged if p.code == "gl-tex")
    after = (
        'e = MathTex(r"e^{i\\pi} = -1", tex_to_color_map={"e": BLUE})\nw = Tex("Euler")\n'
        "ok = isinstance(e, MathTex)"
    )
    assert fixed(body, api_index, GL) == scene(after)
    old_import = fix_code(scene('t = Tex("x^2")', "from manimlib.imports import *\n"), api_index)
    assert old_import.code == scene('t = MathTex("x^2")')


def test_tex_in_a_manim_ce_file_stays_tex(api_index: ApiIndex) -> None:
    code = scene('t = Tex("Hello $x^2$")\nm = MathTex("x^2")')
    assert check_code(code, api_index).problems == []
    assert fix_code(code, api_index).code == code


def test_the_tex_rename_survives_a_clashing_fix_in_the_same_pass(api_index: ApiIndex) -> None:
    # replicate's rewrite covers the Tex inside it: the import must wait for the next pass.
    after = fixed('g = Tex("x").replicate(3)', api_index, GL)
    assert after == scene('g = VGroup(*(MathTex("x").copy() for _ in range(3)))')


def test_textext_stays_text_mode_when_a_clash_delays_the_import(api_index: ApiIndex) -> None:
    # The clash holds the ManimGL import back a pass; CE's `Tex` written for TexText in the
    # first pass must not be read as ManimGL's math-mode Tex in the second.
    after = fixed('g = Tex("x").replicate(3)\nw = TexText("Two words")', api_index, GL)
    assert after == scene(
        'g = VGroup(*(MathTex("x").copy() for _ in range(3)))\nw = Tex("Two words")'
    )


GL_ONLY: list[tuple[str, str, str]] = [
    # body, rule, text in the suggestion
    ("b = SpeechBubble()", "gl-only", "3Blue1Brown"),
    ("f = FlowSnake()", "gl-only", "no Manim CE equivalent"),
    ("c = Color('red')", "removed-api", "ManimColor"),
    ("t = time.time()", "gl-star-import", "may not use `import time`"),
    ("sq = Square()\nt = sq.is_touching(Dot())", "gl-only", "no Manim CE equivalent"),
    ("sq = Square()\nc = sq.get_all_corners()", "gl-only", "no Manim CE equivalent"),
    ("t = Text('a b')\np = t.get_part_by_text('a')", "removed-api", "get_part_by_tex"),
    ("t = Text('a')\nn = t.make_number_changeable('0')", "removed-api", "DecimalNumber"),
    ("d = DecimalNumber(0)\nd.f_always.set_value(d.get_value())", "gl-only", "add_updater"),
    ("e = MathTex('e^x')\nself.play(Indicate(e['e']))", "gl-only", "get_part_by_tex"),
    ("t = Text('a b')\nt['a'].set_color(RED)", "gl-only", "t2c"),
    ("p = Dot().move_to(self.mouse_point)", "gl-only", "ValueTracker"),
    # ManimGL's reorient(theta, phi) is in degrees, its theta 0 being CE's -90°
    ("d = Dot()\nd.reorient(-30, 70)", "removed-api", "theta=(THETA - 90) * DEGREES"),
]


@pytest.mark.parametrize(("body", "rule", "advice"), GL_ONLY, ids=[b for b, _, _ in GL_ONLY])
def test_gl_only_api_is_an_error_at_its_line(
    body: str, rule: str, advice: str, api_index: ApiIndex
) -> None:
    flagged = found(scene(body), api_index)
    line = BODY + body.count("\n")
    assert [(p.line, p.code, p.severity) for p in flagged] == [(line, rule, "error")]
    assert advice in (flagged[0].suggestion or "")
    assert f"line {line}" in flagged[0].message
    assert not check_code(scene(body), api_index).ok


def test_a_setter_ce_only_stores_is_a_warning(api_index: ApiIndex) -> None:
    flagged = found(scene("sq = Square()\nsq.set_glow_factor(2)"), api_index)
    assert [(p.line, p.code, p.severity) for p in flagged] == [(BODY + 1, "gl-only", "warning")]
    assert "changing nothing" in flagged[0].message


NOT_GL: list[str] = [
    "c = Circle()\nr = c.get_radius()",  # CE resolves get_radius to the `radius` attribute
    "t = Text('a')\nt.always.next_to(Dot(), UP)",  # CE has `always` too
    "words = 'a b'.split()\nd = {}\nkeys = d.items()",
    "import re\nm = re.search('a', 'abc')",
    "y = np.cross([1, 0, 0], [0, 1, 0])",
    "self.transform = 1\nx = self.transform",
    "op = 3\ny = op + 1",  # the scene's own `op`
]


@pytest.mark.parametrize("body", NOT_GL)
def test_ce_code_sharing_a_name_with_manimgl_is_left_alone(body: str, api_index: ApiIndex) -> None:
    assert found(scene(body), api_index) == []


def test_the_dynamic_get_width_accessor_is_not_this_rules_call(api_index: ApiIndex) -> None:
    codes = [p.code for p in found(scene("sq = Square()\nw = sq.get_width()"), api_index)]
    assert "gl-only" not in codes


def test_source_text_with_braces_is_never_taken_for_a_format_string(api_index: ApiIndex) -> None:
    # Real ManimGL code: the mobject's own text holds braces ("{n}") when `.replicate` is rewritten.
    code = scene('dots = Tex("{n}").replicate(3)\nself.add(dots)')
    flagged = found(code, api_index)
    assert flagged and "replicate" in flagged[0].message
    assert "{n}" in (flagged[0].suggestion or "")
