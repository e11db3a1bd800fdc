"""ManimGL's `mob.get_opacity()`: a Manim CE VMobject has a fill and a stroke opacity instead.

ManimGL's VMobject.get_opacity() is the fill's opacity, or the stroke's when it has no fill. A
CE VMobject has no `opacity`, so the call fails at render time (CE reads an unknown get_* as
an accessor of that attribute). In a file that imports ManimGL, `--fix` writes what ManimGL
computes:

    fade = self.body.get_opacity()  ->  fade = (self.body.get_fill_opacity() or
                                                self.body.get_stroke_opacity())

Any other receiver (a call, an index) is read once, through a lambda. Not where the file's
own classes define get_opacity. In a CE file the call is left alone: CE's
Text and other SVG mobjects do carry an `opacity` that the accessor returns.
"""

from __future__ import annotations

import ast

from tools.check.findings import CheckContext, Finding, ReplaceText

METHOD = "get_opacity"


def find_gl_opacity(ctx: CheckContext, gl_file: bool) -> list[Finding]:
    """`gl_file`: the module imports ManimGL."""
    if not gl_file or METHOD in ctx.own_methods:
        return []
    return [
        _finding(ctx, call, func)
        for call, func in ctx.method_calls(METHOD)
        if not call.args and not call.keywords
    ]


def _plain(node: ast.expr) -> bool:
    """A name or an attribute chain on one: reading it twice reads the same object."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def _finding(ctx: CheckContext, call: ast.Call, func: ast.Attribute) -> Finding:
    problem = ctx.problem(
        func,
        "removed-api",
        f".{METHOD}() is ManimGL's (the fill's opacity, or the stroke's without a fill); "
        f"manim {ctx.index.version} VMobjects have get_fill_opacity() and get_stroke_opacity()",
        "use (x.get_fill_opacity() or x.get_stroke_opacity()), as ManimGL computes it",
        fixable=True,
    )
    owner = ctx.source.text(func.value)
    if _plain(func.value):
        both = f"({owner}.get_fill_opacity() or {owner}.get_stroke_opacity())"
    else:  # read once: a call or an index could give another object the second time
        both = f"(lambda m: m.get_fill_opacity() or m.get_stroke_opacity())({owner})"
    edit = (ctx.source.start(call), ctx.source.end(call), both)
    return Finding(problem, ReplaceText((edit,), f".{METHOD}() → fill or stroke opacity"))
