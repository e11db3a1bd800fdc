"""Glyph numbers into a ManimGL Tex, which Manim CE reaches through its parts.

    eq = Tex(R"\\frac{8!}{7!} \\cdot 2")    ManimGL (since 1.6): eq is a flat list of glyphs
    SurroundingRectangle(eq[2])            the third glyph; eq[3:5], eq[-1], len(eq) likewise

Manim CE's MathTex (and Tex) holds each string, and each isolated substring, as a part: eq[2]
raises IndexError or picks a part, and eq[:-2] is empty. Older ManimGL built its Tex the way CE
does, and its code says so with eq[0][i]; so a file is read as flat only when it picks a part by
its string (ManimGL 1.6's own syntax) or indexes a one-string Tex past its first part, and never
indexes twice over. Then every glyph reach (subscripts, len(), iteration, unpacking) of a name
bound only to Texes, or to names that are, goes to the glyphs: through `eq[0]` for one string
and no isolation, else through a flat view of every part's glyphs, in order.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from tools.check.findings import CheckContext, Finding, ReplaceText, TextEdit

TEX_CLASSES = frozenset({"Tex", "TexText", "MathTex"})
ISOLATING = frozenset(
    {"isolate", "t2c", "tex_to_color_map", "substrings_to_isolate", "t2s", "t2w", "t2f"}
)


@dataclass(frozen=True)
class Reach:
    """A use of a Tex name that reaches its glyphs."""

    name: ast.Name
    parent: ast.AST
    one_part: bool  # every Tex the name may hold is one string, no part isolated or picked


def find_flat_tex_indexing(ctx: CheckContext, gl_file: bool) -> list[Finding]:
    candidates = _indexed_texes(ctx) if gl_file else set()
    if not candidates:
        return []
    picked = _string_picked(ctx)
    # Functions of the module and methods of its classes; a nested function is walked with
    # the one around it.
    functions = [
        f
        for node in ctx.tree.body
        for f in (node.body if isinstance(node, ast.ClassDef) else [node])
        if isinstance(f, ast.FunctionDef)
    ]
    reaches = sorted(
        (r for f in functions for r in _glyph_reaches(ctx, f, picked, candidates)),
        key=lambda r: (r.name.lineno, r.name.col_offset),
    )
    subscripts = [r for r in reaches if isinstance(r.parent, ast.Subscript)]
    flat = bool(picked) or any(
        r.one_part and _index(r.parent.slice) == "flat"
        for r in subscripts
        if isinstance(r.parent, ast.Subscript)
    )
    subscripted = {id(n.value) for n in ctx.nodes if isinstance(n, ast.Subscript)}
    if not flat or any(id(r.parent) in subscripted for r in subscripts):
        return []  # eq[0] alone means the same in both; eq[0][i] was written for parts
    first: dict[str, ast.Subscript] = {}
    edits: dict[str, list[TextEdit]] = {}
    for reach in reaches:
        parent, key = reach.parent, reach.name.id
        if isinstance(parent, ast.Subscript) and _index(parent.slice) == "flat":
            first.setdefault(key, parent)
        src = ctx.source
        if reach.one_part:
            edits.setdefault(key, []).append((src.end(reach.name), src.end(reach.name), "[0]"))
        else:
            view = f"VGroup(*(g for part in {key} for g in part))"
            edits.setdefault(key, []).append((src.start(reach.name), src.end(reach.name), view))
    return [_finding(ctx, key, subscript, tuple(edits[key])) for key, subscript in first.items()]


def _finding(
    ctx: CheckContext, key: str, subscript: ast.Subscript, edits: tuple[TextEdit, ...]
) -> Finding:
    shown = ctx.source.text(subscript)
    problem = ctx.problem(
        subscript,
        "gl-tex-glyphs",
        f"{shown} counts the glyphs of ManimGL's Tex, a flat list; in manim {ctx.index.version} "
        f"{key}[i] is a part (a string or an isolated substring), and the glyphs are in the parts",
        f"{key}[0]{shown[len(key) :]} for a one-string MathTex",
        fixable=True,
    )
    return Finding(problem, ReplaceText(edits, f"{key}[i] → the glyphs of its parts"))


def _indexed_texes(ctx: CheckContext) -> set[str]:
    """Names bound to a Tex call somewhere (or to such a name) when one of them is indexed
    somewhere: else there is nothing to do."""
    bound: dict[str, ast.expr] = {}
    for n in ctx.nodes:
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
            bound.setdefault(n.targets[0].id, n.value)
    texes = {name for name, value in bound.items() if _tex_root(value)}
    texes |= {n for n, v in bound.items() if isinstance(v, ast.Name) and v.id in texes}
    indexed = any(
        isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and n.value.id in texes
        for n in ctx.nodes
    )
    return texes if indexed else set()


def _tex_root(value: ast.expr) -> bool:
    return _tex_call(value) is not None


def _tex_call(value: ast.expr | None) -> ast.Call | None:
    """The Tex call a value is, through methods that return it: Tex(...).scale(2).to_edge(UP)."""
    while (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and not value.func.attr.startswith(("get_", "animate"))  # a part or a value, not it
        and isinstance(value.func.value, ast.Call)
    ):
        value = value.func.value
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        return value if value.func.id in TEX_CLASSES else None
    return None


def _string_picked(ctx: CheckContext) -> set[str]:
    """Names picked by a string somewhere (`eq["x"]`): ManimGL 1.6's flat Tex."""
    return {
        n.value.id
        for n in ctx.nodes
        if isinstance(n, ast.Subscript)
        and isinstance(n.value, ast.Name)
        and isinstance(n.slice, ast.Constant | ast.JoinedStr)
        and isinstance(getattr(n.slice, "value", ""), str)
    }


