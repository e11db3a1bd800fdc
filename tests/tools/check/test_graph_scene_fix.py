"""GraphScene (removed from Manim CE): fix_code turns it into a Scene with self.axes that renders."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.check.helpers import assert_renders
from tools.check import ApiIndex, FixResult, check_code, fix_code

# The old Manim CE docs' own GraphScene example, as LLMs still write it.
PLOT_FUNCTIONS = """from manim import *


class PlotFunctions(GraphScene):
    CONFIG = {
        "x_min": -10,
        "x_max": 10.3,
        "y_min": -1.5,
        "y_max": 1.5,
        "graph_origin": ORIGIN,
        "axes_color": GREEN,
        "x_labeled_nums": range(-10, 12, 2),
    }

    def construct(self):
        self.setup_axes(animate=True)
        func_graph = self.get_graph(self.func_to_graph, RED)
        func_graph2 = self.get_graph(self.func_to_graph2, x_min=-8, x_max=8)
        vert_line = self.get_vertical_line_to_graph(TAU, func_graph, color=YELLOW)
        graph_lab = self.get_graph_label(func_graph, label="\\\\cos(x)")
        two_pi = MathTex(r"x = 2 \\pi")
        dot = Dot(self.input_to_graph_point(TAU, func_graph))
        two_pi.next_to(dot, RIGHT + UP)
        self.play(ShowCreation(func_graph), ShowCreation(func_graph2))
        self.play(ShowCreation(vert_line), Write(graph_lab), Write(two_pi), FadeIn(dot))

    def func_to_graph(self, x):
        return np.cos(x)

    def func_to_graph2(self, x):
        return np.sin(x)
"""

RIEMANN = """from manim import *


class Riemann(GraphScene, MovingCameraScene):
    CONFIG = {
        "x_min": 0,
        "x_max": 5,
        "y_min": 0,
        "y_max": 6,
        "x_axis_label": "$x$",
        "y_axis_label": "$f(x)$",
        "curve_color": BLUE,
    }

    def setup(self):
        GraphScene.setup(self)
        MovingCameraScene.setup(self)

    def construct(self):
        self.setup_axes()
        graph = self.get_graph(lambda x: 0.2 * x**2 + 1, x_min=0, x_max=4, color=BLUE)
        rects = self.get_riemann_rectangles(
            graph, x_min=1, x_max=4, dx=0.5, start_color=BLUE, end_color=YELLOW
        )
        area = self.get_area(graph, 1, 4, area_color=GREEN)
        label = self.get_graph_label(graph, "f(x)", x_val=4)
        corner = Dot(self.coords_to_point(self.x_max, 0))
        self.play(ShowCreation(graph), Write(label))
        self.play(FadeIn(rects), FadeIn(corner))
        self.play(Transform(rects, area))
        self.play(self.camera.frame.animate.scale(0.8).move_to(self.coords_to_point(2, 2)))
"""

# ManimGL flavour: manimlib import, old names all over, derivative and secant.
GL_DERIVATIVE = """from manimlib.imports import *


class Derivative(GraphScene):
    CONFIG = {"x_max": 4, "y_max": 8, "y_tick_frequency": 2, "x_axis_label": "$t$"}

    def construct(self):
        self.setup_axes(animate=False)
        curve = self.get_graph(lambda x: x**2 / 2, color=GREEN)
        slope = self.get_secant_slope_group(1, curve, dx=0.5, df_line_color=RED)
        deriv = self.get_derivative_graph(curve, dx=0.01)
        lines = self.get_vertical_lines_to_graph(curve, x_min=1, x_max=3, num_lines=5)
        title = TextMobject("Slope").to_edge(UP)
        self.play(ShowCreation(curve), FadeInFromDown(title))
        self.play(ShowCreation(slope), ShowCreation(deriv), ShowCreation(lines))
