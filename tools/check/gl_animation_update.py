"""ManimGL's `anim.update(alpha)`, which sets an animation part-way: Manim CE calls it interpolate.

ManimGL kept `Animation.update(alpha)` as an alias of `interpolate(alpha)` "to keep many old
scenes from breaking"; a CE animation has no `update`, so the call fails with an AttributeError:

    anim = Transform(square, circle)        anim = Transform(square, circle)
    anim.begin()                        ->  anim.begin()
    anim.update(0.5)                        anim.interpolate(0.5)

Only where the object is certainly an animation (an Animation class's call, or a variable bound
to one): `update` is also a method of every CE mobject, with another meaning.
"""

from __future__ import annotations

import ast

from tools.check.findings import CheckContext, Finding, ReplaceText
from tools.check.gl_api import load_gl_api
from tools.check.gl_patterns import constructed_class

METHOD = "update"
CE_METHOD = "interpolate"


def find_animation_updates(ctx: CheckContext) -> list[Finding]:
    if not any(isinstance(n, ast.Attribute) and n.attr == METHOD for n in ctx.nodes):
        return []
    findings: list[Finding] = []
    for node in ctx.nodes:
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == METHOD
            and len(node.args) == 1
            and not node.keywords
            and id(node.func) not in ctx.reported
            and _is_animation(ctx, node.func.value)
        ):
            findings.append(_finding(ctx, node.func))
    return findings


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
