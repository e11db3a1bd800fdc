"""The `colour` package's `Color`, which ManimGL's star import and old Manim CE bound, as ManimColor.

    c = Color("red")          -> c = ManimColor("#FF0000")     (colour's names are the web's:
                                                                manim's RED is another red)
    c = Color(rgb=(1, 0, 0))  -> c = ManimColor.from_rgb(np.array((1, 0, 0), dtype=float))
    c.get_rgb(), c.hex_l      -> c.to_rgb(), c.to_hex()
    c.set_rgb(v)              -> c = ManimColor.from_rgb(np.array(v, dtype=float))

A ManimColor never changes, so a setter becomes a new binding. That means the same only where
no reader could see the old object change: in the function that made the colour, or in one
function nested in it that sets the colour before reading it, when nothing else reads it. A
colour variable is rewritten whole or not at all, so no colour method is left on a ManimColor;
the rest is reported with advice.
"""

from __future__ import annotations

import ast
import json
import re
from functools import cache
from pathlib import Path

from tools.check.findings import CheckContext, Finding, ReplaceText, TextEdit

NAME = "Color"
WEB_COLOURS = Path(__file__).with_name("web_colours.json")  # colour's names, as #RRGGBB
_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_RGB = "ManimColor.from_rgb(np.array({}, dtype=float))"  # ints would read as 0-255
_READERS = {
    **dict.fromkeys(("rgb", "get_rgb"), ".to_rgb()"),
    **dict.fromkeys(("hex", "get_hex", "hex_l", "get_hex_l"), ".to_hex()"),
    **dict.fromkeys(("hsl", "get_hsl"), ".to_hsl()"),
    **{name: f".to_rgb()[{i}]" for i, c in enumerate(("red", "green", "blue")) for name in (c, f"get_{c}")},
    **{
        name: f".to_hsl()[{i}]"
        for i, part in enumerate(("hue", "saturation", "luminance"))
        for name in (part, f"get_{part}")
    },
}  # fmt: skip
_SETTERS = {"set_rgb": _RGB, "set_hsl": "ManimColor.from_hsl({})"}
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.Module)
ADVICE = (
    'ManimColor("#FF0000") (colour\'s "red" is #FF0000; manim\'s RED is #FC6255); ManimColor '
    "does not change: make a new one where colour's set_* changed it"
)


@cache
def web_colours() -> dict[str, str]:
    return json.loads(WEB_COLOURS.read_text(encoding="utf-8"))


def find_colour_objects(ctx: CheckContext) -> list[Finding]:
    """`Color(...)` from the `colour` package: rewritten where exact, else reported."""
    uses = [
        n
        for n in ctx.nodes
        if isinstance(n, ast.Name) and n.id == NAME and isinstance(n.ctx, ast.Load)
    ]
    if not uses or ctx.bindings.manim_name(NAME) != NAME or ctx.index.is_exported(NAME):
        return []
    parents = {id(c): n for n in ctx.nodes for c in ast.iter_child_nodes(n)}
    findings: list[Finding] = []
    for node in uses:
        if id(node) in ctx.reported:
            continue
        edits = _rewrite(ctx, parents, node)
        problem = ctx.problem(
            node,
            "removed-api",
            f"{NAME} is not in manim {ctx.index.version} (the colour package's, which ManimGL "
            "and old Manim CE bound)",
            f"use {ADVICE}",
            fixable=edits is not None,
        )
        fix = ReplaceText(edits, "Color → ManimColor") if edits is not None else None
        findings.append(Finding(problem, fix))
    return findings


def _rewrite(
    ctx: CheckContext, parents: dict[int, ast.AST], node: ast.Name
) -> tuple[TextEdit, ...] | None:
    call = parents.get(id(node))
    if not isinstance(call, ast.Call) or call.func is not node:
        return None
    made = _constructor(ctx, call)
    if made is None:
        return None
    src = ctx.source
    edits: list[TextEdit] = [(src.start(call), src.end(call), made)]
    holder = parents.get(id(call))
    if isinstance(holder, ast.Attribute):  # `Color("red").get_rgb()`
        read = _reader(ctx, parents, holder, made)
        return (read,) if read is not None else None
    if isinstance(holder, ast.Assign) and [type(t) for t in holder.targets] == [ast.Name]:
        name = holder.targets[0]
        assert isinstance(name, ast.Name)
        more = _variable_edits(ctx, parents, holder, name.id)
        return (*edits, *more) if more is not None else None
    return tuple(edits)


def _constructor(ctx: CheckContext, call: ast.Call) -> str | None:
    if any(isinstance(a, ast.Starred) for a in call.args) or len(call.args) > 1:
        return None
    keywords = {k.arg: k.value for k in call.keywords}
    if not call.args and not keywords:
        return 'ManimColor("#000000")'  # colour's default
    if call.args and not keywords:
        arg = call.args[0]
        if isinstance(arg, ast.Name) and arg.id.isupper() and ctx.index.is_exported(arg.id):
            return f"ManimColor({arg.id})"  # a manim colour constant
        return _literal_colour(arg)
    if len(keywords) != 1 or call.args:
        return None
    ((key, value),) = keywords.items()
    if key in ("hex", "hex_l", "web"):
        return _literal_colour(value)
    if key in ("rgb", "hsl"):
        return _SETTERS[f"set_{key}"].format(ctx.source.text(value))
    return None


