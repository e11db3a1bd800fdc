"""ManimGL CONFIG dicts: fix_code turns their entries into class attributes where that is safe."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.check.helpers import assert_renders
from tools.check import ApiIndex, FixResult, Problem, check_code, fix_code

HEADER = "from manim import *\n\n\n"
CONSTRUCT = "\n    def construct(self):\n        self.add(Dot(color=self.b))\n"

# The old Manim CE docs' GraphScene example, verbatim: "function_color" is read as an attribute.
PLOT_FUNCTIONS = """from manim import *


class PlotFunctions(GraphScene):
    CONFIG = {
        "x_min" : -10,
        "x_max" : 10.3,
        "y_min" : -1.5,
        "y_max" : 1.5,
        "graph_origin" : ORIGIN ,
        "function_color" : RED ,
        "axes_color" : GREEN,
        "x_labeled_nums" :range(-10,12,2),

    }
    def construct(self):
        self.setup_axes(animate=True)
        func_graph=self.get_graph(self.func_to_graph,self.function_color)
        func_graph2=self.get_graph(self.func_to_graph2)
        vert_line = self.get_vertical_line_to_graph(TAU,func_graph,color=YELLOW)
        graph_lab = self.get_graph_label(func_graph, label = "\\\\cos(x)")
        graph_lab2=self.get_graph_label(func_graph2,label = "\\\\sin(x)", x_val=-10, direction=UP/2)
        two_pi = MathTex(r"x = 2 \\pi")
        label_coord = self.input_to_graph_point(TAU,func_graph)
        two_pi.next_to(label_coord,RIGHT+UP)
        self.play(ShowCreation(func_graph),ShowCreation(func_graph2))
        self.play(ShowCreation(vert_line), ShowCreation(graph_lab), ShowCreation(graph_lab2),ShowCreation(two_pi))


    def func_to_graph(self,x):
        return np.cos(x)

    def func_to_graph2(self,x):
        return np.sin(x)
