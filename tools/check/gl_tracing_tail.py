"""ManimGL's TracingTail, a trail that follows a point and fades behind it, as Manim CE's TracedPath.

    TracingTail(dot, time_traced=2)           ->  TracedPath(dot.get_center, dissipating_time=2,
                                                             stroke_width=3)
    TracingTail(lambda: p, stroke_width=(0, 4))  ->  TracedPath(lambda: p, stroke_width=4,
                                                                dissipating_time=1.0)

ManimGL's takes a mobject (it follows its centre) or a function; CE's takes the function. Its
widths and opacities may be (tail, head) pairs that taper the trail; CE's stroke has one width,
so the head's is kept. ManimGL's defaults (a 1 s trail, width up to 3) are written out where the
call leaves them, since CE's would keep the whole path at width 2.
"""

from __future__ import annotations

import ast

from tools.check.findings import CheckContext, Finding, ReplaceText, TextEdit
from tools.check.gl_keywords import drop_keyword

GL_DEFAULTS = (("dissipating_time", "1.0"), ("stroke_width", "3"))
TAPERED = frozenset({"stroke_width", "stroke_opacity"})
GL_ONLY = frozenset({"time_per_anchor", "n_samples"})  # ManimGL's sampling: CE samples each frame


def find_tracing_tails(ctx: CheckContext) -> list[Finding]:
    if not any(isinstance(n, ast.Name) and n.id == "TracingTail" for n in ctx.nodes):
        return []
    functions = {
        n.name for n in ctx.nodes if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    } | {
        t.id
        for n in ctx.nodes
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Lambda)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    findings: list[Finding] = []
    for node in ctx.nodes:
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "TracingTail"
            and ctx.bindings.manim_name("TracingTail") == "TracingTail"
            and id(node.func) not in ctx.reported
        ):
            findings.append(_tracing_tail(ctx, node, node.func, functions))
    return findings


def _tracing_tail(
    ctx: CheckContext, call: ast.Call, func: ast.Name, functions: set[str]
) -> Finding:
    edits = _edits(ctx, call, func, functions)
    problem = ctx.problem(
        func,
        "gl-tracing-tail",
        f"TracingTail is ManimGL's; manim {ctx.index.version} draws a fading trail with "
        "TracedPath(func, dissipating_time=seconds)",
        "TracedPath(mob.get_center, dissipating_time=1.0, stroke_width=3)",
        fixable=edits is not None,
    )
    if edits is None:
        return Finding(problem)
    return Finding(problem, ReplaceText(edits, "TracingTail(...) → TracedPath(...)"))


def _edits(
    ctx: CheckContext, call: ast.Call, func: ast.Name, functions: set[str]
) -> tuple[TextEdit, ...] | None:
    """The rewrite, or None for a call shape it does not know (a splat, no point to follow)."""
    src = ctx.source
    if len(call.args) != 1 or any(k.arg is None for k in call.keywords):
        return None
    edits: list[TextEdit] = [(src.start(func), src.end(func), "TracedPath")]
    followed = call.args[0]
    if not _is_function(followed, functions):
        text = src.text(followed)
        simple = isinstance(followed, ast.Name | ast.Attribute | ast.Call | ast.Subscript)
        edits.append((src.start(followed), src.end(followed), f"{_paren(text, simple)}.get_center"))
    given = {k.arg for k in call.keywords}
    for keyword in call.keywords:
        ctx.reported.add(id(keyword))  # this rewrite covers its keywords
        if keyword.arg == "time_traced":
            start = src.start(keyword)
            edits.append((start, start + len("time_traced"), "dissipating_time"))
        elif keyword.arg in GL_ONLY:
            edits.append(drop_keyword(src, call, keyword))
        elif keyword.arg in TAPERED and isinstance(keyword.value, ast.Tuple | ast.List):
            head = keyword.value.elts[-1] if keyword.value.elts else None
            if head is None or isinstance(head, ast.Starred):
                return None
            edits.append((src.start(keyword.value), src.end(keyword.value), src.text(head)))
    missing = [
        f"{name}={value}"
        for name, value in GL_DEFAULTS
        if name not in given and not (name == "dissipating_time" and "time_traced" in given)
    ]
    if missing:  # after the last argument (a trailing comma may follow it)
        at = max(src.end(a) for a in [*call.args, *call.keywords])
        added = "".join(f", {m}" for m in missing)
        ending = [i for i, e in enumerate(edits) if e[1] == at]  # that argument is rewritten
        if ending:
            start, end, text = edits[ending[0]]
            edits[ending[0]] = (start, end, text + added)
        else:
            edits.append((at, at, added))
    return tuple(edits)


def _is_function(node: ast.expr, functions: set[str]) -> bool:
    """Whether TracingTail's first argument is the point's function rather than a mobject."""
    if isinstance(node, ast.Lambda):
        return True
    if isinstance(node, ast.Name):
        return node.id in functions
    # a bound method handed over (dot.get_center, self.point_at): an accessor, not a mobject
    return isinstance(node, ast.Attribute) and node.attr.startswith(("get_", "point"))


def _paren(text: str, simple: bool) -> str:
    return text if simple else f"({text})"