"""

SCENES = {"plot_functions": PLOT_FUNCTIONS, "riemann": RIEMANN, "gl_derivative": GL_DERIVATIVE}


def errors(fixed: FixResult) -> list[str]:
    return [p.message for p in fixed.remaining if p.severity == "error"]


@pytest.mark.parametrize("code", SCENES.values(), ids=list(SCENES))
def test_graph_scenes_are_flagged_fixable(code: str, api_index: ApiIndex) -> None:
    problems = check_code(code, api_index).problems
    graph_scene = [p for p in problems if "GraphScene is not in" in p.message]
    assert [(p.code, p.fixable) for p in graph_scene] == [("removed-api", True)]
    assert all(p.fixable for p in problems if p.severity == "error")


@pytest.mark.parametrize("code", SCENES.values(), ids=list(SCENES))
def test_graph_scenes_are_fixed_completely(code: str, api_index: ApiIndex) -> None:
    fixed = fix_code(code, api_index)
    assert errors(fixed) == []
    compile(fixed.code, "<fixed>", "exec")
    assert "GraphScene" not in fixed.code
    assert "self.axes = Axes(" in fixed.code
    again = fix_code(fixed.code, api_index)
    assert (again.code, again.changes) == (fixed.code, [])


def test_config_becomes_the_axes(api_index: ApiIndex) -> None:
    code = fix_code(PLOT_FUNCTIONS, api_index).code
    assert "class PlotFunctions(Scene):\n    def setup(self):\n        self.axes = Axes(\n" in code
    assert "x_range=[-10, 10.3, 1]," in code
    assert "y_range=[-1.5, 1.5, 1]," in code
    assert "x_length=9," in code and "y_length=6," in code  # GraphScene's defaults
    assert 'axis_config={"color": GREEN},' in code
    assert "self.axes.shift(ORIGIN - self.axes.c2p(0, 0))" in code
    assert "self.axes.x_axis.add_numbers(range(-10, 12, 2), excluding=[0])" in code
    assert "CONFIG" not in code  # every entry was used up


def test_method_calls_move_onto_the_axes(api_index: ApiIndex) -> None:
    code = fix_code(PLOT_FUNCTIONS, api_index).code
    assert "self.play(Create(self.axes))" in code
    # A bound method of the scene in a graph breaks animations' deepcopy: wrapped in a lambda.
    assert "self.axes.plot(lambda x: self.func_to_graph(x), color=RED)" in code
    assert "self.axes.plot(lambda x: self.func_to_graph2(x), x_range=[-8, 8])" in code
    assert (
        "self.axes.get_vertical_line(self.axes.input_to_graph_point(TAU, func_graph), color=YELLOW)"
        in code
    )
    assert 'self.axes.get_graph_label(func_graph, label="\\\\cos(x)")' in code
    assert "Dot(self.axes.input_to_graph_point(TAU, func_graph))" in code


def test_keywords_and_positionals_that_changed(api_index: ApiIndex) -> None:
    code = fix_code(RIEMANN, api_index).code
    assert "class Riemann(MovingCameraScene):" in code  # Scene + MovingCameraScene has no MRO
    assert "        Scene.setup(self)\n        MovingCameraScene.setup(self)\n" in code
    assert "x_range=[1, 4], dx=0.5, color=[BLUE, YELLOW]" in code
    assert "self.axes.get_area(graph, x_range=[1, 4], color=GREEN)" in code
    assert "Dot(self.axes.c2p(self.axes.x_range[1], 0))" in code
    assert 'x_label=Tex("$x$"), y_label=Tex("$f(x)$")' in code
    # The key the axes do not use becomes a class attribute (ManimGL made it self.curve_color).
    assert "class Riemann(MovingCameraScene):\n    curve_color = BLUE\n\n    def setup" in code
    assert "CONFIG" not in code
    gl = fix_code(GL_DERIVATIVE, api_index).code
    assert "self.add(self.axes)" in gl
    assert "self.axes.get_secant_slope_group(1, curve, dx=0.5, dy_line_color=RED)" in gl
    assert "self.axes.plot_derivative_graph(curve)" in gl
    assert "self.axes.get_vertical_lines_to_graph(curve, x_range=[1, 3], num_lines=5)" in gl
    assert 'self.axes.add(self.axes.get_x_axis_label(Tex("$t$")))' in gl


def test_config_left_over_becomes_class_attributes(api_index: ApiIndex) -> None:
    fixed = fix_code(RIEMANN, api_index)
    assert fixed.remaining == []
    assert fixed.changes[-1] == "line 5: CONFIG → class attributes curve_color"


def test_an_existing_setup_gets_the_axes_first(api_index: ApiIndex) -> None:
    code = (
        "from manim import *\n\n\nclass A(GraphScene):\n"
        '    CONFIG = {"x_max": 5}\n\n'
        "    def setup(self):\n        super().setup()\n        self.dot = Dot()\n\n"
        "    def construct(self):\n        self.setup_axes(True)\n        self.add(self.dot)\n"
    )
    fixed = fix_code(code, api_index)
    assert fixed.code.startswith(
        "from manim import *\n\n\nclass A(Scene):\n    def setup(self):\n"
        "        super().setup()\n        self.axes = Axes(\n            x_range=[-1, 5, 1],\n"
    )
    assert "self.axes.shift((2.5 * DOWN + 4 * LEFT) - self.axes.c2p(0, 0))\n        self.dot" in (
        fixed.code
    )
    assert fixed.remaining == []


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (
            "from manim import GraphScene\n\n\nclass A(GraphScene):\n    pass\n",
            "from manim import *",
        ),
        (
            "from manim import *\n\n\nclass A(GraphScene):\n    TOP = 5\n"
            '    CONFIG = {"y_max": TOP}\n',
            "CONFIG['y_max']",
        ),
        ("from manim import *\n\n\nclass A(GraphScene): pass\n", "own line"),
    ],
    ids=["explicit-import", "class-name-in-config", "one-line-class"],
)
def test_classes_the_rewrite_cannot_read_stay_reported(
    code: str, reason: str, api_index: ApiIndex
) -> None:
    fixed = fix_code(code, api_index)
    assert "class A(GraphScene)" in fixed.code
    problem = next(p for p in fixed.remaining if "GraphScene is not in" in p.message)
    assert not problem.fixable and reason in (problem.suggestion or "")


def test_graph_scene_api_without_a_counterpart_stays_reported(api_index: ApiIndex) -> None:
    code = (
        "from manim import *\n\n\nclass A(GraphScene):\n    def construct(self):\n"
        "        self.setup_axes()\n        g = self.get_graph(lambda x: x)\n"
        "        o = self.graph_origin\n        a = self.setup_axes()\n"
        "        rects = self.get_riemann_rectangles_list(g, 3)\n"
        "        line = self.get_vertical_line_to_graph(1, g, buff=1)\n"
    )
    fixed = fix_code(code, api_index)
    assert "class A(Scene):" in fixed.code and "g = self.axes.plot(lambda x: x)" in fixed.code
    left = [(p.line, p.message.split(" is ")[0], p.fixable) for p in fixed.remaining]
    assert left == [
        (19, "line 19: self.graph_origin", False),
        (20, "line 20: self.setup_axes()", False),  # its result is used
        (21, "line 21: self.get_riemann_rectangles_list()", False),
        (22, "line 22: self.get_vertical_line_to_graph()", False),  # buff= has no CE place
    ]


def test_scenes_with_their_own_axes_use_them(api_index: ApiIndex) -> None:
    code = (
        "from manim import *\n\n\nclass A(Scene):\n    def construct(self):\n"
        "        self.axes = Axes()\n        p = self.coords_to_point(1, 2)\n"
        "        self.add(Dot(p), self.x_axis)\n"
    )
    fixed = fix_code(code, api_index)
    assert "p = self.axes.c2p(1, 2)" in fixed.code
    assert "self.add(Dot(p), self.axes.x_axis)" in fixed.code
    assert fixed.remaining == []


def test_scenes_without_axes_are_not_given_a_wrong_fix(api_index: ApiIndex) -> None:
    # self.plot() would be no better than self.get_graph(): report, do not rewrite.
    code = "from manim import *\n\n\nclass A(Scene):\n    def construct(self):\n        g = self.get_graph(lambda x: x)\n"
    fixed = fix_code(code, api_index)
    assert fixed.code == code
    (problem,) = fixed.remaining
    assert not problem.fixable and "self.axes" in (problem.suggestion or "")


def test_subclass_config_for_the_axes_is_an_error(api_index: ApiIndex) -> None:
    code = (
        "from manim import *\n\n\nclass Base(GraphScene):\n"
        '    CONFIG = {"x_max": 5}\n\n\nclass Child(Base):\n'
        '    CONFIG = {"x_max": 8}\n\n    def construct(self):\n        self.setup_axes()\n'
    )
    fixed = fix_code(code, api_index)
    assert "class Base(Scene):" in fixed.code and "self.add(self.axes)" in fixed.code
    assert [(p.code, p.severity) for p in fixed.remaining] == [
        ("removed-api", "error"),
        ("class-config", "warning"),
    ]


@pytest.mark.render
@pytest.mark.parametrize("name", ["plot_functions", "riemann"])
def test_fixed_graph_scenes_render(name: str, api_index: ApiIndex, tmp_path: Path) -> None:
    fixed = fix_code(SCENES[name], api_index)
    assert errors(fixed) == []
    assert_renders(fixed.code, tmp_path, name)
