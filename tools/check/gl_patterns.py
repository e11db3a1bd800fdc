r"""ManimGL shorthands with a mechanical Manim CE spelling (picking parts by string: `gl_tex_parts`).

    mob.always.next_to(other, UP)        -> mob.add_updater(lambda m: m.next_to(other, UP))
                                            (where the installed CE has no `.always` of its own)
    num.f_always.set_value(sq.get_width) -> num.add_updater(lambda m: m.set_value(sq.get_width()))
    dot.replicate(5)                     -> VGroup(*(dot.copy() for _ in range(5)))
    text.set_backstroke(width=5)         -> text.set_stroke(BLACK, width=5, background=True)
    sq.get_grid(3, 4, height=2, buff=0.1) -> VGroup(*(sq.copy() for _ in range(3 * 4)))
                                              .arrange_in_grid(3, 4, buff=0.1).scale_to_fit_height(2)
    self.embed()                         -> pass (ManimGL skips it when writing a file)
    Tex(r"$\mathds{C}$")                  -> Tex(r"$\mathbb{C}$") (CE's LaTeX template has no dsfont)

A shape the rewrite cannot take exactly is reported without a fix (`gl_check` / `migration_check`).
"""

from __future__ import annotations

import ast

from tools.check.findings import CheckContext, Finding, ReplaceText
from tools.check.source import Source

UPDATER_SHORTHANDS = frozenset({"always", "f_always"})
MOUSE = frozenset({"mouse_point", "mouse_drag_point"})  # CE sets them for OpenGL previews only
EMBEDS = frozenset({"embed", "interactive_embed"})  # CE's need the OpenGL live preview
BACKSTROKE = ("set_backstroke", "set_bstroke")
BACKSTROKE_DEFAULTS = (("color", "BLACK"), ("width", "3"), ("background", "True"))
# Classes whose CE instances take no string index (ManimGL's StringMobject does).
STRING_MOBJECTS = frozenset(
    {"Tex", "MathTex", "TexText", "MTex", "MTexText", "OldTex", "OldTexText", "Text", "MarkupText"}
)
# ManimGL's get_grid keywords with a CE spelling (the rest go to its own arrange_in_grid).
GRID_KEYWORDS = frozenset({"height", "width", "buff", "h_buff", "v_buff"})
# `always` evaluates its arguments once; a lambda re-evaluates them each frame. Only these
# argument shapes mean the same either way.
_STABLE = ast.Name | ast.Attribute | ast.Constant | ast.UnaryOp | ast.BinOp


