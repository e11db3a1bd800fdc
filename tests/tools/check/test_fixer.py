"""fix_code: mechanical rewrites of removed / ManimGL API, idempotent, position-exact."""

from __future__ import annotations

import pytest

from tests.tools.check.helpers import scene
from tools.check import ApiIndex, check_code, fix_code

CASES: list[tuple[str, str]] = [
    ("self.play(ShowCreation(c))", "self.play(Create(c))"),
    (
        't = TextMobject("a"); m = TexMobject("x"); u = TexText("b")',
        't = Tex("a"); m = MathTex("x"); u = Tex("b")',
    ),
    ("a = FadeInFrom(t, LEFT)", "a = FadeIn(t, shift=RIGHT)"),
    ("a = FadeInFrom(t, direction=UP)", "a = FadeIn(t, shift=DOWN)"),
    ("a = FadeInFrom(t)", "a = FadeIn(t, shift=UP)"),
    ("a = FadeInFrom(t, 2 * LEFT)", "a = FadeIn(t, shift=-(2 * LEFT))"),
    ("a = FadeInFrom(t, v)", "a = FadeIn(t, shift=-v)"),
    ("a = FadeInFromDown(t, run_time=2)", "a = FadeIn(t, run_time=2, shift=UP)"),
    ("a = FadeOutAndShift(t, UP)", "a = FadeOut(t, shift=UP)"),
    ("a = FadeOutAndShiftDown(t)", "a = FadeOut(t, shift=DOWN)"),
    ("a = FadeOutAndShiftUp(t)", "a = FadeOut(t, shift=UP)"),  # forks' other directions
    ("a = FadeInFromLeft(t)", "a = FadeIn(t, shift=RIGHT)"),
    ("a = FadeInFromLarge(t, 3)", "a = FadeIn(t, scale=3)"),
    ("a = FadeInFromLarge(t)", "a = FadeIn(t, scale=2)"),
    ("a = FadeInFromPoint(t, ORIGIN)", "a = FadeIn(t, target_position=ORIGIN)"),
    ("a = CircleIndicate(t)", "a = Circumscribe(t, shape=Circle)"),
    ("a = WiggleOutThenIn(t)", "a = Wiggle(t)"),
    ("a = ShowCreationThenFadeOut(t)", "a = Succession(Create(t), FadeOut(t))"),
    ("a = ShowCreationThenDestruction(t)", "a = ShowPassingFlash(t, time_width=2.0)"),
    ("a = FadeIn(t, UP)", "a = FadeIn(t, shift=UP)"),
    ("w = FRAME_WIDTH / 2", "w = config.frame_width / 2"),
    ("n = get_norm(v)", "n = np.linalg.norm(v)"),
    (
        "ax = Axes(x_min=-1, x_max=5, x_step=1, y_min=0, y_max=4, x_axis_width=8)",
        "ax = Axes(x_range=[-1, 5, 1], y_range=[0, 4], x_length=8)",
    ),
    (
        "ax = Axes(\n    x_min=0,\n    x_max=3,\n    y_min=0,\n    y_max=9,\n)",
        "ax = Axes(\n    x_range=[0, 3],\n    y_range=[0, 9],\n)",
    ),
    (
        "nl = NumberLine(x_min=-2, x_max=2, tick_frequency=0.5, include_numbers=True)",
        "nl = NumberLine(x_range=[-2, 2, 0.5], include_numbers=True)",
    ),
    (
        "g = ax.get_graph(lambda x: x**2, x_min=0, x_max=2, color=RED)",
        "g = ax.plot(lambda x: x**2, x_range=[0, 2], color=RED)",
    ),
    (
        "p = NumberPlane(x_radius=5, y_radius=FRAME_Y_RADIUS)",
        "p = NumberPlane(x_range=[-5, 5], y_range=[-config.frame_y_radius, config.frame_y_radius])",
    ),
    (
        "p = NumberPlane(x_radius=s.width / 2, x_line_frequency=0.5)",
        "p = NumberPlane(x_range=[-(s.width / 2), s.width / 2, 0.5])",
    ),
    (
        "self.add(ContinualRotation(sq), ContinualMovement(dot))",
        "self.add(sq.add_updater(lambda m, dt: m.rotate(dt * PI / 12)), "
        "dot.add_updater(lambda m, dt: m.shift(dt * 0.05 * RIGHT)))",
    ),
    (
        "self.play(CountInFrom(dot), CountInFrom(sq, -1))",
        "self.play(ChangingDecimal(dot, lambda a, end=dot.get_value(): interpolate(0, end, a)), "
        "ChangingDecimal(sq, lambda a, end=sq.get_value(): interpolate(-1, end, a)))",
    ),
    (
        "c = ParametricFunction(f, t_min=0, t_max=TAU)",
        "c = ParametricFunction(f, t_range=[0, TAU])",
    ),
    (
        "c = ParametricFunction(f, t_min=1, t_max=7, step_size=0.2)",
        "c = ParametricFunction(f, t_range=[1, 7, 0.2])",
    ),
    ("a = Rotating(sq, radians=PI / 2)", "a = Rotating(sq, angle=PI / 2)"),
    ("small = v < EPSILON", "small = v < 1e-4"),  # ManimGL's star import binds probability's
    ('t = Text("a", size=0.5)', 't = Text("a", font_size=24)'),
    ('t = Text("a", size=36)', 't = Text("a", font_size=36)'),
    ('t = Text("a", size=s)', 't = Text("a", font_size=s)'),
    ('m = MathTex("x", isolate=["x"])', 'm = MathTex("x", substrings_to_isolate=["x"])'),
    ("sq.set_width(2)", "sq.scale_to_fit_width(2)"),
    ("w = sq.get_width()", "w = sq.width"),
    ("sq.scale_in_place(2)", "sq.scale(2)"),
    ("sq.scale_about_point(2, ORIGIN)", "sq.scale(2, about_point=ORIGIN)"),
    # Made a call first (pass 1), so the point can become a keyword (pass 2).
    (
        "self.play(sq.scale_about_point, 2, ORIGIN)",
        "self.play(sq.animate.scale(2, about_point=ORIGIN))",
    ),
    ("ax.add_coordinate_labels()", "ax.add_coordinates()"),
    ("self.play(dot.move_to, RIGHT * 2)", "self.play(dot.animate.move_to(RIGHT * 2))"),
    (
        "self.play(sq.shift, UP, sq.set_color, RED, run_time=3)",
        "self.play(sq.animate.shift(UP), sq.animate.set_color(RED), run_time=3)",
    ),
    ("self.play(Create(sq), sq.scale, 2)", "self.play(Create(sq), sq.animate.scale(2))"),
    ("self.play(sq.set_width, 2)", "self.play(sq.animate.scale_to_fit_width(2))"),
    (
        'self.play(FadeInFrom(TextMobject("a"), LEFT))',
        'self.play(FadeIn(Tex("a"), shift=RIGHT))',
    ),
    # Non-ASCII before the fixes on the same line: AST columns are UTF-8 bytes.
    (
        't = Text("héllo ✓ wörld", size=2); u = TextMobject("ü")  # ñ',
        't = Text("héllo ✓ wörld", font_size=96); u = Tex("ü")  # ñ',
    ),
]
PRELUDE = "c = t = v = s = f = dot = sq = ax = Square()\n"


