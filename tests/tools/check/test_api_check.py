"""API rules: removed / ManimGL API, play(method), camera frames, CONFIG, unknown names, kwargs."""

from __future__ import annotations

import dataclasses

import pytest

from tests.tools.check.helpers import codes, problems, scene
from tools.check import ApiIndex, Problem, check_code, fix_code
from tools.check.gl_migrations import NAMES

BODY = 6  # line of the first body line in `scene(...)`


def api(code: str, index: ApiIndex) -> list[Problem]:
    return [p for p in problems(code, index) if p.kind == "api"]


def only(code: str, index: ApiIndex) -> Problem:
    found = api(code, index)
    assert len(found) == 1, found
    return found[0]


# removed / ManimGL names


@pytest.mark.parametrize("old", sorted(NAMES))
def test_every_removed_name_is_flagged_when_manim_lacks_it(old: str, api_index: ApiIndex) -> None:
    found = api(scene(f"x = {old}"), api_index)
    if api_index.is_exported(old):
        assert found == []  # this manim still has it: nothing to report
        return
    assert [(p.line, p.code) for p in found] == [(BODY, "removed-api")]
    replacement = NAMES[old].new.split("(")[0]
    assert replacement in (found[0].suggestion or "")
    assert old in found[0].message


def test_name_table_follows_the_index_not_a_version(api_index: ApiIndex) -> None:
    code = scene("self.play(ShowCreation(Circle()))")
    assert codes(code, api_index) == ["removed-api"]
    newer = dataclasses.replace(api_index, names={**api_index.names, "ShowCreation": "class"})
    assert codes(code, newer) == []


def test_user_definitions_shadow_removed_names(api_index: ApiIndex) -> None:
    code = (
        "from manim import *\n\n\nclass ShowCreation(Create):\n    pass\n\n\n"
        "class S(Scene):\n    def construct(self):\n        self.play(ShowCreation(Circle()))\n"
    )
    assert check_code(code, api_index).ok


def test_explicit_import_of_a_removed_name(api_index: ApiIndex) -> None:
    problem = only("from manim import Scene, ShowCreation\n", api_index)
    assert (problem.line, problem.code, problem.fixable) == (1, "removed-api", True)
    assert "Create" in (problem.suggestion or "")


@pytest.mark.parametrize(
    ("call", "replacement"),
    [
        ("axes.get_graph(lambda x: x)", "plot"),
        ("axes.get_parametric_curve(f)", "plot_parametric_curve"),
        ("axes.get_derivative_graph(g)", "plot_derivative_graph"),
        ("axes.get_implicit_curve(f)", "plot_implicit_curve"),
        ("sq.scale_in_place(2)", "scale"),
        ("sq.rotate_in_place(1)", "rotate"),
        ("sq.set_width(2)", "scale_to_fit_width"),
        ("sq.set_height(2)", "scale_to_fit_height"),
        ("sq.get_width()", "width"),
        ("axes.add_coordinate_labels()", "add_coordinates"),
        ("axes.get_v_line(p)", "get_vertical_line"),
    ],
)
def test_removed_methods(call: str, replacement: str, api_index: ApiIndex) -> None:
    body = f"axes = Axes()\nsq = Square()\nf = g = p = None\n{call}"
    problem = only(scene(body), api_index)
    assert (problem.line, problem.code) == (BODY + 3, "removed-api")
    assert replacement in (problem.suggestion or "")


def test_methods_that_still_exist_are_not_flagged(api_index: ApiIndex) -> None:
    body = "g = VGroup(Square(), Circle())\ng.arrange(RIGHT)\ng.get_graph_label = None\nax = Axes()\nax.get_graph_label(ax.plot(lambda x: x), 'f')"
    assert api(scene(body), api_index) == []


def test_a_scene_defining_the_method_itself_is_not_flagged(api_index: ApiIndex) -> None:
    code = (
        "from manim import *\n\n\nclass Plotter(VGroup):\n    def get_graph(self, f):\n"
        "        return f\n\n\nclass S(Scene):\n    def construct(self):\n"
        "        Plotter().get_graph(abs)\n"
    )
    assert check_code(code, api_index).ok


# keyword arguments