def _glyph_reaches(
    ctx: CheckContext, function: ast.FunctionDef, picked: set[str], candidates: set[str]
) -> Iterator[Reach]:
    """Uses of the function's Tex names that reach into their glyphs. `candidates`: the names
    worth a look (bound to a Tex call somewhere and indexed somewhere)."""
    text = ctx.source.code[ctx.source.start(function) : ctx.source.end(function)]
    if not any(name in text for name in candidates):
        return  # a plain text search first: most methods hold no such name
    uses: list[tuple[ast.Name, ast.AST]] = []
    values: dict[str, list[ast.expr | None]] = {}
    stack: list[ast.AST] = [function]
    while stack:  # one walk, keeping each node's parent
        parent = stack.pop()
        for child in ast.iter_child_nodes(parent):
            stack.append(child)
            if not isinstance(child, ast.Name) or child.id not in candidates:
                continue
            if isinstance(child.ctx, ast.Load):
                uses.append((child, parent))
            elif isinstance(parent, ast.Assign) and parent.targets == [child]:
                values.setdefault(child.id, []).append(parent.value)
            else:
                values.setdefault(child.id, []).append(None)  # bound some other way
    for argument in function.args.args + function.args.kwonlyargs:
        values.setdefault(argument.arg, []).append(None)
    texes = _tex_names(ctx, values)
    for child, parent in uses:
        if child.id in texes and _reaches(child, parent):
            yield Reach(child, parent, texes[child.id] and child.id not in picked)


def _tex_names(ctx: CheckContext, values: dict[str, list[ast.expr | None]]) -> dict[str, bool]:
    """Names bound only to Texes, or to names that are, with whether each of those Texes is one
    string with no part isolated."""
    names = {n: True for n, vs in values.items() if all(v is not None for v in vs)}
    changed = True
    while changed:  # keep names bound to Texes or to other such names, to a fixed point
        kinds = {n: [_tex_kind(ctx, v, names) for v in values[n]] for n in names}
        kept = {n: all(k is True for k in ks) for n, ks in kinds.items() if None not in ks}
        changed = kept != names
        names = kept
    return names


def _tex_kind(ctx: CheckContext, value: ast.expr | None, names: dict[str, bool]) -> bool | None:
    """True: a one-string Tex with no isolation; False: another Tex; None: no Tex."""
    if isinstance(value, ast.Name):
        return names.get(value.id)
    call = _tex_call(value)
    if not (
        call is not None
        and isinstance(call.func, ast.Name)
        and ctx.bindings.manim_name(call.func.id) == call.func.id
        and call.args
        and not any(isinstance(a, ast.Starred) for a in call.args)
        and not any(k.arg is None for k in call.keywords)
    ):
        return None
    return len(call.args) == 1 and not any(k.arg in ISOLATING for k in call.keywords)


def _reaches(name: ast.Name, parent: ast.AST) -> bool:
    if isinstance(parent, ast.Subscript):
        return parent.value is name and _index(parent.slice) is not None
    if isinstance(parent, ast.Call):
        is_len = isinstance(parent.func, ast.Name) and parent.func.id == "len"
        return is_len and parent.args == [name]
    if isinstance(parent, ast.For | ast.comprehension):
        return parent.iter is name
    return isinstance(parent, ast.Starred)


def _index(index: ast.expr) -> str | None:
    """ "flat" (only a flat list has it: 2, -1, 1:3), "first" (0, :1, a variable), or None
    for what is no glyph number (a string)."""
    if isinstance(index, ast.Slice):
        bounds = [b for b in (index.lower, index.upper, index.step) if b is not None]
        if any(_number(b) is None for b in bounds):
            return None
        return "first" if ast.unparse(index) in (":", "0:", ":1", "0:1") else "flat"
    return _number(index)


def _number(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int):
            return None
        return "first" if node.value == 0 else "flat"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return "flat" if _number(node.operand) is not None else None
    if isinstance(node, ast.Name | ast.BinOp | ast.Call | ast.Attribute):
        return "first"  # a number only known at run time: no evidence either way
    return None