@pytest.mark.parametrize(("before", "after"), CASES, ids=[c[0] for c in CASES])
def test_rewrites(before: str, after: str, api_index: ApiIndex) -> None:
    fixed = fix_code(scene(PRELUDE + before), api_index)
    assert fixed.code == scene(PRELUDE + after)
    assert fixed.remaining == []
    assert fixed.changes
    assert all(change.startswith("line ") for change in fixed.changes)
    compile(fixed.code, "<fixed>", "exec")


@pytest.mark.parametrize(("before", "after"), CASES, ids=[c[0] for c in CASES])
def test_fixing_is_idempotent(before: str, after: str, api_index: ApiIndex) -> None:
    once = fix_code(scene(PRELUDE + before), api_index)
    twice = fix_code(once.code, api_index)
    assert twice.code == once.code
    assert twice.changes == []


def test_manimgl_import(api_index: ApiIndex) -> None:
    code = scene("self.play(ShowCreation(Circle()))", header="from manimlib.imports import *\n")
    fixed = fix_code(code, api_index)
    assert fixed.code == scene("self.play(Create(Circle()))")
    assert fixed.remaining == []
    assert fixed.changes[0] == "line 1: from manimlib.imports import * → from manim import *"


def test_explicit_imports_are_renamed_with_their_uses(api_index: ApiIndex) -> None:
    code = scene(
        "self.play(ShowCreation(Circle()))",
        header="from manim import Scene, Circle, ShowCreation\n",
    )
    fixed = fix_code(code, api_index)
    assert fixed.code == scene(
        "self.play(Create(Circle()))", header="from manim import Scene, Circle, Create\n"
    )
    assert fixed.remaining == []