def find_gl_patterns(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for node in ctx.nodes:
        finding: Finding | None = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            finding = (
                _updater_shorthand(ctx, node, node.func)
                or _replicate(ctx, node, node.func)
                or _backstroke(ctx, node, node.func)
            )
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            findings.extend(_mathds(ctx, node, node.func))
        elif isinstance(node, ast.Expr):
            finding = _embed(ctx, node)
        elif isinstance(node, ast.Attribute) and node.attr in MOUSE:
            finding = _mouse(ctx, node)
        if finding is not None:
            findings.append(finding)
    return findings


def _updater_shorthand(ctx: CheckContext, call: ast.Call, func: ast.Attribute) -> Finding | None:
    builder = func.value
    if (
        not isinstance(builder, ast.Attribute)
        or builder.attr not in UPDATER_SHORTHANDS
        or id(builder) in ctx.reported
        or builder.attr in ctx.bindings.functions
        or builder.attr in ctx.bindings.self_attributes
        or ctx.index.any_class_has_attribute(builder.attr, include_opengl=False)
    ):
        return None
    src = ctx.source
    receiver = src.text(builder.value)
    param = next(p for p in ("m", "mob", "_mob", "_m") if p not in _names_in(call))
    values = [*call.args, *(k.value for k in call.keywords)]
    if builder.attr == "always":
        fixable = all(stable(v) for v in values)
        args = [src.text(a) for a in call.args]
        args += [f"{k.arg}={src.text(k.value)}" if k.arg else src.text(k) for k in call.keywords]
    else:
        fixable = all(_callable_text(src, v) is not None for v in values)
        args = [_callable_text(src, a) or "" for a in call.args]
        args += [f"{k.arg}={_callable_text(src, k.value)}" for k in call.keywords if k.arg]
        fixable = fixable and all(k.arg for k in call.keywords)
    text = f"{receiver}.add_updater(lambda {param}: {param}.{func.attr}({', '.join(args)}))"
    problem = ctx.problem(
        builder,
        "gl-only",
        f"{receiver}.{builder.attr}.{func.attr}(...) is ManimGL's updater shorthand; "
        f"manim {ctx.index.version} has no .{builder.attr}",
        text if fixable else f"{receiver}.add_updater(lambda m: m.{func.attr}(...))",
        fixable=fixable,
    )
    if not fixable:
        return Finding(problem)
    edit = (src.start(call), src.end(call), text)
    return Finding(problem, ReplaceText((edit,), f".{builder.attr}.{func.attr}() → .add_updater()"))


def _names_in(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def stable(node: ast.expr) -> bool:
    """Whether evaluating the expression once or every frame gives the same value."""
    return all(
        isinstance(n, _STABLE | ast.operator | ast.unaryop | ast.expr_context)
        for n in ast.walk(node)
    )


def _callable_text(src: Source, node: ast.expr) -> str | None:
    """`f` -> `f()`, `lambda: x` -> `(x)`: what `f_always` calls each frame, as an expression."""
    if isinstance(node, ast.Name | ast.Attribute):
        return f"{src.text(node)}()"
    if isinstance(node, ast.Lambda) and not (node.args.args or node.args.vararg):
        return f"({src.text(node.body)})"
    return None


def _replicate(ctx: CheckContext, call: ast.Call, func: ast.Attribute) -> Finding | None:
    if (
        func.attr not in ("replicate", "get_grid")
        or id(func) in ctx.reported
        or func.attr in ctx.bindings.functions
        or ctx.index.any_class_has_attribute(func.attr, include_opengl=False)
        or any(isinstance(a, ast.Starred) for a in call.args)
        or not _pure(ctx, func.value)
    ):
        return None
    src = ctx.source
    operand = _operand(src, func.value)  # source text: may hold braces, so never .format() it

    def copies(count: str) -> str:
        return f"*({operand}.copy() for _ in range({count}))"

    group = _group_class(ctx, func.value)
    keywords = {k.arg: k.value for k in call.keywords}
    if func.attr == "replicate":
        if len(call.args) != 1 or keywords:
            return None
        text = f"{group}({copies(src.text(call.args[0]))})"
    else:
        spacing = _grid_spacing(src, keywords)
        if len(call.args) != 2 or not set(keywords) <= GRID_KEYWORDS or spacing is None:
            return None
        rows, cols = call.args
        count = f"{_operand(src, rows)} * {_operand(src, cols)}"
        text = (
            f"{group}({copies(count)}).arrange_in_grid({src.text(rows)}, {src.text(cols)}{spacing})"
        )
        for keyword, method in (("height", "scale_to_fit_height"), ("width", "scale_to_fit_width")):
            if keyword in keywords:
                text += f".{method}({src.text(keywords[keyword])})"
    problem = ctx.problem(
        func,
        "gl-only",
        f".{func.attr}() is ManimGL API (Mobject.{func.attr}); manim {ctx.index.version} has no such method",
        text,
        fixable=True,
    )
    edit = (src.start(call), src.end(call), text)
    return Finding(problem, ReplaceText((edit,), f".{func.attr}() → {group}(*(... .copy() ...))"))


def _grid_spacing(src: Source, keywords: dict[str | None, ast.expr]) -> str | None:
    """ManimGL's grid spacing keywords as CE's `buff`: one value, or a (horizontal, vertical) pair."""
    h_buff, v_buff = keywords.get("h_buff"), keywords.get("v_buff")
    if "buff" in keywords:  # ManimGL's buff overrides both
        return f", buff={src.text(keywords['buff'])}"
    if h_buff is None or v_buff is None:  # one alone: the other is a ratio of the cell size
        return "" if h_buff is None and v_buff is None else None
    return f", buff=({src.text(h_buff)}, {src.text(v_buff)})"


def _backstroke(ctx: CheckContext, call: ast.Call, func: ast.Attribute) -> Finding | None:
    names = [name for name, _ in BACKSTROKE_DEFAULTS]
    keywords = {k.arg: k.value for k in call.keywords}
    if (
        func.attr not in BACKSTROKE
        or id(func) in ctx.reported
        or func.attr in ctx.bindings.functions
        or ctx.index.any_class_has_attribute(func.attr, include_opengl=False)
        or len(call.args) > len(names)
        or any(isinstance(a, ast.Starred) for a in call.args)
        or not set(keywords) <= set(names[len(call.args) :])  # also refuses **kwargs (None)
    ):
        return None
    src = ctx.source
    given = dict(zip(names, (src.text(a) for a in call.args), strict=False))
    given.update({k: src.text(v) for k, v in keywords.items() if k is not None})
    color, width, background = (given.get(name, default) for name, default in BACKSTROKE_DEFAULTS)
    text = f"set_stroke({color}, width={width}, background={background})"
    problem = ctx.problem(
        func,
        "removed-api",
        f".{func.attr}() is ManimGL API; manim {ctx.index.version} draws a stroke behind the "
        "fill with set_stroke(..., background=True)",
        f"{src.text(func.value)}.{text}",
        fixable=True,
    )
    if len(call.args) == 1 and not call.keywords:  # CE's setter fallback takes it, as a no-op
        what = f"{problem.message}; as written it renders but has no effect"
        problem = problem.model_copy(update={"severity": "warning", "message": what})
    edit = (src.end(func) - len(func.attr), src.end(call), text)
    return Finding(problem, ReplaceText((edit,), f".{func.attr}() → .{text}"))


def _embed(ctx: CheckContext, statement: ast.Expr) -> Finding | None:
    call = statement.value
    if not (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr in EMBEDS
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "self"
        and not call.args
        and not call.keywords
        and call.func.attr not in ctx.bindings.functions
    ):
        return None
    problem = ctx.problem(
        call.func,
        "gl-only",
        f"self.{call.func.attr}() opens ManimGL's interactive shell; in manim "
        f"{ctx.index.version} it needs the OpenGL live preview and fails in a render",
        "remove it (a render writes a file; ManimGL skips it then too)",
        fixable=True,
    )
    edit = (ctx.source.start(statement), ctx.source.end(statement), "pass")
    return Finding(problem, ReplaceText((edit,), f"self.{call.func.attr}() → pass"))


def _mathds(ctx: CheckContext, call: ast.Call, func: ast.Name) -> list[Finding]:
    """ManimGL's LaTeX template loads dsfont (`\\mathds`); Manim CE's has amssymb (`\\mathbb`)."""
    if ctx.bindings.manim_name(func.id) not in STRING_MOBJECTS - {"Text", "MarkupText"}:
        return []
    findings: list[Finding] = []
    for arg in call.args:
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            continue
        if "\\mathds{" not in arg.value or id(arg) in ctx.reported:
            continue
        text = ctx.source.text(arg)
        problem = ctx.problem(
            arg,
            "gl-only",
            "\\mathds needs LaTeX's dsfont package: ManimGL's template loads it, Manim CE's does "
            "not (LaTeX: Undefined control sequence)",
            "\\mathbb{...} (amssymb, in Manim CE's template)",
            fixable=True,
        )
        edit = (ctx.source.start(arg), ctx.source.end(arg), text.replace("mathds{", "mathbb{"))
        findings.append(Finding(problem, ReplaceText((edit,), "\\mathds → \\mathbb")))
    return findings


def _mouse(ctx: CheckContext, node: ast.Attribute) -> Finding | None:
    receiver = node.value
    if not (isinstance(receiver, ast.Name) and receiver.id == "self") or (
        node.attr in ctx.bindings.self_attributes or id(node) in ctx.reported
    ):
        return None
    # A render has no window: ManimGL's mouse stays a Point at the origin. Passed on as a value,
    # a new Point() there is the same; used any other way (moved, read) it stays reported.
    passed = any(node is arg for n in ctx.nodes if isinstance(n, ast.Call) for arg in n.args)
    problem = ctx.problem(
        node,
        "gl-only",
        f"self.{node.attr} is the mouse of ManimGL's interactive window; a manim "
        f"{ctx.index.version} render has no mouse",
        "Point() (in a ManimGL render the mouse never leaves the origin), a fixed point, or a "
        "ValueTracker you animate",
        fixable=passed,
    )
    if not passed:
        return Finding(problem)
    edit = (ctx.source.start(node), ctx.source.end(node), "Point()")
    return Finding(problem, ReplaceText((edit,), f"self.{node.attr} → Point()"))


def _pure(ctx: CheckContext, node: ast.expr) -> bool:
    """Whether evaluating `node` once per copy is harmless: it calls only manim's API."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.NamedExpr | ast.Await | ast.Yield | ast.YieldFrom | ast.Lambda):
            return False
        if isinstance(inner, ast.Call):
            func = inner.func
            if isinstance(func, ast.Name) and ctx.bindings.manim_name(func.id) is None:
                return False
            if isinstance(func, ast.Attribute) and func.attr in ctx.bindings.functions:
                return False
    return True


def _operand(src: Source, node: ast.expr) -> str:
    """The node's text, parenthesised unless it binds tighter than any operator."""
    text = src.text(node)
    simple = ast.Name | ast.Attribute | ast.Call | ast.Subscript | ast.Constant
    return text if isinstance(node, simple) else f"({text})"


def constructed_class(ctx: CheckContext, node: ast.expr) -> str | None:
    """The manim class an expression certainly makes (`Square()`, a variable bound to one)."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        node = node.func.value  # Square().set_fill(BLUE): the methods return the square
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        name = node.func.id
    elif isinstance(node, ast.Name):
        name = ctx.bindings.constructed.get(node.id)
        if name is None:
            return None
    else:
        return None
    return ctx.bindings.manim_name(name)


def _group_class(ctx: CheckContext, node: ast.expr) -> str:
    """ManimGL's replicate groups with the mobject's own group class: VGroup for VMobjects."""
    name = constructed_class(ctx, node)
    lineage = ctx.index.lineage(name) if name else ()
    return "Group" if lineage and "VMobject" not in lineage else "VGroup"
