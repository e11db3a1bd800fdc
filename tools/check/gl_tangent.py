"""ManimGL's `axes.get_tangent_line(x, graph, length=5)`, spelled out with Manim CE's axes.

    axes.get_tangent_line(t.get_value(), g)
        -> Line(2.5 * LEFT, 2.5 * RIGHT).rotate(angle_of_vector(
               axes.i2gp(t.get_value() + 1e-6, g) - axes.i2gp(t.get_value(), g)))
               .move_to(axes.i2gp(t.get_value(), g))

That is ManimGL's own body (a line of the given length, turned to the graph's slope on screen at
x and centred on the graph there); CE's angle_of_tangent measures in the axes' units instead. CE has no such method: its get_*/set_* fallback turns the call
into an attribute getter, which fails with "getter() takes 1 positional argument". The
arguments appear twice in the rewrite, so each must be free of side effects.
"""

from __future__ import annotations

import ast

from tools.check.findings import CheckContext, Finding, ReplaceText
from tools.check.gl_migrations import method_migration

METHOD = "get_tangent_line"
GL_LENGTH = 5.0


def find_tangent_lines(ctx: CheckContext) -> list[Finding]:
    if METHOD in ctx.bindings.functions:
        return []
    return [_finding(ctx, call, func) for call, func in ctx.method_calls(METHOD)]


def _finding(ctx: CheckContext, call: ast.Call, func: ast.Attribute) -> Finding:
    text = _rewrite(ctx, call, func)
    migration = method_migration(METHOD)
    problem = ctx.problem(
        func,
        "removed-api",
        f".{METHOD}() is ManimGL's (CoordinateSystem.{METHOD}); manim {ctx.index.version} "
        "axes have no such method",
        f"use {migration.suggestion}" if migration else None,
        fixable=text is not None,
    )
    if text is None:
        return Finding(problem)
    edit = (ctx.source.start(call), ctx.source.end(call), text)
    return Finding(problem, ReplaceText((edit,), f".{METHOD}(...) → Line(...) on the graph"))


def _rewrite(ctx: CheckContext, call: ast.Call, func: ast.Attribute) -> str | None:
    """ManimGL's body with the call's own arguments, or None for another call shape."""
    keywords = {k.arg: k.value for k in call.keywords}
    if None in keywords or set(keywords) - {"length"} or not 2 <= len(call.args) <= 3:
        return None
    length = call.args[2] if len(call.args) == 3 else keywords.get("length")
    if length is not None and len(call.args) == 3 and "length" in keywords:
        return None
    x, graph = call.args[:2]
    if not all(_pure(n) for n in (func.value, x, graph)):
        return None
    src = ctx.source
    axes, at, on = src.text(func.value), src.text(x), src.text(graph)
    half = _half(src.text(length) if length is not None else None, length)
    after = at if isinstance(x, ast.Name | ast.Attribute | ast.Call | ast.Constant) else f"({at})"
    # the slope on screen, as ManimGL's angle_of_tangent measures it (CE's measures it in the
    # axes' own units, which differ whenever the axes are not square)
    angle = f"angle_of_vector({axes}.i2gp({after} + 1e-6, {on}) - {axes}.i2gp({at}, {on}))"
    return f"Line({half} * LEFT, {half} * RIGHT).rotate({angle}).move_to({axes}.i2gp({at}, {on}))"


def _half(text: str | None, node: ast.expr | None) -> str:
    if node is None:
        return str(GL_LENGTH / 2)
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return str(node.value / 2)
    return f"({text}) / 2"


def _pure(node: ast.expr) -> bool:
    """Names, attributes, numbers, arithmetic and getter calls: safe to evaluate twice."""
    for part in ast.walk(node):
        if isinstance(part, ast.Call):
            getter = isinstance(part.func, ast.Attribute) and part.func.attr.startswith("get_")
            if not getter:
                return False
        elif isinstance(part, ast.NamedExpr | ast.Await | ast.Yield | ast.YieldFrom | ast.Lambda):
            return False
    return True