"""


def scene_class(config: str, rest: str = CONSTRUCT, base: str = "Scene") -> str:
    return f"{HEADER}class A({base}):\n{config}{rest}"


def config_problems(fixed: FixResult) -> list[Problem]:
    return [p for p in fixed.remaining if p.code == "class-config"]


def test_simple_config_becomes_class_attributes(api_index: ApiIndex) -> None:
    code = scene_class('    CONFIG = {"a": 1, "b": RED}\n')
    (problem,) = check_code(code, api_index).problems
    assert (problem.code, problem.severity, problem.fixable) == ("class-config", "warning", True)
    fixed = fix_code(code, api_index)
    assert fixed.code == scene_class("    a = 1\n    b = RED\n")
    assert fixed.changes == ["line 5: CONFIG → class attributes a, b"]
    assert fixed.remaining == []


def test_multi_line_values_keep_their_text(api_index: ApiIndex) -> None:
    config = (
        "    CONFIG = {\n"
        '        "a": [\n            1,\n            2,\n        ],  # dropped\n'
        '        "b": BLUE\n        if True else RED,\n'
        '        "c": {"x": 1},\n'
        "    }\n"
    )
    fixed = fix_code(scene_class(config), api_index)
    assert fixed.code == scene_class(
        "    a = [\n            1,\n            2,\n        ]\n"
        # outside the dict's brackets, a value spanning lines needs brackets of its own
        "    b = (BLUE\n        if True else RED)\n"
        '    c = {"x": 1}\n'
    )
    assert fixed.remaining == []


@pytest.mark.render
def test_functions_stay_plain_functions(api_index: ApiIndex, tmp_path: Path) -> None:
    # digest_config made instance attributes; as class attributes, functions would bind to self
    # (seen in a real file: `self.shape()` failed with "takes 0 positional arguments").
    code = (
        f"{HEADER}def unit():\n    return RIGHT\n\n\nclass A(Scene):\n"
        '    CONFIG = {"shape": unit, "scale": lambda x: 2 * x, "n": 3}\n\n'
        "    def construct(self):\n"
        "        self.add(Dot(self.scale(self.shape()) * self.n))\n        self.wait(0.1)\n"
    )
    fixed = fix_code(code, api_index)
    assert (
        "    shape = staticmethod(unit)\n    scale = staticmethod(lambda x: 2 * x)\n    n = 3\n"
        in fixed.code
    )
    assert fixed.remaining == []
    assert_renders(fixed.code + "        assert self.mobjects[0].get_x() == 6\n", tmp_path)


def test_dict_call_form(api_index: ApiIndex) -> None:
    fixed = fix_code(scene_class("    CONFIG = dict(a=1, b=RED)\n"), api_index)
    assert fixed.code == scene_class("    a = 1\n    b = RED\n")
    assert fixed.remaining == []


def test_empty_config_goes(api_index: ApiIndex) -> None:
    fixed = fix_code(scene_class("    CONFIG = {}\n", rest=""), api_index)
    assert fixed.code == scene_class("    pass\n", rest="")
    assert fixed.remaining == []


def test_a_clash_with_the_class_body_stays_reported(api_index: ApiIndex) -> None:
    rest = "\n    def helper(self):\n        return 1\n" + CONSTRUCT
    fixed = fix_code(scene_class('    CONFIG = {"b": 1, "helper": 2}\n', rest), api_index)
    assert fixed.code == scene_class('    CONFIG = {"helper": 2}\n    b = 1\n', rest)
    (problem,) = fixed.remaining
    assert (problem.code, problem.severity, problem.fixable) == ("class-config", "warning", False)
    assert "helper" in (problem.suggestion or "") and "A also defines" in (problem.suggestion or "")


@pytest.mark.parametrize(
    ("base", "config", "hint"),
    [
        (
            "Scene",
            '"camera_config": {"background_color": GREY, "light_source_start_point": UP}',
            "self.camera.background_color = GREY",
        ),
        ("Scene", '"axis_config": {"color": RED}', "axis_config={...} to the Axes"),
        ("Scene", '"background_line_style": {"stroke_width": 1}', "NumberPlane"),
        ("Scene", '"random_seed": 3', "super().__init__(random_seed=..., **kwargs)"),
        ("Scene", '"camera": None', "Scene.camera is Manim CE's own"),
        ("Dot", '"radius": 0.5', "super().__init__(radius=..., **kwargs)"),
        ("Animation", '"run_time": 2', "run_time"),
        ("Scene", '"not-a-name": 2', "not a plain attribute name"),
        ("Scene", '"__hidden": 2', "not a plain attribute name"),
    ],
)
def test_entries_manim_ce_owns_stay_reported(
    base: str, config: str, hint: str, api_index: ApiIndex
) -> None:
    code = scene_class(f'    CONFIG = {{"b": 1, {config}}}\n', base=base)
    fixed = fix_code(code, api_index)
    assert f"    CONFIG = {{{config}}}\n    b = 1\n" in fixed.code
    (problem,) = config_problems(fixed)
    assert (problem.severity, problem.fixable) == ("warning", False)
    assert hint in (problem.suggestion or "")
    assert check_code(fixed.code, api_index).ok


@pytest.mark.parametrize(
    ("config", "rest", "reason"),
    [
        ('    CONFIG = {"b": 1}\n', CONSTRUCT + "        print(self.CONFIG)\n", "reads CONFIG"),
        ('    CONFIG = {"b": 1, **BASE}\n', CONSTRUCT, "string keys"),
        ('    CONFIG = {"b": 1, "b": 2}\n', CONSTRUCT, "string keys"),
        ('    CONFIG = {"b": 1}; x = 2\n', CONSTRUCT, "shares its lines"),
        ('    CONFIG = {"b": 1}\n    CONFIG = {"b": 2}\n', CONSTRUCT, "more than once"),
    ],
    ids=["read-elsewhere", "splat", "repeated-key", "shared-line", "assigned-twice"],
)
def test_configs_the_rewrite_cannot_read_stay_reported(
    config: str, rest: str, reason: str, api_index: ApiIndex
) -> None:
    code = "BASE = {}\n" + scene_class(config, rest)
    fixed = fix_code(code, api_index)
    assert fixed.code == code
    (problem,) = config_problems(fixed)
    assert (problem.severity, problem.fixable) == ("warning", False)
    assert reason in (problem.suggestion or "")


def test_names_the_class_body_reads_are_kept(api_index: ApiIndex) -> None:
    # `a` in "b": a is the module's a; a class attribute `a = 1` would change it.
    code = "a = 5\n" + scene_class('    CONFIG = {"a": 1, "b": a}\n')
    fixed = fix_code(code, api_index)
    assert '    CONFIG = {"a": 1}\n    b = a\n' in fixed.code
    assert [p.fixable for p in config_problems(fixed)] == [False]


def test_nested_dicts_merged_with_a_base_class_are_kept(api_index: ApiIndex) -> None:
    code = (
        f'{HEADER}class Base(Scene):\n    CONFIG = {{"style": {{"a": 1}}}}\n\n\n'
        f'class A(Base):\n    CONFIG = {{"style": {{"b": 2}}, "b": 3}}\n{CONSTRUCT}'
    )
    fixed = fix_code(code, api_index)
    assert '    style = {"a": 1}\n' in fixed.code
    assert '    CONFIG = {"style": {"b": 2}}\n    b = 3\n' in fixed.code
    (problem,) = config_problems(fixed)
    assert "merged it into Base's style" in (problem.suggestion or "")


def test_manim_gl_classes_convert_once_renamed(api_index: ApiIndex) -> None:
    code = (
        "from manimlib.imports import *\n\n\nclass Title(TextMobject):\n"
        '    CONFIG = {"gap": 0.5}\n\n\nclass A(Scene):\n    CONFIG = {"b": RED}\n' + CONSTRUCT
    )
    fixed = fix_code(code, api_index)
    assert "class Title(Tex):\n    gap = 0.5\n" in fixed.code
    assert "class A(Scene):\n    b = RED\n" in fixed.code
    assert fixed.remaining == []


def test_unknown_base_classes_are_not_rewritten(api_index: ApiIndex) -> None:
    # ContinualAnimation has no CE class to stand for it: what the base owns is unknown.
    code = f"{HEADER}class A(ContinualAnimation):\n    CONFIG = {{'b': 1}}\n"
    fixed = fix_code(code, api_index)
    assert fixed.code == code
    assert [(p.code, p.fixable) for p in config_problems(fixed)] == [("class-config", False)]


@pytest.mark.parametrize(
    "code",
    [
        scene_class('    CONFIG = {\n        "a": 1,\n        "helper": 2,\n    }\n'),
        scene_class('    CONFIG = {"b": 1, "camera_config": {}}\n'),
        PLOT_FUNCTIONS,
    ],
)
def test_fixing_twice_changes_nothing(code: str, api_index: ApiIndex) -> None:
    fixed = fix_code(code, api_index)
    again = fix_code(fixed.code, api_index)
    assert (again.code, again.changes) == (fixed.code, [])
    assert again.remaining == fixed.remaining


def test_graph_scene_config_leftovers_become_attributes(api_index: ApiIndex) -> None:
    fixed = fix_code(PLOT_FUNCTIONS, api_index)
    assert fixed.code.startswith(
        HEADER + "class PlotFunctions(Scene):\n    function_color = RED\n\n    def setup(self):\n"
    )
    assert "CONFIG" not in fixed.code and "GraphScene" not in fixed.code
    assert "self.axes.plot(lambda x: self.func_to_graph(x),color=self.function_color)" in (
        fixed.code
    )
    assert fixed.remaining == []  # no error and no warning


def test_graph_scene_subclass_axes_settings_stay(api_index: ApiIndex) -> None:
    code = (
        f'{HEADER}class Base(GraphScene):\n    CONFIG = {{"x_max": 5}}\n\n\n'
        f'class A(Base):\n    CONFIG = {{"x_max": 8, "b": RED}}\n{CONSTRUCT}'
    )
    fixed = fix_code(code, api_index)
    assert '    CONFIG = {"x_max": 8}\n    b = RED\n' in fixed.code
    assert [(p.code, p.severity) for p in fixed.remaining] == [
        ("removed-api", "error"),  # the converted Base's axes ignore it
        ("class-config", "warning"),
    ]


@pytest.mark.render
def test_fixed_plot_functions_renders(api_index: ApiIndex, tmp_path: Path) -> None:
    fixed = fix_code(PLOT_FUNCTIONS, api_index)
    assert fixed.remaining == []
    assert_renders(fixed.code, tmp_path, "plot_functions")


def test_a_class_reading_its_own_dict_runs_as_written(api_index: ApiIndex) -> None:
    rest = '\n    def construct(self):\n        self.add(Dot(color=self.CONFIG["b"]))\n'
    code = scene_class('    CONFIG = {"b": RED}\n', rest)
    assert [p for p in check_code(code, api_index).problems if p.code == "class-config"] == []


def test_the_read_named_is_the_first_in_the_file(api_index: ApiIndex) -> None:
    rest = (
        CONSTRUCT
        + "        if self.b:\n            print(self.CONFIG)\n        print(self.CONFIG)\n"
    )
    (problem,) = config_problems(fix_code(scene_class('    CONFIG = {"b": 1}\n', rest), api_index))
    assert "line 10 reads CONFIG" in (problem.suggestion or "")


def test_a_background_camera_config_becomes_a_setup(api_index: ApiIndex) -> None:
    rest = (
        CONSTRUCT + "        assert self.camera.background_color == WHITE\n        self.wait(0.1)\n"
    )
    code = scene_class(
        '    CONFIG = {"b": RED, "camera_config": {"background_color": WHITE}}\n', rest
    )
    fixed = fix_code(code, api_index)
    assert (
        "    b = RED\n\n    def setup(self):\n        super().setup()\n"
        "        self.camera.background_color = WHITE\n\n    def construct(self):\n"
    ) in fixed.code
    assert config_problems(fixed) == []
    with_setup = scene_class('    CONFIG = {"camera_config": {"background_color": WHITE}}\n', rest)
    own = with_setup.replace(
        "    def construct", "    def setup(self):\n        pass\n\n    def construct"
    )
    assert [p.fixable for p in config_problems(fix_code(own, api_index))] == [False]


@pytest.mark.render
def test_the_setup_colours_the_background(api_index: ApiIndex, tmp_path: Path) -> None:
    rest = (
        CONSTRUCT + "        assert self.camera.background_color == WHITE\n        self.wait(0.1)\n"
    )
    code = scene_class(
        '    CONFIG = {"b": RED, "camera_config": {"background_color": WHITE}}\n', rest
    )
    assert_renders(fix_code(code, api_index).code, tmp_path)


def test_an_entry_naming_a_module_value_of_its_own_name_becomes_that_attribute(
    api_index: ApiIndex,
) -> None:
    """`"b": b` reads the module's b before the attribute exists, as the entry did."""
    code = "b = RED\n" + scene_class('    CONFIG = {"b": b}\n')
    fixed = fix_code(code, api_index)
    assert "    b = b\n" in fixed.code and "CONFIG" not in fixed.code
    assert fixed.remaining == []


def test_a_name_the_class_body_reads_after_the_entry_stays_reported(api_index: ApiIndex) -> None:
    """Here `twice` read the module's b (2); an attribute b = 5 would make it 10."""
    code = "b = 2\n" + scene_class('    CONFIG = {"b": 5}\n    twice = b * 2\n')
    fixed = fix_code(code, api_index)
    assert '    CONFIG = {"b": 5}\n' in fixed.code
    [problem] = config_problems(fixed)
    assert "reads the name b itself" in (problem.suggestion or "")


def test_a_sub_object_setting_the_class_reads_as_its_own_becomes_an_attribute(
    api_index: ApiIndex,
) -> None:
    rest = "\n    def construct(self):\n        self.add(NumberLine(**self.axis_config))\n"
    code = scene_class('    CONFIG = {"axis_config": {"length": 4}}\n', rest)
    fixed = fix_code(code, api_index)
    assert '    axis_config = {"length": 4}\n' in fixed.code and "CONFIG" not in fixed.code
    assert fixed.remaining == []
