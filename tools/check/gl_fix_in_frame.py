"""ManimGL's `mob.fix_in_frame()`, which keeps a mobject still on screen while the camera moves.

In a ThreeDScene (Cairo), Manim CE's camera keeps a set of such mobjects:

    title.fix_in_frame()                    ->  self.camera.add_fixed_in_frame_mobjects(title)
    eq = MathTex("x").fix_in_frame()        ->  eq = MathTex("x")
                                                self.camera.add_fixed_in_frame_mobjects(eq)

(the scene's own add_fixed_in_frame_mobjects would also add it, so it would show before its
Write). In a scene whose frame never moves, a plain Scene, the call does nothing and goes.
Where the frame moves otherwise (a MovingCameraScene, ManimGL's self.frame), it stays reported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from tools.check.config_entries import ancestry
from tools.check.findings import CheckContext, Finding, ReplaceText, TextEdit
from tools.check.graph_scene_common import line_span, owns_lines

METHOD = "fix_in_frame"
FIXED = "self.camera.add_fixed_in_frame_mobjects"


def find_fix_in_frame(ctx: CheckContext) -> list[Finding]:
    if not ctx.bindings.star_manim or not any(
        isinstance(n, ast.Attribute) and n.attr == METHOD for n in ctx.nodes
    ):
        return []
    findings: list[Finding] = []
    for cls in (n for n in ctx.tree.body if isinstance(n, ast.ClassDef)):
        modes: list[str | None] = []  # worked out once, for the class's first call
        for method in (s for s in cls.body if isinstance(s, ast.FunctionDef)):
            for statement, block in _statements(method.body):
                link = _link(statement)
                if link is not None and id(link.func) not in ctx.reported:
                    modes = modes or [_mode(ctx, cls)]
                    findings.append(_finding(ctx, statement, len(block) > 1, link, modes[0]))
    return findings


def _mode(ctx: CheckContext, cls: ast.ClassDef) -> str | None:
    """ "3d" (the camera keeps fixed mobjects), "still" (the frame never moves), or None."""
    found = ancestry(ctx, cls)
    if found is None or "Scene" not in found.manim:
        return None
    if "ThreeDScene" in found.manim:
        return "3d"
    moving = "MovingCameraScene" in found.manim or any(
        isinstance(n, ast.Attribute) and n.attr == "frame" for n in ast.walk(cls)
    )
    return None if moving else "still"


def _statements(body: list[ast.stmt]) -> Iterator[tuple[ast.stmt, list[ast.stmt]]]:
    """Every statement of a function body with its block, nested blocks included (not nested
    functions)."""
    for statement in body:
        yield statement, body
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for field in ("body", "orelse", "finalbody"):
            yield from _statements(getattr(statement, field, []))
        for handler in getattr(statement, "handlers", []):
            yield from _statements(handler.body)


def _link(statement: ast.stmt) -> ast.Call | None:
    """The `.fix_in_frame()` call in a statement's method chain (`x.fix_in_frame().shift(UP)`,
    `eq = MathTex(...).fix_in_frame()`), when there is one."""
    if not isinstance(statement, ast.Expr | ast.Assign):
        return None
    if isinstance(statement, ast.Assign) and len(statement.targets) != 1:
        return None
    value = statement.value
    while isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
        if value.func.attr == METHOD and not value.args and not value.keywords:
            return value
        value = value.func.value
    return None


def _finding(
    ctx: CheckContext, statement: ast.stmt, shared: bool, link: ast.Call, mode: str | None
) -> Finding:
    assert isinstance(link.func, ast.Attribute)
    edits = _edits(ctx, statement, shared, link, link.func, mode)
    if mode == "3d":
        advice = f"{FIXED}(mob) (not the scene's own, which also adds it at once)"
    elif mode == "still":
        advice = "remove it: this scene's frame never moves"
    else:
        advice = f"in a ThreeDScene: {FIXED}(mob)"
    problem = ctx.problem(
        link.func,
        "gl-fix-in-frame",
        f".fix_in_frame() is ManimGL's (Mobject.fix_in_frame); manim {ctx.index.version} "
        "mobjects have no such method under the Cairo renderer",
        advice,
        fixable=edits is not None,
    )
    if edits is None:
        return Finding(problem)
    return Finding(problem, ReplaceText(edits, f".fix_in_frame() → {advice.split(' (')[0]}"))


def _edits(
    ctx: CheckContext,
    statement: ast.stmt,
    shared: bool,
    link: ast.Call,
    func: ast.Attribute,
    mode: str | None,
) -> tuple[TextEdit, ...] | None:
    """The rewrite; `shared`: other statements share the block (the line may simply go)."""
    src = ctx.source
    drop = (src.end(func.value), src.end(link), "")  # `.fix_in_frame()` out of the chain
    if mode == "still":
        if not (isinstance(statement, ast.Expr) and link is statement.value):
            return (drop,)
        if shared and owns_lines(src, statement):  # `x.fix_in_frame()` alone: nothing to do
            return ((*line_span(src, statement), ""),)
        return ((src.start(statement), src.end(statement), "pass"),)
    if mode != "3d":
        return None
    if isinstance(statement, ast.Assign):
        subject = statement.targets[0]
    elif isinstance(func.value, ast.Name | ast.Attribute):
        subject = func.value  # evaluated again on the added line: a plain name only
    else:
        return None
    if not isinstance(subject, ast.Name | ast.Attribute):
        return None
    indent = " " * statement.col_offset
    added = f"\n{indent}{FIXED}({src.text(subject)})"
    if isinstance(statement, ast.Expr) and link is statement.value:
        return ((src.start(statement), src.end(statement), added.lstrip()),)
    return (drop, (src.end(statement), src.end(statement), added))