@pytest.mark.parametrize(
    ("call", "keyword", "suggestion"),
    [
        ("Axes(x_min=-1, x_max=5)", "x_min", "x_range=[min, max]"),
        ("Axes(x_min=-1, x_max=5, x_step=1)", "x_min", "x_range=[min, max, step]"),
        ("NumberPlane(y_min=0, y_max=4)", "y_min", "y_range"),
        ("NumberLine(x_min=0, x_max=4, tick_frequency=1)", "x_min", "x_range"),
        ("Axes(x_axis_width=8)", "x_axis_width", "x_length"),
        ("Axes(y_axis_height=4)", "y_axis_height", "y_length"),
        ("Axes().plot(abs, x_min=0, x_max=1)", "x_min", "x_range"),
        ("ParametricFunction(f, t_min=0, t_max=1)", "t_min", "t_range"),
        ('Text("hi", size=0.5)', "size", "font_size"),
        ('Tex("hi", size=2)', "size", "font_size"),
        ('MathTex("x", size=2)', "size", "font_size"),
        ('MathTex("x", isolate=["x"])', "isolate", "substrings_to_isolate"),
        ('Axes().get_axis_labels(x_label_tex="x")', "x_label_tex", "x_label"),
    ],
)
def test_removed_keywords(call: str, keyword: str, suggestion: str, api_index: ApiIndex) -> None:
    problem = only(scene(f"f = None\nm = {call}"), api_index)
    assert (problem.line, problem.code) == (BODY + 1, "removed-kwarg")
    assert keyword in problem.message
    assert suggestion in (problem.suggestion or "")
    assert problem.fixable


def test_range_with_only_a_minimum_is_not_fixable(api_index: ApiIndex) -> None:
    problem = only(scene("a = Axes(x_min=0)"), api_index)
    assert problem.code == "removed-kwarg"
    assert not problem.fixable


def test_current_keywords_are_fine(api_index: ApiIndex) -> None:
    body = (
        "a = Axes(x_range=[0, 4, 1], y_range=[0, 2], x_length=6, y_length=3, tips=False)\n"
        'a.plot(lambda x: x, x_range=[0, 1], color=RED)\nt = Text("x", font_size=30)\n'
        "n = NumberLine(x_range=[0, 4], length=6, include_numbers=True)"
    )
    assert api(scene(body), api_index) == []


# imports


@pytest.mark.parametrize(
    "statement",
    [
        "from manimlib import *",
        "from manimlib.imports import *",
        "import manimlib",
        "from manim_imports_ext import *",
    ],
)
def test_manimgl_imports(statement: str, api_index: ApiIndex) -> None:
    code = scene("self.play(Create(Circle()))", header=statement + "\n")
    result = check_code(code, api_index)
    assert [(p.line, p.kind, p.code) for p in result.problems] == [(1, "api", "gl-import")]
    assert result.problems[0].suggestion == "from manim import *"


# play(mob.method, ...)


def test_method_passed_to_play(api_index: ApiIndex) -> None:
    body = "dot = Dot()\nself.play(dot.shift, UP * 2, run_time=2)"
    problem = only(scene(body), api_index)
    assert (problem.line, problem.code, problem.fixable) == (BODY + 1, "play-method", True)
    assert problem.suggestion == "self.play(dot.animate.shift(UP * 2))"


@pytest.mark.parametrize(
    ("call", "fixed"),
    [
        ("sq.stretch_to_fit_width(5)", "sq.animate.stretch_to_fit_width(5)"),
        ("tracker.set_value(3)", "tracker.animate.set_value(3)"),
        ("sq.copy().next_to(sq, UP)", "sq.copy().animate.next_to(sq, UP)"),
    ],
)
def test_a_change_made_inside_play_becomes_an_animated_one(
    call: str, fixed: str, api_index: ApiIndex
) -> None:
    body = f"sq = Square()\ntracker = ValueTracker(0)\nself.play({call}, run_time=3)"
    problem = only(scene(body), api_index)
    assert (problem.line, problem.code, problem.fixable) == (BODY + 2, "play-method", True)
    assert "TypeError" in problem.message
    result = fix_code(scene(body), api_index)
    assert f"self.play({fixed}, run_time=3)" in result.code
    assert result.remaining == []


def test_play_with_animations_is_fine(api_index: ApiIndex) -> None:
    body = (
        "dot = Dot()\nanims = [FadeIn(dot)]\nself.play(dot.animate.shift(UP), run_time=2)\n"
        "self.play(*anims)\nself.play(Create(dot), dot.animate.scale(2))"
    )
    assert api(scene(body), api_index) == []


# camera frames and CONFIG


def test_camera_frame_in_a_plain_scene(api_index: ApiIndex) -> None:
    problem = only(scene("self.camera.frame.scale(0.5)"), api_index)
    assert (problem.line, problem.code, problem.fixable) == (BODY, "camera-frame", True)
    assert "MovingCameraScene" in (problem.suggestion or "")


def test_camera_frame_through_a_user_base_class(api_index: ApiIndex) -> None:
    code = (
        "from manim import *\n\n\nclass Base(Scene):\n    pass\n\n\n"
        "class Zoom(Base):\n    def construct(self):\n        self.camera.frame.scale(0.5)\n"
    )
    problem = only(code, api_index)
    assert (problem.line, problem.code) == (10, "camera-frame")


