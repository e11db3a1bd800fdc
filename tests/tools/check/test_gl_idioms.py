"""Short ManimGL scenes in the idioms its users write: `--fix` makes each render, or the check
stops it at a line with a plain reason before any render.

The scenes are this project's own, written in the style of ManimGL's examples (they stand in for
published code, which this repository does not hold; see tests/corpus/README.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.check.helpers import assert_renders, scene
from tools.check import ApiIndex, check_code, fix_code

GL = "from manimlib import *\n"

GL_IDIOMS: dict[str, str] = {
    "shapes_and_transform": (
        "circle = Circle()\n"
        "circle.set_fill(BLUE, opacity=0.5)\n"
        "circle.set_stroke(BLUE_E, width=4)\n"
        "square = Square()\n"
        "self.play(ShowCreation(square))\n"
        "self.wait()\n"
        "self.play(ReplacementTransform(square, circle))\n"
        "self.wait()\n"
    ),
    "graphs_and_labels": (
        "axes = Axes((-3, 10), (-1, 8), height=6)\n"
        "axes.add_coordinate_labels()\n"
        "self.play(Write(axes, lag_ratio=0.01, run_time=1))\n"
        "sin_graph = axes.get_graph(lambda x: 2 * math.sin(x), color=BLUE)\n"
        "relu_graph = axes.get_graph(lambda x: max(x, 0), use_smoothing=False, color=YELLOW)\n"
        'sin_label = axes.get_graph_label(sin_graph, "\\\\sin(x)")\n'
        "self.play(ShowCreation(sin_graph), FadeIn(sin_label, RIGHT))\n"
        "self.play(ReplacementTransform(sin_graph, relu_graph))\n"
        "dot = Dot(color=RED)\n"
        "dot.move_to(axes.i2gp(2, relu_graph))\n"
        "self.play(FadeIn(dot, scale=0.5))\n"
    ),
    "tex_colored_by_t2c": (
        'title = Text("Pythagoras", font_size=60).to_edge(UP)\n'
        'eq = Tex("a^2 + b^2 = c^2", t2c={"a": RED, "b": BLUE, "c": GREEN})\n'
        "self.play(Write(title))\n"
        "self.play(FadeIn(eq, UP))\n"
        "self.play(eq.animate.scale(2).set_color(YELLOW))\n"
        "self.play(FlashAround(eq))\n"
    ),
    "grid_of_dots": (
        "dots = Dot().get_grid(3, 4, buff=0.5)\n"
        "dots.set_color(TEAL)\n"
        "self.play(LaggedStartMap(FadeIn, dots, shift=0.2 * UP, lag_ratio=0.1))\n"
        "self.play(dots.animate.arrange(RIGHT, buff=0.1))\n"
    ),
    "always_and_f_always": (
        "tracker = ValueTracker(0)\n"
        "number = DecimalNumber(0, num_decimal_places=2)\n"
        "number.f_always.set_value(tracker.get_value)\n"
        "number.always.to_edge(UP)\n"
        "square = Square()\n"
        "square.add_updater(lambda m: m.set_width(1 + tracker.get_value()))\n"
        "self.add(number, square)\n"
        "self.play(tracker.animate.set_value(2), run_time=2)\n"
    ),
    "camera_frame_3d": (
        "frame = self.frame\n"
        "axes = ThreeDAxes()\n"
        "sphere = Sphere(radius=1.5)\n"
        "sphere.set_color(BLUE)\n"
        "self.add(axes, sphere)\n"
        "frame.reorient(-30, 70)\n"
        "self.play(frame.animate.increment_theta(30 * DEGREES), run_time=2)\n"
    ),
    "textext_and_brace": (
        'words = TexText("Hello", "World")\n'
        "words.arrange(DOWN)\n"
        "words[1].set_color(RED)\n"
        "brace = Brace(words, LEFT)\n"
        'label = brace.get_tex("x")\n'
        "self.play(Write(words))\n"
        "self.play(GrowFromCenter(brace), FadeIn(label))\n"
    ),
    "plane_and_matrix": (
        "plane = NumberPlane()\n"
        "plane.add_coordinate_labels()\n"
        "self.add(plane)\n"
        "vector = Arrow(plane.c2p(0, 0), plane.c2p(2, 1), buff=0)\n"
        "self.play(GrowArrow(vector))\n"
        "matrix = [[1, 1], [0, 1]]\n"
        "self.play(ApplyMatrix(matrix, plane), ApplyMatrix(matrix, vector), run_time=2)\n"
    ),
    "save_state_and_target": (
        "square = Square().set_fill(RED, 1)\n"
        "square.save_state()\n"
        "self.play(square.animate.shift(2 * LEFT).rotate(PI / 4))\n"
        "self.play(Restore(square))\n"
        "circle = Circle()\n"
        "circle.generate_target()\n"
        "circle.target.shift(RIGHT).set_color(YELLOW)\n"
        "self.play(MoveToTarget(circle))\n"
        "self.play(VFadeOut(circle))\n"
    ),
    "number_line_count": (
        "line = NumberLine((-5, 5), include_numbers=True)\n"
        "dot = Dot(color=YELLOW).move_to(line.n2p(-3))\n"
        "self.add(line, dot)\n"
        "self.play(dot.animate.move_to(line.n2p(3)), run_time=2)\n"
        "label = Integer(3).next_to(dot, UP)\n"
        "self.play(CountInFrom(label, 0))\n"
    ),
    "transform_matching_tex": (
        "kw = dict(font_size=72)\n"
        'lhs = Tex("x^2", **kw)\n'
        'rhs = Tex("= 4", **kw)\n'
        "group = VGroup(lhs, rhs).arrange(RIGHT)\n"
        "self.play(Write(group))\n"
        'self.play(TransformMatchingTex(group.copy(), Tex("x = 2", **kw).shift(DOWN)))\n'
    ),
    "backstroke_and_gradient": (
        'text = Text("Manim is fun", font_size=48)\n'
        "text.set_backstroke(width=4)\n"
        "underline = Underline(text)\n"
        "self.play(Write(text))\n"
        "self.play(ShowCreation(underline))\n"
        "self.play(text.animate.set_color_by_gradient(BLUE, GREEN))\n"
    ),
    "glow_dot_on_a_curve": (
        "curve = ParametricCurve(lambda t: [np.cos(t), np.sin(2 * t), 0], t_range=(0, TAU, 0.1))\n"
        "curve.set_stroke(YELLOW, 3)\n"
        "dot = GlowDot(color=WHITE)\n"
        "dot.add_updater(lambda d: d.move_to(curve.get_end()))\n"
        "self.add(dot)\n"
        "self.play(ShowCreation(curve), run_time=3)\n"
    ),
    "increasing_subsets": (
        "group = VGroup(*(Square() for _ in range(5)))\n"
        "group.arrange(RIGHT, buff=0.2)\n"
        "group.set_height(1)\n"
        "self.play(ShowIncreasingSubsets(group))\n"
        "self.play(group.animate.set_submobject_colors_by_gradient(RED, BLUE))\n"
        "self.play(FadeOut(group, DOWN))\n"
    ),
    "circle_area": (
        "c = Circle(radius=2)\n"
        "r = Line(c.get_center(), c.get_right())\n"
        'label = Tex("r").next_to(r, UP)\n'
        "self.play(ShowCreation(c), ShowCreation(r), Write(label))\n"
        'area = Tex("A = \\\\pi r^2").to_edge(DOWN)\n'
        "self.play(TransformFromCopy(label, area))\n"
    ),
    "smooth_path": (
        "points = [np.array([x, x**2 / 4, 0]) for x in np.linspace(-3, 3, 20)]\n"
        "path = VMobject().set_points_smoothly(points)\n"
        "path.set_stroke(GREEN, 4)\n"
        "dot = Dot()\n"
        "self.play(ShowCreation(path))\n"
        "self.play(MoveAlongPath(dot, path), run_time=2)\n"
    ),
    "riemann_rectangles": (
        'title = Title("Derivatives")\n'
        "self.play(Write(title))\n"
        "axes = Axes(x_range=(-1, 4), y_range=(-1, 9), width=6, height=4)\n"
        "graph = axes.get_graph(lambda x: x**2)\n"
        "rects = axes.get_riemann_rectangles(graph, x_range=(0, 3), dx=0.25)\n"
        "self.play(ShowCreation(axes), ShowCreation(graph))\n"
        "self.play(FadeIn(rects, lag_ratio=0.1))\n"
    ),
    "border_then_fill": (
        "sq = Square()\n"
        "self.play(DrawBorderThenFill(sq))\n"
        "self.play(Rotate(sq, PI / 3), run_time=1)\n"
        "self.play(WiggleOutThenIn(sq))\n"
        "self.play(Uncreate(sq))\n"
    ),
    "swap_and_cyclic": (
        "a, b = Square(), Circle()\n"
        "VGroup(a, b).arrange(RIGHT, buff=2)\n"
        "self.add(a, b)\n"
        "self.play(Swap(a, b))\n"
        "self.play(CyclicReplace(a, b))\n"
        "self.play(FadeTransform(a, Triangle()))\n"
    ),
    "derivative_strings": (
        'eq1 = Tex("f(x) = x^2")\n'
        'eq2 = Tex("f\\x27(x) = 2x")\n'
        "VGroup(eq1, eq2).arrange(DOWN, buff=1)\n"
        "arrow = Arrow(eq1, eq2)\n"
        "self.play(Write(eq1))\n"
        "self.play(GrowArrow(arrow), TransformMatchingStrings(eq1.copy(), eq2))\n"
    ),
}

# ManimGL API with no mechanical CE spelling: scene -> (line, a name its reason gives) per error
STOPPED = {
    "glow_dot_on_a_curve": [(8, "GlowDot")],
}
FIXED = [name for name in GL_IDIOMS if name not in STOPPED]


@pytest.mark.parametrize("name", FIXED)
def test_fix_leaves_no_error(name: str, api_index: ApiIndex) -> None:
    fixed = fix_code(scene(GL_IDIOMS[name], GL), api_index)
    assert [p for p in fixed.remaining if p.severity == "error"] == []
    assert "manimlib" not in fixed.code


@pytest.mark.parametrize("name", sorted(STOPPED))
def test_the_rest_stop_at_check_time_with_a_line_and_a_reason(
    name: str, api_index: ApiIndex
) -> None:
    fixed = fix_code(scene(GL_IDIOMS[name], GL), api_index)
    errors = [p for p in check_code(fixed.code, api_index).problems if p.severity == "error"]
    assert [p.line for p in errors] == [line for line, _ in STOPPED[name]]
    for problem, (_, named) in zip(errors, STOPPED[name], strict=True):
        assert named in problem.message and problem.suggestion


@pytest.mark.render
def test_every_fixed_idiom_renders(api_index: ApiIndex, tmp_path: Path) -> None:
    # One module, one manim process for all of them (`-a`): each scene a class of its own.
    module = GL
    for i, name in enumerate(FIXED):
        module += scene(GL_IDIOMS[name], "").replace("class S(Scene)", f"class S{i:02d}(Scene)")
    fixed = fix_code(module, api_index)
    assert [p for p in fixed.remaining if p.severity == "error"] == []
    assert_renders(fixed.code, tmp_path, "idioms", scenes=len(FIXED))