def _literal_colour(node: ast.expr) -> str | None:
    if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
        return None
    text = node.value.strip()
    if _HEX.fullmatch(text):
        digits = text[1:] if len(text) == 7 else "".join(c * 2 for c in text[1:])
        return f'ManimColor("#{digits.upper()}")'
    found = web_colours().get(text.lower().replace(" ", ""))
    return f'ManimColor("{found}")' if found else None


def _reader(
    ctx: CheckContext, parents: dict[int, ast.AST], attr: ast.Attribute, receiver: str
) -> TextEdit | None:
    """`<colour>.get_rgb()` or `<colour>.rgb` as CE spells it; None for any other use."""
    suffix = _READERS.get(attr.attr)
    if suffix is None or not isinstance(attr.ctx, ast.Load):
        return None
    call = parents.get(id(attr))
    src = ctx.source
    if attr.attr.startswith("get_"):
        if not isinstance(call, ast.Call) or call.func is not attr or call.args or call.keywords:
            return None
        return (src.start(call), src.end(call), receiver + suffix)
    return (src.start(attr), src.end(attr), receiver + suffix)


def _variable_edits(
    ctx: CheckContext, parents: dict[int, ast.AST], binding: ast.Assign, name: str
) -> list[TextEdit] | None:
    """Edits for every use of a colour variable; None if one use has no exact CE spelling."""
    scope = _scope(parents, binding)
    edits: list[TextEdit] = []
    setters: list[tuple[ast.Expr, ast.AST]] = []  # statement, its function
    reads: list[tuple[ast.Name, ast.AST]] = []
    for node in ast.walk(scope):
        if isinstance(node, ast.Nonlocal | ast.Global) and name in node.names:
            return None
        if isinstance(node, ast.arg) and node.arg == name:
            return None  # a function of its own names something else so
        if not isinstance(node, ast.Name) or node.id != name:
            continue
        if not isinstance(node.ctx, ast.Load):
            if parents.get(id(node)) is not binding:
                return None  # bound again
            continue
        holder = parents.get(id(node))
        if isinstance(holder, ast.Call) and node is not holder.func:
            reads.append((node, _scope(parents, node)))  # an argument: the value is read
            continue
        if isinstance(holder, ast.keyword):
            reads.append((node, _scope(parents, node)))
            continue
        if not isinstance(holder, ast.Attribute):
            return None
        setter = _setter_statement(parents, holder)
        if setter is not None:
            setters.append((setter, _scope(parents, setter)))
            continue
        read = _reader(ctx, parents, holder, name)
        if read is None:
            return None
        reads.append((node, _scope(parents, node)))
        edits.append(read)
    for statement, function in setters:
        if not _rebinding_is_exact(ctx, parents, scope, statement, function, reads):
            return None
        call = statement.value
        assert isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
        spelled = _SETTERS[call.func.attr].format(ctx.source.text(call.args[0]))
        edits.append((ctx.source.start(call), ctx.source.end(call), f"{name} = {spelled}"))
    return edits


def _setter_statement(parents: dict[int, ast.AST], attr: ast.Attribute) -> ast.Expr | None:
    """The statement `c.set_rgb(value)` when `attr` is its `c.set_rgb`."""
    call = parents.get(id(attr))
    statement = parents.get(id(call)) if call is not None else None
    if (
        attr.attr in _SETTERS
        and isinstance(call, ast.Call)
        and call.func is attr
        and len(call.args) == 1
        and not isinstance(call.args[0], ast.Starred)
        and not call.keywords
        and isinstance(statement, ast.Expr)
    ):
        return statement
    return None


def _rebinding_is_exact(
    ctx: CheckContext,
    parents: dict[int, ast.AST],
    scope: ast.AST,
    statement: ast.Expr,
    function: ast.AST,
    reads: list[tuple[ast.Name, ast.AST]],
) -> bool:
    """Whether `c = <new colour>` in place of `c.set_*(...)` changes nothing a reader sees."""
    if function is scope:
        return True
    if isinstance(function, ast.Module) or _scope(parents, function) is not scope:
        return False  # only a function nested directly in the colour's own
    if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
        return False
    if statement not in function.body:
        return False  # a branch or loop could leave it unset when read
    start = ctx.source.start(statement)
    return all(where is function and ctx.source.start(n) > start for n, where in reads)


def _scope(parents: dict[int, ast.AST], node: ast.AST) -> ast.AST:
    """The function, class or module whose variables `node` sees first."""
    at = parents[id(node)]
    while not isinstance(at, _SCOPES):
        at = parents[id(at)]
    return at
