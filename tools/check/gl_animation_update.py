"""ManimGL's `anim.update(alpha)`, which sets an animation part-way: Manim CE calls it interpolate.

ManimGL kept `Animation.update(alpha)` as an alias of `interpolate(alpha)` "to keep many old
scenes from breaking"; a CE animation has no `update`, so the call fails with an AttributeError:

    anim = Transform(square, circle)        anim = Transform(square, circle)
    anim.begin()                        ->  anim.begin()
    anim.update(0.5)                        anim.interpolate(0.5)

Only where the object is an animation: an Animation class's call, a variable bound to one, or,
in a file that imports ManimGL, a name the same function also begins or finishes as one
(`def pop_anim(self, anim): anim.update(1); anim.finish()`), unless the file's own classes
define such methods. `update` is also a method of every CE mobject, with another meaning.
"""

from __future__ import annotations

import ast

from tools.check.findings import CheckContext, Finding, ReplaceText
from tools.check.gl_api import load_gl_api
from tools.check.gl_patterns import constructed_class

METHOD = "update"
CE_METHOD = "interpolate"
# Methods a CE or ManimGL animation has and no mobject does: a name they are called on is one.
ANIMATION_ONLY = frozenset({"begin", "finish", "interpolate_mobject"})


def find_animation_updates(ctx: CheckContext, gl_file: bool) -> list[Finding]:
    """`gl_file`: the module imports ManimGL."""
    calls = [(c, f) for c, f in ctx.method_calls(METHOD) if len(c.args) == 1 and not c.keywords]
    if not calls:
        return []
    used_as_animation = _used_as_animation(ctx) if gl_file else set()
    return [
        _finding(ctx, func)
        for call, func in calls
        if id(call) in used_as_animation or _is_animation(ctx, func.value)
    ]


def _used_as_animation(ctx: CheckContext) -> set[int]:
    """The `x.update(a)` calls (by id) whose function also calls `x.begin()`, `x.finish()` or
    `x.interpolate_mobject(...)`, unless the file's own classes define one of those."""
    if ctx.own_methods & ANIMATION_ONLY:
        return set()
    found: set[int] = set()
    for function in (n for n in ctx.nodes if isinstance(n, ast.FunctionDef)):
        calls = [(c, *m) for c in ast.walk(function) if (m := _method_on_name(c))]
        animations = {name for _, name, method in calls if method in ANIMATION_ONLY}
        found |= {id(c) for c, name, method in calls if method == METHOD and name in animations}
    return found


def _method_on_name(node: ast.AST) -> tuple[str, str] | None:
    """(x, method) of a call `x.method(...)`, else None."""
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return None
    value = node.func.value
    return (value.id, node.func.attr) if isinstance(value, ast.Name) else None


def _is_animation(ctx: CheckContext, node: ast.expr) -> bool:
    name = constructed_class(ctx, node)
    if name is None:
        return False
    return "Animation" in ctx.index.lineage(name) or load_gl_api().descends(name, "Animation")


def _finding(ctx: CheckContext, func: ast.Attribute) -> Finding:
    problem = ctx.problem(
        func,
        "removed-api",
        f"an animation's .{METHOD}(alpha) is ManimGL's (an alias of {CE_METHOD}); manim "
        f"{ctx.index.version} animations have no {METHOD}",
        f"use .{CE_METHOD}(alpha) (after .begin()), or play the animation with self.play()",
        fixable=True,
    )
    end = ctx.source.end(func)  # the method's name ends the attribute: rename just that
    edit = (end - len(METHOD), end, CE_METHOD)
    return Finding(problem, ReplaceText((edit,), f".{METHOD}(alpha) → .{CE_METHOD}(alpha)"))