def test_aliased_imports_keep_their_alias(api_index: ApiIndex) -> None:
    code = scene(
        "self.play(SC(Circle()))",
        header="from manim import *\nfrom manim import ShowCreation as SC\n",
    )
    fixed = fix_code(code, api_index)
    assert "from manim import Create as SC" in fixed.code
    assert "self.play(SC(Circle()))" in fixed.code
    assert fixed.remaining == []


def test_camera_frame_rebases_the_scene(api_index: ApiIndex) -> None:
    fixed = fix_code(scene("self.camera.frame.scale(0.5)"), api_index)
    assert fixed.code == scene("self.camera.frame.scale(0.5)").replace(
        "(Scene)", "(MovingCameraScene)"
    )
    assert fixed.remaining == []


def test_camera_frame_rebases_the_user_base_class(api_index: ApiIndex) -> None:
    code = (
        "from manim import *\n\n\nclass Base(Scene):\n    pass\n\n\n"
        "class Zoom(Base):\n    def construct(self):\n        self.play(self.frame.animate.scale(0.5))\n"
    )
    fixed = fix_code(code, api_index)
    assert "class Base(MovingCameraScene):" in fixed.code
    assert "self.play(self.camera.frame.animate.scale(0.5))" in fixed.code
    assert fixed.remaining == []


def test_a_bare_reference_whose_arguments_would_move_is_not_renamed(api_index: ApiIndex) -> None:
    # Renamed alone, ORIGIN would reach `scale` as its second positional (scale_tips).
    code = scene("sq = Square()\nself.play(ApplyMethod(sq.scale_about_point, 2, ORIGIN))")
    fixed = fix_code(code, api_index)
    assert fixed.code == code
    assert [(p.code, p.severity) for p in fixed.remaining] == [("removed-api", "error")]
    assert "about_point=" in (fixed.remaining[0].suggestion or "")


def test_unfixable_problems_remain(api_index: ApiIndex) -> None:
    code = (
        # CONFIG built by dict(): the GraphScene rewrite cannot read it, so it stays reported.
        "from manim import *\n\n\nclass Old(GraphScene):\n    CONFIG = dict(x_min=0)\n\n"
        "    def construct(self):\n        self.play(ShowCreation(Circle()))\n"
    )
    fixed = fix_code(code, api_index)
    assert "Create(Circle())" in fixed.code
    assert [(p.line, p.code) for p in fixed.remaining] == [(4, "removed-api"), (5, "class-config")]
    assert fixed.remaining[0].suggestion and "Axes" in fixed.remaining[0].suggestion


def test_fixing_leaves_safety_problems_to_the_user(api_index: ApiIndex) -> None:
    fixed = fix_code(scene('self.play(ShowCreation(Circle()))\nopen("x")'), api_index)
    assert "Create(Circle())" in fixed.code
    assert [(p.kind, p.code) for p in fixed.remaining] == [("unsafe", "forbidden-builtin")]


def test_syntax_errors_are_left_alone(api_index: ApiIndex) -> None:
    code = "from manim import *\nx = ShowCreation(\n"
    fixed = fix_code(code, api_index)
    assert fixed.code == code
    assert fixed.changes == []
    assert [p.kind for p in fixed.remaining] == ["syntax"]


def test_clean_code_is_unchanged(api_index: ApiIndex) -> None:
    code = scene("self.play(Create(Circle()), run_time=2)")
    fixed = fix_code(code, api_index)
    assert (fixed.code, fixed.changes, fixed.remaining) == (code, [], [])
    assert check_code(fixed.code, api_index).ok


@pytest.mark.parametrize(
    ("body", "advice"),
    [
        ("self.add(ContinualRotation(sq, rate=1))", "m.rotate(dt * RATE)"),
        ("self.add(ContinualUpdate(sq, f))", "mob.add_updater(func)"),
        ("self.add(AmbientMovement(sq))", "m.shift(dt * RATE * DIRECTION)"),
    ],
)
def test_old_continual_animations_get_updater_advice(
    body: str, advice: str, api_index: ApiIndex
) -> None:
    fixed = fix_code(scene(PRELUDE + body), api_index)
    (problem,) = fixed.remaining
    assert (problem.code, problem.line, problem.fixable) == ("removed-api", 7, False)
    assert advice in (problem.suggestion or "")


def test_calls_the_fixer_cannot_reshape_are_reported_unfixable(api_index: ApiIndex) -> None:
    # The direction is not the last positional argument: moving it would reorder arguments.
    code = scene("t = Square()\na = FadeInFrom(t, LEFT, *[])")
    (problem,) = check_code(code, api_index).problems
    assert (problem.code, problem.fixable) == ("removed-api", False)
    fixed = fix_code(code, api_index)
    assert fixed.code == code
    assert [p.fixable for p in fixed.remaining] == [False]
