"""GraphScene's methods and attributes on `self` -> their Manim CE counterparts on `self.axes`.

Runs in GraphScene classes (fixable once the class converts) and in scenes that build
`self.axes` (the converted ones, on the fixer's next pass). A call CE would read differently
stays reported, unfixable; so does GraphScene API in a scene without axes.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from tools.check.api_index import Params
from tools.check.findings import CheckContext, Finding, ReplaceText, TextEdit
from tools.check.graph_scene_common import GraphLineage, Unfixable, class_body_names
from tools.check.source import Source


@dataclass(frozen=True)
class AxesMethod:
    """A GraphScene method, and how its calls map onto the Axes method that does the same."""

    new: str
    max_args: int | None = None  # positional arguments CE reads the same way; None: any
    renames: tuple[tuple[str, str], ...] = ()
    drops: frozenset[str] = frozenset()  # keywords CE has no use for: its own defaults apply
    handled: frozenset[str] = frozenset()  # keywords rewritten elsewhere (the x_range fold)
    forward: str | None = None  # the class CE hands further **kwargs to
    extra: frozenset[str] = frozenset()  # further keywords CE takes through **kwargs


_M = AxesMethod
_X = frozenset({"x_min", "x_max"})
_LINE = frozenset({"line_func", "line_config", "color", "stroke_width"})
_TO_LINE_FUNC = (("line_class", "line_func"),)
# fmt: off
METHODS: dict[str, AxesMethod] = {
    "get_graph": _M("plot", max_args=2, handled=_X, forward="ParametricFunction"),
    "coords_to_point": _M("c2p"),
    "point_to_coords": _M("p2c"),
    "input_to_graph_point": _M("input_to_graph_point"),
    "angle_of_tangent": _M("angle_of_tangent"),
    "slope_of_tangent": _M("slope_of_tangent", max_args=2, extra=frozenset({"dx"})),
    "get_graph_label": _M("get_graph_label", handled=frozenset({"x"})),
    "get_riemann_rectangles": _M("get_riemann_rectangles", max_args=1,
                                 handled=_X | {"start_color", "end_color"}),
    "get_vertical_lines_to_graph": _M("get_vertical_lines_to_graph", max_args=1,
                                      renames=_TO_LINE_FUNC, handled=_X, extra=_LINE),
    "get_area": _M("get_area", max_args=3, renames=(("bounded", "bounded_graph"), ("area_color", "color")),
                   drops=frozenset({"dx_scaling"}), handled=frozenset({"t_min", "t_max"}), forward="Polygon"),
    "get_secant_slope_group": _M("get_secant_slope_group",
                                 renames=(("df_line_color", "dy_line_color"), ("df_label", "dy_label"))),
    "get_derivative_graph": _M("plot_derivative_graph", max_args=1, drops=frozenset({"dx"}),
                               forward="ParametricFunction"),
    # -> self.axes.get_vertical_line(self.axes.input_to_graph_point(x, graph), ...)
    "get_vertical_line_to_graph": _M("get_vertical_line", max_args=2, renames=_TO_LINE_FUNC, extra=_LINE),
}
NO_COUNTERPART: dict[str, str] = {
    "get_riemann_rectangles_list": "a list of self.axes.get_riemann_rectangles(graph, dx=...)",
    "transform_between_riemann_rects": "self.play(Transform(rects, new_rects))",
    "add_T_label": "self.add(self.axes.get_T_label(x_val, graph))",
    "get_animation_integral_bounds_change": "an updater on self.axes.get_area(graph, x_range=...)",
}
ATTRIBUTES: dict[str, str] = {
    "x_axis": "self.axes.x_axis", "y_axis": "self.axes.y_axis",
    "x_min": "self.axes.x_range[0]", "x_max": "self.axes.x_range[1]",
    "x_tick_frequency": "self.axes.x_range[2]",
    "y_min": "self.axes.y_range[0]", "y_max": "self.axes.y_range[1]",
    "y_tick_frequency": "self.axes.y_range[2]",
    "x_axis_width": "self.axes.x_length", "y_axis_height": "self.axes.y_length",
}
# GraphScene attributes with no counterpart on the axes.
GONE = frozenset({
    "graph_origin", "axes_color", "include_tip", "x_axis_label", "y_axis_label",
    "x_axis_label_mob", "y_axis_label_mob", "x_labeled_nums", "y_labeled_nums",
    "exclude_zero_label", "x_leftmost_tick", "y_bottom_tick", "x_axis_config", "y_axis_config",
    "space_unit_to_x", "space_unit_to_y", "default_graph_colors", "default_graph_colors_cycle",
    "default_derivative_color", "default_input_color", "default_riemann_start_color",
    "default_riemann_end_color", "area_opacity", "num_rects",
})
# fmt: on


def find_graph_calls(
    ctx: CheckContext, cls: ast.ClassDef, lineage: GraphLineage, *, fixable: bool
) -> list[Finding]:
    """GraphScene API used on `self` in the class; fixable when the class has (or gets) axes."""
    blocked = None
    if not fixable:
        blocked = (
            "its GraphScene class is not converted"
            if lineage.roots
            else "the scene has no self.axes: create self.axes = Axes(...) in setup()"
        )
    graph_like = bool(lineage.roots or lineage.has_axes)
    # What the scene's own classes define, or any code sets on self, is the user's.
    own = set(ctx.bindings.self_attributes)
    for c in lineage.classes:
        own |= class_body_names(c)
    parents = {id(c): n for n in ast.walk(cls) for c in ast.iter_child_nodes(n)}
    findings: list[Finding] = []
    for node in ast.walk(cls):
        if (
            not isinstance(node, ast.Attribute)
            or not isinstance(node.ctx, ast.Load)
            or not isinstance(node.value, ast.Name)
            or node.value.id != "self"
            or id(node) in ctx.reported
            or node.attr in own
            or any(ctx.index.class_attribute(m, node.attr) for m in lineage.manim)
        ):
            continue
        parent = parents.get(id(node))
        call = parent if isinstance(parent, ast.Call) and parent.func is node else None
        if node.attr in METHODS or node.attr == "setup_axes" or node.attr in NO_COUNTERPART:
            findings.append(_method_finding(ctx, node, call, parents, blocked))
        elif graph_like and (node.attr in ATTRIBUTES or node.attr in GONE):
            findings.append(_attribute_finding(ctx, node, blocked))
    return findings


def _suggestion(name: str) -> str:
    if name == "setup_axes":
        return "self.play(Create(self.axes)) (or self.add(self.axes))"
    if name == "get_vertical_line_to_graph":
        return "self.axes.get_vertical_line(self.axes.input_to_graph_point(x, graph))"
    if name in NO_COUNTERPART:
        return NO_COUNTERPART[name]
    return f"self.axes.{METHODS[name].new}(...)"


def _method_finding(
    ctx: CheckContext,
    node: ast.Attribute,
    call: ast.Call | None,
    parents: dict[int, ast.AST],
    blocked: str | None,
) -> Finding:
    name = node.attr
    what = f"self.{name}() is GraphScene API, not in manim {ctx.index.version}"
    suggestion = _suggestion(name)
    try:
        if name in NO_COUNTERPART:
            raise Unfixable("Manim CE has no counterpart")
        if blocked:
            raise Unfixable(blocked)
        edits = _rewrite(ctx, node, call, parents)
    except Unfixable as reason:
        return Finding(ctx.problem(node, "removed-api", what, f"use {suggestion} ({reason})"))
    problem = ctx.problem(node, "removed-api", what, f"use {suggestion}", fixable=True)
    done = edits[0][2] if name == "setup_axes" else suggestion  # say which of the two it became
    return Finding(problem, ReplaceText(tuple(edits), f"self.{name}() → {done}"))


def _attribute_finding(ctx: CheckContext, node: ast.Attribute, blocked: str | None) -> Finding:
    name = node.attr
    what = f"self.{name} is GraphScene API; a Manim CE Scene has no {name}"
    new = ATTRIBUTES.get(name)
    if new is None or blocked:
        suggestion = f"use {new} ({blocked})" if new else "keep the value in a variable of your own"
        return Finding(ctx.problem(node, "removed-api", what, suggestion))
    problem = ctx.problem(node, "removed-api", what, f"use {new}", fixable=True)
    src = ctx.source
    return Finding(
        problem, ReplaceText(((src.start(node), src.end(node), new),), f"self.{name} → {new}")
    )


def _rewrite(
    ctx: CheckContext, node: ast.Attribute, call: ast.Call | None, parents: dict[int, ast.AST]
) -> list[TextEdit]:
    src = ctx.source
    if node.attr == "setup_axes":
        return [_setup_axes(ctx, call, parents)]
    spec = METHODS[node.attr]
    params = ctx.index.method("Axes", spec.new)
    if params is None:
        raise Unfixable(f"manim {ctx.index.version} Axes has no {spec.new}()")
    if call is None:
        if spec.max_args is not None or spec.drops:
            raise Unfixable("it is not called right there")
        return [(src.start(node), src.end(node), f"self.axes.{spec.new}")]
    _check_arguments(ctx, call, spec, params)
    if node.attr == "get_vertical_line_to_graph":
        return [_vertical_line(src, call, spec)]
    edits: list[TextEdit] = [(src.start(node), src.end(node), f"self.axes.{spec.new}")]
    return edits + _argument_edits(ctx, node.attr, call, spec)


def _check_arguments(ctx: CheckContext, call: ast.Call, spec: AxesMethod, params: Params) -> None:
    if spec.max_args is not None and (
        len(call.args) > spec.max_args or any(isinstance(a, ast.Starred) for a in call.args)
    ):
        raise Unfixable("CE reads its positional arguments differently")
    renames = dict(spec.renames)
    allowed = set(params.params) | params.kwargs_read | spec.handled | spec.drops | spec.extra
    allowed |= set(renames)
    accepted = ctx.index.accepted_kwargs(spec.forward) if spec.forward else frozenset[str]()
    open_ended = params.var_kw and spec.forward is not None and accepted is None
    present = {k.arg for k in call.keywords}
    for keyword in call.keywords:
        if keyword.arg is None:
            raise Unfixable("its **kwargs cannot be checked")
        if not open_ended and keyword.arg not in allowed | (accepted or set()):
            raise Unfixable(f"Axes.{spec.new}() takes no {keyword.arg}=")
        if renames.get(keyword.arg) in present:
            raise Unfixable(f"{keyword.arg}= and {renames[keyword.arg]}= are both given")


def _argument_edits(
    ctx: CheckContext, name: str, call: ast.Call, spec: AxesMethod
) -> list[TextEdit]:
    src = ctx.source
    edits: list[TextEdit] = []
    by_name = {k.arg: k for k in call.keywords if k.arg}
    ordered = sorted([*call.args, *call.keywords], key=lambda n: (n.lineno, n.col_offset))
    if name == "get_graph" and call.args and _on_self(call.args[0]):
        # A bound method of the scene inside the graph makes every animation's deepcopy of
        # the graph copy the scene too, which fails; a lambda is copied by reference.
        function = call.args[0]
        edits.append((src.start(function), src.end(function), f"lambda x: {src.text(function)}(x)"))
    if name == "get_graph" and len(call.args) == 2:  # GraphScene's second argument was the colour
        if "color" in by_name:
            raise Unfixable("the colour is given twice")
        arg = call.args[1]
        edits.append((src.start(arg), src.end(arg), f"color={src.text(arg)}"))
    if name == "get_area" and len(call.args) > 1:  # get_area(graph, t_min, t_max)
        if len(call.args) != 3 or by_name.keys() & {"x_range", "t_min", "t_max"}:
            raise Unfixable("its bounds are not both positional")
        low, high = call.args[1:]
        edits.append(
            (src.start(low), src.end(high), f"x_range=[{src.text(low)}, {src.text(high)}]")
        )
    renames = dict(spec.renames)
    for keyword in call.keywords:
        if keyword.arg in renames:
            start = src.start(keyword)
            if src.code[start : start + len(keyword.arg)] != keyword.arg:
                raise Unfixable("the keyword is not where the parser says")
            edits.append((start, start + len(keyword.arg), renames[keyword.arg]))
        elif keyword.arg in spec.drops:
            edits.append(_delete(src, ordered, keyword))
    if name == "get_riemann_rectangles":
        edits.extend(_riemann_colors(ctx, by_name, ordered))
    return edits


def _on_self(node: ast.expr) -> bool:
    """`self.f` (or `self.a.f`): an attribute of the scene."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name) and node.id == "self"


