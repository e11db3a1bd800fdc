"""ManimGL and removed Manim CE API, mapped to what the installed Manim CE offers instead.

Pure data plus lookups. An entry only matters when the installed manim lacks the old spelling;
the checker asks the API index, so no version numbers live here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TypeVar

from tools.check.call_templates import TEMPLATED
from tools.check.gl_renames import GL_KEYWORDS, GL_METHODS, GL_NAMES

M = TypeVar("M")

# Old-style FadeInFrom(mob, DIR) starts the mobject shifted by DIR and moves it back, so CE's
# `shift` (the direction of motion) is the opposite vector.
OPPOSITE_DIRECTIONS: dict[str, str] = {
    "UP": "DOWN",
    "DOWN": "UP",
    "LEFT": "RIGHT",
    "RIGHT": "LEFT",
    "UL": "DR",
    "DR": "UL",
    "UR": "DL",
    "DL": "UR",
    "IN": "OUT",
    "OUT": "IN",
}


@dataclass(frozen=True)
class CallReshape:
    """How a call's arguments change along with the callee's name."""

    positional_to_keyword: tuple[tuple[int, str], ...] = ()  # (0-based index, new keyword)
    keyword_renames: tuple[tuple[str, str], ...] = ()
    add_keywords: tuple[tuple[str, str], ...] = ()  # (keyword, source text) when still absent
    negate: frozenset[str] = frozenset()  # new keywords whose moved value flips sign


NO_RESHAPE = CallReshape()


@dataclass(frozen=True)
class NameMigration:
    """A removed class, function or constant and its Manim CE replacement."""

    old: str
    new: str  # replacement source text; for unfixable entries, the closest CE API
    suggestion: str
    fixable: bool = True
    reshape: CallReshape = NO_RESHAPE
    template: str | None = None  # a call `Old(x, ...)`, x a plain name, -> template.format(x, ...)
    template_defaults: tuple[str, ...] = ()  # the template's {1}, {2}... when the call omits them


@dataclass(frozen=True)
class MethodMigration:
    """A removed method and its Manim CE replacement."""

    old: str
    new: str
    suggestion: str
    fixable: bool = True
    reshape: CallReshape = NO_RESHAPE
    to_attribute: bool = False  # `m.get_width()` becomes the property `m.width`


@dataclass(frozen=True)
class RangeMigration:
    """Separate min/max/step keywords that Manim CE folds into one `*_range` list."""

    target: str
    mins: tuple[str, ...]
    maxs: tuple[str, ...]
    steps: tuple[str, ...] = ()
    radii: tuple[str, ...] = ()  # old NumberPlane's `x_radius=r`: the range [-r, r]


@dataclass(frozen=True)
class KeywordMigration:
    """A renamed keyword argument."""

    old: str
    new: str
    scale_font_size: bool = False  # old `size` was a scale factor where 1 meant font_size 48


_FADE_IN_FROM = CallReshape(
    positional_to_keyword=((1, "shift"),),
    keyword_renames=(("direction", "shift"),),
    add_keywords=(("shift", "UP"),),
    negate=frozenset({"shift"}),
)
_FADE_OUT_AND_SHIFT = CallReshape(
    positional_to_keyword=((1, "shift"),),
    keyword_renames=(("direction", "shift"),),
    add_keywords=(("shift", "DOWN"),),
)
_TO_POINT = CallReshape(
    positional_to_keyword=((1, "target_position"),),
    keyword_renames=(("point", "target_position"),),
)
_NOT_MANIM = "is 3Blue1Brown's own video code, not part of any manim library; draw it with shapes or an SVGMobject"

_N = NameMigration
_M = MethodMigration
_R = CallReshape

# fmt: off
NAMES: dict[str, NameMigration] = {m.old: m for m in (
    _N("ShowCreation", "Create", "Create(mob)"),
    _N("TextMobject", "Tex", 'Tex("text") (or Text("text") without LaTeX)'),
    _N("TexMobject", "MathTex", 'MathTex(r"x^2")'),
    _N("TexText", "Tex", 'Tex("text")'),
    _N("OldTex", "MathTex", 'MathTex(r"x^2")'),
    _N("OldTexText", "Tex", 'Tex("text")'),
    _N("FadeInFrom", "FadeIn", "FadeIn(mob, shift=-DIRECTION)", reshape=_FADE_IN_FROM),
    _N("FadeOutAndShift", "FadeOut", "FadeOut(mob, shift=DIRECTION)", reshape=_FADE_OUT_AND_SHIFT),
    _N("FadeInFromLarge", "FadeIn", "FadeIn(mob, scale=2)", reshape=_R(
        positional_to_keyword=((1, "scale"),), keyword_renames=(("scale_factor", "scale"),),
        add_keywords=(("scale", "2"),))),
    _N("FadeInFromPoint", "FadeIn", "FadeIn(mob, target_position=point)", reshape=_TO_POINT),
    _N("FadeOutToPoint", "FadeOut", "FadeOut(mob, target_position=point)", reshape=_TO_POINT),
    _N("VFadeIn", "FadeIn", "FadeIn(mob)"),
    _N("VFadeOut", "FadeOut", "FadeOut(mob)"),
    _N("ShowCreationThenDestruction", "ShowPassingFlash", "ShowPassingFlash(mob, time_width=2.0)",
       reshape=_R(add_keywords=(("time_width", "2.0"),))),
    _N("ShowCreationThenDestructionAround", "Circumscribe", "Circumscribe(mob)"),
    _N("ShowCreationThenFadeAround", "Circumscribe", "Circumscribe(mob, fade_out=True)",
       reshape=_R(add_keywords=(("fade_out", "True"),))),
    _N("ShowPassingFlashAround", "Circumscribe", "Circumscribe(mob)"),
    _N("FlashAround", "Circumscribe", "Circumscribe(mob)"),
    _N("CircleIndicate", "Circumscribe", "Circumscribe(mob, Circle)", reshape=_R(add_keywords=(("shape", "Circle"),))),
    _N("WiggleOutThenIn", "Wiggle", "Wiggle(mob)"),
    _N("TransformMatchingStrings", "TransformMatchingShapes", "TransformMatchingShapes(a, b)"),
    _N("ParametricSurface", "Surface", "Surface(func, u_range=[a, b], v_range=[c, d])"),
    _N("ParametricCurve", "ParametricFunction", "ParametricFunction(func, t_range=[a, b])"),
    _N("SmallDot", "Dot", "Dot(radius=DEFAULT_SMALL_DOT_RADIUS)",
       reshape=_R(add_keywords=(("radius", "DEFAULT_SMALL_DOT_RADIUS"),))),
    _N("get_norm", "np.linalg.norm", "np.linalg.norm(v)"),
    _N("FRAME_WIDTH", "config.frame_width", "config.frame_width"),
    _N("FRAME_HEIGHT", "config.frame_height", "config.frame_height"),
    _N("FRAME_X_RADIUS", "config.frame_x_radius", "config.frame_x_radius"),
    _N("FRAME_Y_RADIUS", "config.frame_y_radius", "config.frame_y_radius"),
    _N("TOP", "config.top", "config.top"),
    _N("BOTTOM", "config.bottom", "config.bottom"),
    _N("LEFT_SIDE", "config.left_side", "config.left_side"),
    _N("RIGHT_SIDE", "config.right_side", "config.right_side"),
    _N("DEG", "DEGREES", "DEGREES"),
    _N("EPSILON", "1e-4", "1e-4, what `from manimlib import *` binds (mobject.probability's, imported last)"),
    _N("GraphScene", "Scene", "class MyScene(Scene) with axes = Axes(x_range=[...], y_range=[...]) and axes.plot(f)",
       fixable=False),
    *(_N(t.old, t.new, t.suggestion, False, template=t.template, template_defaults=t.defaults) for t in TEMPLATED),
    _N("AnimatedStreamLines", "StreamLines", "stream = StreamLines(func); self.add(stream); stream.start_animation()",
       fixable=False),
    _N("GlowDot", "Dot", "Dot(point) (CE has no glow dot)", fixable=False),
    _N("TracingTail", "TracedPath", "TracedPath(mob.get_center, dissipating_time=0.5)", fixable=False),
    _N("Polyline", "VMobject", "VMobject().set_points_as_corners(points)", fixable=False),
    _N("InteractiveScene", "Scene", "class MyScene(Scene)"),
    _N("VShowPassingFlash", "ShowPassingFlash", "ShowPassingFlash(mob, time_width=0.3)"),
    _N("SampleSpaceScene", "Scene", "Scene", fixable=False),
    _N("ReconfigurableScene", "Scene", "Scene", fixable=False),
    _N("PiCreature", "SVGMobject", f"PiCreature {_NOT_MANIM}", fixable=False),
    _N("Randolph", "SVGMobject", f"Randolph {_NOT_MANIM}", fixable=False),
    _N("Mortimer", "SVGMobject", f"Mortimer {_NOT_MANIM}", fixable=False),
    _N("PiCreatureScene", "Scene", f"PiCreatureScene {_NOT_MANIM}", fixable=False),
    _N("TeacherStudentsScene", "Scene", f"TeacherStudentsScene {_NOT_MANIM}", fixable=False),
)}

METHODS: dict[str, MethodMigration] = {m.old: m for m in (
    _M("get_graph", "plot", "axes.plot(f, x_range=[a, b])"),
    _M("get_parametric_curve", "plot_parametric_curve", "axes.plot_parametric_curve(f, t_range=[a, b])"),
    _M("get_derivative_graph", "plot_derivative_graph", "axes.plot_derivative_graph(graph)"),
    _M("get_antiderivative_graph", "plot_antiderivative_graph", "axes.plot_antiderivative_graph(graph)"),
    _M("get_implicit_curve", "plot_implicit_curve", "axes.plot_implicit_curve(f)"),
    _M("get_line_graph", "plot_line_graph", "axes.plot_line_graph(x_values, y_values)"),
    _M("get_polar_graph", "plot_polar_graph", "plane.plot_polar_graph(r_func)"),
    _M("get_area_under_graph", "get_area", "axes.get_area(graph, x_range=[a, b])"),
    _M("scale_in_place", "scale", "mob.scale(factor)"),
    _M("rotate_in_place", "rotate", "mob.rotate(angle)"),
    _M("scale_about_point", "scale", "mob.scale(factor, about_point=point)",
       reshape=_R(positional_to_keyword=((1, "about_point"),))),
    _M("rotate_about_origin", "rotate", "mob.rotate(angle, about_point=ORIGIN)",
       reshape=_R(add_keywords=(("about_point", "ORIGIN"),))),
    _M("set_width", "scale_to_fit_width", "mob.scale_to_fit_width(w) (or mob.width = w)"),
    _M("set_height", "scale_to_fit_height", "mob.scale_to_fit_height(h) (or mob.height = h)"),
    _M("set_depth", "scale_to_fit_depth", "mob.scale_to_fit_depth(d)"),
    _M("get_width", "width", "mob.width", to_attribute=True),
    _M("get_height", "height", "mob.height", to_attribute=True),
    _M("get_depth", "depth", "mob.depth", to_attribute=True),
    _M("get_points", "points", "mob.points", to_attribute=True),
    _M("add_coordinate_labels", "add_coordinates", "axes.add_coordinates()"),
    _M("arrange_submobjects", "arrange", "group.arrange(DOWN)"),
    _M("sort_submobjects", "sort", "group.sort()"),
    _M("shuffle_submobjects", "shuffle", "group.shuffle()"),
    _M("get_v_line", "get_vertical_line", "axes.get_vertical_line(point)"),
    _M("get_h_line", "get_horizontal_line", "axes.get_horizontal_line(point)"),
    _M("get_v_line_to_graph", "get_vertical_line", "axes.get_vertical_line(axes.i2gp(x, graph))", fixable=False),
    _M("get_h_line_to_graph", "get_horizontal_line", "axes.get_horizontal_line(axes.i2gp(x, graph))", fixable=False),
    _M("fix_in_frame", "add_fixed_in_frame_mobjects", "self.add_fixed_in_frame_mobjects(mob) in a ThreeDScene",
       fixable=False),
    _M("set_backstroke", "set_stroke", "mob.set_stroke(BLACK, width=5, background=True)", fixable=False),
)}
# Fades with the direction in the name (old manim's and its forks'): FadeInFromDown moves up.
_WAYS = {"Up": ("UP", "DOWN"), "Down": ("DOWN", "UP"), "Left": ("LEFT", "RIGHT"), "Right": ("RIGHT", "LEFT")}
for _way, (_out, _in) in _WAYS.items():
    NAMES[f"FadeOutAndShift{_way}"] = _N(f"FadeOutAndShift{_way}", "FadeOut", f"FadeOut(mob, shift={_out})", reshape=_R(add_keywords=(("shift", _out),)))
    NAMES[f"FadeInFrom{_way}"] = _N(f"FadeInFrom{_way}", "FadeIn", f"FadeIn(mob, shift={_in})", reshape=_R(add_keywords=(("shift", _in),)))
# fmt: on
# ManimGL-only API with a CE replacement (found by reading ManimGL's source: `gl_renames`).
NAMES.update({r.old: NameMigration(r.old, r.new, r.suggestion, r.fixable) for r in GL_NAMES})
METHODS.update(
    {
        r.old: MethodMigration(r.old, r.new, r.suggestion, r.fixable, to_attribute=r.to_attribute)
        for r in GL_METHODS
    }
)

_COORDINATE_SYSTEMS = frozenset({"Axes", "NumberPlane", "ThreeDAxes", "ComplexPlane", "PolarPlane"})
_TEXT_CLASSES = frozenset(
    {
        "Text",
        "MarkupText",
        "Paragraph",
        "Tex",
        "MathTex",
        "SingleStringMathTex",
        "Title",
        "BulletedList",
    }
)
_X_RANGE_METHODS = frozenset(
    {"plot", "get_graph", "get_riemann_rectangles", "get_vertical_lines_to_graph"}
)
_AREA_METHODS = frozenset({"get_area", "get_area_under_graph"})
_CURVE_METHODS = frozenset({"plot_parametric_curve", "get_parametric_curve"})

_X = RangeMigration("x_range", ("x_min",), ("x_max",), ("x_step",))
_Z = RangeMigration("z_range", ("z_min",), ("z_max",), ("z_step",))
_T = RangeMigration("t_range", ("t_min",), ("t_max",), ("t_step", "step_size"))
_AXES_X = RangeMigration("x_range", ("x_min",), ("x_max",), ("x_step", "x_line_frequency"), ("x_radius",))  # fmt: skip
_AXES_Y = RangeMigration("y_range", ("y_min",), ("y_max",), ("y_step", "y_line_frequency"), ("y_radius",))  # fmt: skip

# (classes the call may construct, methods it may call, migrations)
RANGE_RULES: tuple[tuple[frozenset[str], frozenset[str], tuple[RangeMigration, ...]], ...] = (
    (_COORDINATE_SYSTEMS, frozenset(), (_AXES_X, _AXES_Y, _Z)),
    (
        frozenset({"NumberLine", "UnitInterval"}),
        frozenset(),
        (RangeMigration("x_range", ("x_min",), ("x_max",), ("x_step", "tick_frequency")),),
    ),
    (frozenset({"FunctionGraph"}), _X_RANGE_METHODS, (_X,)),
    (
        frozenset(),
        _AREA_METHODS,
        (RangeMigration("x_range", ("x_min", "t_min"), ("x_max", "t_max")),),
    ),
    (frozenset({"ParametricFunction", "ParametricCurve"}), _CURVE_METHODS, (_T,)),
    (
        frozenset({"Surface", "ParametricSurface"}),
        frozenset(),
        (
            RangeMigration("u_range", ("u_min",), ("u_max",)),
            RangeMigration("v_range", ("v_min",), ("v_max",)),
        ),
    ),
)

KEYWORD_RULES: tuple[tuple[frozenset[str], frozenset[str], tuple[KeywordMigration, ...]], ...] = (
    (
        _COORDINATE_SYSTEMS,
        frozenset(),
        (
            KeywordMigration("x_axis_width", "x_length"),
            KeywordMigration("y_axis_height", "y_length"),
            KeywordMigration("z_axis_depth", "z_length"),
            KeywordMigration("width", "x_length"),
            KeywordMigration("height", "y_length"),
            KeywordMigration("depth", "z_length"),
            KeywordMigration("number_line_config", "axis_config"),
        ),
    ),
    (frozenset({"NumberLine"}), frozenset(), (KeywordMigration("width", "length"),)),
    (frozenset({"Rotating"}), frozenset(), (KeywordMigration("radians", "angle"),)),
    (
        frozenset(),
        frozenset({"get_axis_labels"}),
        (
            KeywordMigration("x_label_tex", "x_label"),
            KeywordMigration("y_label_tex", "y_label"),
        ),
    ),
    (frozenset(), frozenset({"get_graph_label"}), (KeywordMigration("x", "x_val"),)),
    (_TEXT_CLASSES, frozenset(), (KeywordMigration("size", "font_size", scale_font_size=True),)),
    (
        frozenset({"Tex", "MathTex"}),
        frozenset(),
        (
            KeywordMigration("isolate", "substrings_to_isolate"),
            KeywordMigration("t2c", "tex_to_color_map"),
        ),
    ),
    *((frozenset({c}), frozenset(), (KeywordMigration(o, n),)) for c, o, n in GL_KEYWORDS),
)

# ManimGL's FadeIn(mob, UP) takes the shift positionally; CE reads it as another mobject.
SHIFTING_FADES = frozenset({"FadeIn", "FadeOut"})

GL_IMPORT_ROOTS = frozenset({"manimlib", "manim_imports_ext", "big_ol_pile_of_manim_imports"})


def name_migration(name: str) -> NameMigration | None:
    return NAMES.get(name)


def method_migration(method: str) -> MethodMigration | None:
    return METHODS.get(method)


def is_gl_module(module: str) -> bool:
    """Whether an imported module is ManimGL (or 3b1b's old wrappers around it)."""
    return module.split(".", 1)[0] in GL_IMPORT_ROOTS


def range_migrations(class_name: str | None, method: str | None) -> tuple[RangeMigration, ...]:
    """Range folds that apply to a call of `class_name(...)` or `x.method(...)`."""
    return _applicable(RANGE_RULES, class_name, method)


def keyword_migrations(class_name: str | None, method: str | None) -> tuple[KeywordMigration, ...]:
    """Keyword renames that apply to a call of `class_name(...)` or `x.method(...)`."""
    return _applicable(KEYWORD_RULES, class_name, method)


def _applicable(
    rules: Iterable[tuple[Collection[str], Collection[str], Iterable[M]]],
    class_name: str | None,
    method: str | None,
) -> tuple[M, ...]:
    found: list[M] = []
    for classes, methods, migrations in rules:
        if (class_name is not None and class_name in classes) or (
            method is not None and method in methods
        ):
            found.extend(migrations)
    return tuple(found)