@pytest.mark.parametrize("base", ["MovingCameraScene", "ZoomedScene"])
def test_camera_frame_in_moving_camera_scenes_is_fine(base: str, api_index: ApiIndex) -> None:
    code = scene("self.camera.frame.scale(0.5)").replace("class S(Scene)", f"class S({base})")
    assert api(code, api_index) == []


def test_camera_frame_in_three_d_scene_is_its_camera_or_not_fixable(api_index: ApiIndex) -> None:
    code = scene("self.camera.frame.scale(0.5)").replace("(Scene)", "(ThreeDScene)")
    fixed = fix_code(code, api_index)  # the frame's scale is the 3D camera's zoom
    assert "self.set_camera_orientation(zoom=self.camera.get_zoom() / 0.5)" in fixed.code
    assert fixed.remaining == []
    code = scene("self.camera.frame.set_x(1)").replace("(Scene)", "(ThreeDScene)")
    problem = only(code, api_index)  # no CE camera equivalent said here
    assert (problem.code, problem.fixable) == ("camera-frame", False)


def test_gl_self_frame(api_index: ApiIndex) -> None:
    problem = only(scene("self.frame.scale(0.5)"), api_index)
    assert (problem.line, problem.code) == (BODY, "camera-frame")
    assert "self.camera.frame" in (problem.suggestion or "")


def test_old_manims_camera_frame_attribute(api_index: ApiIndex) -> None:
    code = scene("self.camera_frame.scale(0.5)").replace("(Scene)", "(MovingCameraScene)")
    problem = only(code, api_index)
    assert (problem.line, problem.code, problem.fixable) == (BODY, "camera-frame", True)
    fixed = fix_code(code, api_index)
    assert fixed.code == code.replace("self.camera_frame", "self.camera.frame")
    assert fixed.changes == [f"line {BODY}: self.camera_frame → self.camera.frame"]


def test_self_frame_assigned_by_the_scene_is_fine(api_index: ApiIndex) -> None:
    assert api(scene("self.frame = Rectangle()\nself.add(self.frame)"), api_index) == []


def test_config_dict_in_a_scene(api_index: ApiIndex) -> None:
    code = (
        "from manim import *\n\n\nclass S(Scene):\n    CONFIG = {'x_min': 0}\n\n"
        "    def construct(self):\n        pass\n\n\nclass Plain:\n    CONFIG = {}\n"
    )
    problem = only(code, api_index)
    assert (problem.line, problem.code, problem.fixable) == (5, "class-config", True)
    assert problem.severity == "warning"  # CE renders the class; the dict is just ignored


# unknown names


@pytest.mark.parametrize(
    ("body", "name", "suggestion"),
    [
        ("c = Circel()", "Circel", "Circle"),
        ("s = Squre()", "Squre", "Square"),
        ("self.play(Craete(Dot()))", "Craete", "Create"),
        ("square = Square()\nself.add(sqaure)", "sqaure", "square"),
        ("t = MathTexx('x')", "MathTexx", "MathTex"),
    ],
)
def test_unknown_names_get_close_matches(
    body: str, name: str, suggestion: str, api_index: ApiIndex
) -> None:
    problem = only(scene(body), api_index)
    assert problem.code == "unknown-name"
    assert problem.line == BODY + body.count("\n")
    assert name in problem.message
    assert problem.suggestion == f"did you mean {suggestion}?"


def test_unknown_name_is_reported_once(api_index: ApiIndex) -> None:
    found = api(scene("a = foo\nb = foo"), api_index)
    assert [(p.line, p.code) for p in found] == [(BODY, "unknown-name")]


def test_manim_names_without_the_star_import(api_index: ApiIndex) -> None:
    problem = only(
        "from manim import Scene\n\n\nclass S(Scene):\n    def construct(self):\n        self.add(Circle())\n",
        api_index,
    )
    assert (problem.line, problem.code) == (6, "unknown-name")
    assert "from manim import" in (problem.suggestion or "")


def test_unexported_import_from_manim(api_index: ApiIndex) -> None:
    problem = only("from manim import Scene, Circel\n", api_index)
    assert (problem.line, problem.code) == (1, "unknown-name")
    assert problem.suggestion == "did you mean Circle?"


def test_every_kind_of_binding_counts(api_index: ApiIndex) -> None:
    body = """
import math
from functools import reduce as fold
counter = 0
def helper(a, *rest, scale=1, **extra):
    global counter
    counter += 1
    return [a for a in rest]
lam = lambda u, v=2: u + v
for i, (j, k) in enumerate([(1, 2)]):
    pass
with open_group() as (g1, g2):
    pass
try:
    pass
except ValueError as err:
    print(err)
if (n := 3) > 2:
    print(n)
squares = {q: q * q for q in range(3)}
match counter:
    case [first, *others]:
        print(first, others)
    case {"k": value, **remaining}:
        print(value, remaining)
    case Point(x=px) as whole:
        print(px, whole)
class Point:
    x = 0
def open_group():
    return (1, 2)
print(math.pi, fold, helper, lam, i, j, k, g1, g2, squares, PI, __name__)
"""
    assert api(scene(body), api_index) == []