def _delete(src: Source, ordered: list[ast.expr | ast.keyword], item: ast.keyword) -> TextEdit:
    """Remove an argument with the comma before it."""
    position = next(i for i, n in enumerate(ordered) if n is item)
    if position == 0:
        raise Unfixable("it would leave a dangling comma")
    return (src.end(ordered[position - 1]), src.end(item), "")


def _riemann_colors(
    ctx: CheckContext, by_name: dict[str, ast.keyword], ordered: list[ast.expr | ast.keyword]
) -> list[TextEdit]:
    """start_color=a, end_color=b -> color=[a, b] (GraphScene's defaults: BLUE, GREEN)."""
    start, end = by_name.get("start_color"), by_name.get("end_color")
    if start is None and end is None:
        return []
    if "color" in by_name or any(ctx.bindings.manim_name(c) != c for c in ("BLUE", "GREEN")):
        raise Unfixable("start_color/end_color cannot become color=[...] here")
    src = ctx.source
    low = src.text(start.value) if start else "BLUE"
    high = src.text(end.value) if end else "GREEN"
    present = sorted((k for k in (start, end) if k), key=lambda k: (k.lineno, k.col_offset))
    edits = [(src.start(present[0]), src.end(present[0]), f"color=[{low}, {high}]")]
    if len(present) == 2:
        edits.append(_delete(src, ordered, present[1]))
    return edits


