"""The `get_x()` / `set_x(value)` calls a Manim CE mobject answers although it has no such method.

`Mobject.__getattr__` (manim/mobject/mobject.py) makes up any missing `get_<x>` and `set_<x>`:
`get_x()` returns `getattr(self, "x")` and `set_x(value)` does `setattr(self, "x", value)`, both
with a DeprecationWarning. So `sq.set_width(2)` and `sq.get_height()` render (the removed-API
rules report them as warnings), while a getter given arguments (ManimGL's
`text.get_part_by_text("x")`), a getter of an attribute no mobject has, or a setter given keywords
or two values (`set_width(2, stretch=True)`) fails at run time and stays an error.
"""

from __future__ import annotations

import ast
from typing import Literal

from tools.check.api_index import ApiIndex
from tools.check.problems import Problem

# Attributes every CE mobject sets in `__init__`: the API index lists class-level ones only.
MOBJECT_INSTANCE_ATTRIBUTES = frozenset(
    {"points", "name", "dim", "target", "z_index", "submobjects", "updaters", "color"}
)

# property: the accessor reads or writes something manim uses (`set_width(2)` rescales);
# inert: a setter that only stores an attribute manim never reads (`set_backstroke(BLACK)`).
Accessor = Literal["property", "inert"]


def dynamic_accessor(attr: str, call: ast.Call | None, index: ApiIndex) -> Accessor | None:
    """How `mob.<attr>(...)` runs through `Mobject.__getattr__`, or None when it would fail."""
    prefix, _, name = attr.partition("_")
    if prefix not in {"get", "set"} or not name:
        return None
    known = name in MOBJECT_INSTANCE_ATTRIBUTES or index.any_mobject_has_attribute(name)
    if prefix == "get":
        fits = call is None or (not call.args and not call.keywords)
        return "property" if fits and known else None
    fits = call is None or (
        len(call.args) == 1 and not isinstance(call.args[0], ast.Starred) and not call.keywords
    )
    if not fits:
        return None
    return "property" if known else "inert"


def is_camera(node: ast.expr) -> bool:
    """`self.camera` (or `x.camera`): a Camera is not a Mobject, so it has no such fallback."""
    return isinstance(node, ast.Attribute) and node.attr == "camera"


def as_accessor_warning(
    problem: Problem, attr: str, call: ast.Call | None, index: ApiIndex
) -> Problem:
    """The removed-method problem, as a warning when the call still runs as an accessor."""
    accessor = dynamic_accessor(attr, call, index)
    if accessor is None:
        return problem
    name = attr.partition("_")[2]
    if accessor == "property":
        message = (
            f"line {problem.line}: .{attr}() is deprecated in manim {index.version}: it still "
            f"works, through mobjects' fallback to the attribute .{name}, with a warning"
        )
    else:
        message = (
            f"line {problem.line}: .{attr}() is not a method of manim {index.version} mobjects; "
            f"it only stores an attribute .{name} that manim never reads, so it has no effect"
        )
    return problem.model_copy(update={"severity": "warning", "message": message})