def test_unresolvable_star_imports_disable_the_unknown_name_rule(api_index: ApiIndex) -> None:
    code = scene("x = linspace(0, 1, 5)", header="from manim import *\nfrom numpy import *\n")
    assert api(code, api_index) == []


# unknown keyword arguments


@pytest.mark.parametrize(
    ("call", "keyword", "suggestion"),
    [
        ("Circle(radiuss=1)", "radiuss", "radius"),
        ("Square(side_lenght=2)", "side_lenght", "side_length"),
        ('Text("x", fontsize=20)', "fontsize", "font_size"),
        ("FadeIn(Dot(), shiftt=UP)", "shiftt", "shift"),
    ],
)
def test_unknown_keywords_on_manim_classes(
    call: str, keyword: str, suggestion: str, api_index: ApiIndex
) -> None:
    problem = only(scene(f"m = {call}"), api_index)
    assert (problem.line, problem.code) == (BODY, "unknown-kwarg")
    assert repr(keyword) in problem.message
    assert problem.suggestion == f"did you mean {suggestion}=?"


def test_unknown_keyword_on_a_method_of_a_constructed_variable(api_index: ApiIndex) -> None:
    problem = only(scene("sq = Square()\nsq.next_to(ORIGIN, RIGHT, buf=0.5)"), api_index)
    assert (problem.line, problem.code) == (BODY + 1, "unknown-kwarg")
    assert problem.suggestion == "did you mean buff=?"


def test_keyword_checks_stay_silent_when_unsure(api_index: ApiIndex) -> None:
    body = (
        "opts = {'radius': 2}\nc = Circle(**opts)\n"
        "sq = Square()\nsq = sq.copy()\nsq.next_to(ORIGIN, foo=1)\n"  # sq is no longer surely a Square
        "ax = Axes()\nax.plot(lambda x: x, whatever=1)\n"  # plot forwards **kwargs
        "self.play(Transform(c, Dot(), path_arc=PI), run_time=2)\n"
        "TransformMatchingShapes(Text('ab'), Text('ba'), path_arc=PI / 2)"  # kwargs go to Transform
    )
    assert api(scene(body), api_index) == []


def test_user_classes_shadow_manim_classes_for_keyword_checks(api_index: ApiIndex) -> None:
    code = (
        "from manim import *\n\n\nclass Circle(VMobject):\n    def __init__(self, wobble=0, **kwargs):\n"
        "        super().__init__(**kwargs)\n\n\nclass S(Scene):\n    def construct(self):\n"
        "        self.add(Circle(wobble=1))\n"
    )
    assert check_code(code, api_index).ok


# ordering and syntax


def test_syntax_errors_are_reported_alone(api_index: ApiIndex) -> None:
    result = check_code("import os\nx = (1,\n", api_index)
    assert [(p.kind, p.code) for p in result.problems] == [("syntax", "syntax-error")]
    assert result.problems[0].line in (2, 3)


def test_compiler_errors_count_as_syntax(api_index: ApiIndex) -> None:
    result = check_code("from manim import *\nreturn 3\n", api_index)
    assert [(p.line, p.kind) for p in result.problems] == [(2, "syntax")]


def test_problems_are_sorted_by_line(api_index: ApiIndex) -> None:
    body = "self.play(ShowCreation(Circle()))\nimport os\nx = Circel()"
    found = problems(scene(body), api_index)
    assert [p.line for p in found] == sorted(p.line for p in found)
    assert {p.kind for p in found} == {"api", "unsafe"}


def test_unevaluated_annotations_are_not_unknown_names(api_index: ApiIndex) -> None:
    code = (
        "from __future__ import annotations\n\nfrom manim import *\n\n\nclass S(Scene):\n"
        "    def construct(self) -> None:\n        pts: Sequence[Point3D] = [ORIGIN]\n"
        "        self.add(self.make(pts))\n\n"
        "    def make(self, pts: Sequence[Point3D]) -> VMobject:\n"
        "        return VMobject().set_points_as_corners(pts)\n"
    )
    assert check_code(code, api_index).ok
    # Without the future import, parameter annotations run at def time: a real NameError.
    evaluated = code.replace("from __future__ import annotations\n", "")
    found = [(p.line, p.code) for p in check_code(evaluated, api_index).problems]
    assert found == [(10, "unknown-name"), (10, "unknown-name")]