def _setup_axes(ctx: CheckContext, call: ast.Call | None, parents: dict[int, ast.AST]) -> TextEdit:
    if call is None or not isinstance(parents.get(id(call)), ast.Expr):
        raise Unfixable("its result is used")
    keywords = {k.arg: k.value for k in call.keywords}
    if len(call.args) + len(keywords) > 1 or set(keywords) - {"animate"}:
        raise Unfixable("it takes only animate=")
    animate = call.args[0] if call.args else keywords.get("animate", ast.Constant(False))
    if not isinstance(animate, ast.Constant) or not isinstance(animate.value, bool):
        raise Unfixable("animate= is not a literal True or False")
    if animate.value and ctx.bindings.manim_name("Create") != "Create":
        raise Unfixable("Create is not manim's here")
    text = "self.play(Create(self.axes))" if animate.value else "self.add(self.axes)"
    return (ctx.source.start(call), ctx.source.end(call), text)


def _vertical_line(src: Source, call: ast.Call, spec: AxesMethod) -> TextEdit:
    if len(call.args) != 2:
        raise Unfixable("it does not pass just x and graph")
    x, graph = call.args
    parts = [f"self.axes.input_to_graph_point({src.text(x)}, {src.text(graph)})"]
    renames = dict(spec.renames)
    for keyword in call.keywords:
        name = keyword.arg or ""
        parts.append(
            f"{renames[name]}={src.text(keyword.value)}" if name in renames else src.text(keyword)
        )
    chain: ast.expr = graph
    while isinstance(chain, ast.Attribute):
        chain = chain.value
    if isinstance(chain, ast.Name) and not any(k.arg == "color" for k in call.keywords):
        parts.append(f"color={src.text(graph)}.get_color()")  # GraphScene's default colour
    return (src.start(call), src.end(call), f"self.axes.get_vertical_line({', '.join(parts)})")
