r"""ManimGL's Tex parts picked by their string, respelled with Manim CE's substring isolation.

    eq = Tex(R"e^{\pi i} = -1")        -> eq = Tex(R"e^{\pi i} = -1", substrings_to_isolate=[R"\pi"])
    self.play(Indicate(eq[R"\pi"]))    -> self.play(Indicate(eq.get_part_by_tex(R"\pi")))

ManimGL's `tex["x"]` is every part spelled "x"; CE isolates the substrings named when the Tex is
made and hands one back by `get_part_by_tex`. The rewrite is exact only when each picked string
occurs once and CE can isolate it (`tex_isolation`), and when it is known which binding of the
variable a pick reads: a binding is a plain statement of the function, and a pick inside a
nested function or lambda reads a variable bound once. Picks CE cannot isolate (overlapping,
repeated, or by regular expression) cut a one-string Tex into pieces instead (`gl_tex_split`).
Everything else keeps the plain report.
"""

from __future__ import annotations

import ast

from tools.check.findings import CheckContext, Finding, ReplaceText, TextEdit
from tools.check.gl_patterns import STRING_MOBJECTS, constructed_class
from tools.check.gl_tex_split import (
    TexPick,
    first_matches,
    regex_key,
    split_edits,
    string_literal,
)
from tools.check.problems import Problem
from tools.check.source import Source
from tools.check.tex_isolation import isolable

TEX_CLASSES = STRING_MOBJECTS - {"Text", "MarkupText"}
ISOLATE_KEYWORDS = ("isolate", "substrings_to_isolate")
COLOR_KEYWORDS = ("t2c", "tex_to_color_map")
_Function = ast.FunctionDef | ast.AsyncFunctionDef
_Scope = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda


def find_tex_part_picks(ctx: CheckContext) -> list[Finding]:
    """Reports (and, where exact, rewrites) `tex["..."]` and `tex[re.compile(...)]` picks."""
    findings: list[Finding] = []
    subscripts = [
        n for n in ctx.nodes if isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Load)
    ]
    # Variables indexed by a string somewhere: only their bindings are worth a look (the check
    # runs before every render, and most scenes have none).
    picked = {
        n.value.id
        for n in subscripts
        if isinstance(n.value, ast.Name) and (_is_str(n.slice) or _is_regex(n.slice))
    }
    for node in ctx.nodes if picked else ():
        if isinstance(node, _Function):
            findings.extend(_picks_in(ctx, node, picked))
    for node in subscripts:
        finding = _regex_pick(ctx, node) if _is_regex(node.slice) else _plain_pick(ctx, node)
        if finding is not None:
            findings.append(finding)
    return findings


def _picks_in(ctx: CheckContext, function: _Function, picked: set[str]) -> list[Finding]:
    bindings = _tex_bindings(ctx, function, picked)
    if not bindings:
        return []
    groups: dict[int, list[TexPick]] = {}
    owners: dict[int, ast.Assign | None] = {}
    # Other indexes of the variable: a cut renumbers its parts, and a string built at run time
    # is a pick no rewrite sees, so either leaves the Tex as it is.
    indexed: dict[str, set[str]] = {}
    for node, nested in _walk(function):
        if not (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id in bindings
            and id(node) not in ctx.reported
        ):
            continue
        if not (isinstance(node.ctx, ast.Load) and (_is_str(node.slice) or _is_regex(node.slice))):
            kind = "string" if isinstance(node.slice, ast.JoinedStr) else "other"
            indexed.setdefault(node.value.id, set()).add(kind)
            continue
        assigns = bindings[node.value.id]
        owner = _owner(ctx.source, assigns, node) if len(assigns) == 1 or not nested else None
        groups.setdefault(id(owner), []).append(_pick(node))
        owners[id(owner)] = owner
    findings: list[Finding] = []
    for key, unordered in groups.items():
        picks = sorted(unordered, key=lambda p: (p.node.lineno, p.node.col_offset))
        owner = owners[key]
        other = (
            indexed.get(picks[0].node.value.id, set())
            if isinstance(picks[0].node.value, ast.Name)
            else set()
        )
        rewrite = (
            _rewrite(ctx.source, owner, picks, cut=not other)
            if owner is not None and "string" not in other
            else None
        )
        for i, pick in enumerate(picks):
            fix = None
            if rewrite is not None and i == 0:
                names = ", ".join(ctx.source.text(p.node) for p in picks)
                fix = ReplaceText(first_matches(ctx, picks, rewrite[0]), f"{names} → {rewrite[1]}")
            findings.append(Finding(_problem(ctx, pick, fixable=rewrite is not None), fix))
            if rewrite is not None and isinstance(pick.node.slice, ast.Call):
                # The rewrite drops `re.compile(...)`: that `re` needs no import added.
                ctx.reported.add(id(getattr(pick.node.slice.func, "value", None)))
    return findings


def _tex_bindings(
    ctx: CheckContext, function: _Function, picked: set[str]
) -> dict[str, list[ast.Assign]]:
    """Variables bound only by plain statements `v = Tex(...)` of this function, with those."""
    found: dict[str, list[ast.Assign]] = {}
    for statement in function.body:
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and statement.targets[0].id in picked
            and (call := _constructor(statement.value)) is not None
            and constructed_class(ctx, call) in TEX_CLASSES
        ):
            found.setdefault(statement.targets[0].id, []).append(statement)
    if not found:
        return {}
    stores: dict[str, int] = {}
    for node, _ in _walk(function):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            stores[node.id] = stores.get(node.id, 0) + 1
        elif isinstance(node, ast.arg):
            stores[node.arg] = stores.get(node.arg, 0) + 1
    return {name: made for name, made in found.items() if stores.get(name) == len(made)}


def _walk(function: _Function) -> list[tuple[ast.AST, bool]]:
    """The function's nodes, each with whether it sits in a nested lambda or def."""
    found: list[tuple[ast.AST, bool]] = []
    stack: list[tuple[ast.AST, bool]] = [(child, False) for child in ast.iter_child_nodes(function)]
    while stack:
        node, nested = stack.pop()
        found.append((node, nested))
        inner = nested or isinstance(node, _Scope | ast.ClassDef)
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))
    return found


def _owner(src: Source, assigns: list[ast.Assign], pick: ast.Subscript) -> ast.Assign | None:
    """The binding a pick reads: the last one finished before it."""
    before = [a for a in assigns if src.end(a) <= src.start(pick)]
    return before[-1] if before else None


def _constructor(node: ast.expr) -> ast.Call | None:
    """`Tex(...)` in `Tex(...)` or `Tex(...).scale(2).to_edge(UP)`."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        node = node.func.value
    return node if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) else None


def _pick(node: ast.Subscript) -> TexPick:
    if _is_regex(node.slice):
        return TexPick(node, regex_key(node.slice), regex=True)
    key = node.slice.value if isinstance(node.slice, ast.Constant) else None
    return TexPick(node, key if isinstance(key, str) else None)


def _rewrite(
    src: Source, owner: ast.Assign, picks: list[TexPick], *, cut: bool
) -> tuple[tuple[TextEdit, ...], str] | None:
    """The edits and what they do: CE's substring isolation where it is exact, else a cut."""
    call = _constructor(owner.value)
    if call is None or not all(_is_str(a) for a in call.args) or not call.args:
        return None
    isolate = next((k for k in call.keywords if k.arg in ISOLATE_KEYWORDS), None)
    named = _strings(isolate.value) if isolate is not None else []
    colors = [k for k in call.keywords if k.arg in COLOR_KEYWORDS]
    colored = [_keys(k.value) for k in colors]
    if named is None or None in colored or any(k.arg is None for k in call.keywords):
        return None
    given = list(dict.fromkeys([*named, *(k for c in colored for k in c or ())]))
    isolated = _isolation_edits(src, call, isolate, named, given, picks)
    if isolated is not None:
        return isolated, "get_part_by_tex(...), substrings isolated"
    pieces = split_edits(src, call, picks, given) if cut else None
    return (pieces, "parts of a MathTex cut at the picks") if pieces is not None else None


def _isolation_edits(
    src: Source,
    call: ast.Call,
    isolate: ast.keyword | None,
    named: list[str],
    given: list[str],
    picks: list[TexPick],
) -> tuple[TextEdit, ...] | None:
    """`named`: the strings `isolate=` lists; `given`: those and the coloured ones."""
    if any(p.regex or p.key is None for p in picks):
        return None
    picked = list(dict.fromkeys(p.key for p in picks if p.key is not None))
    keys = list(dict.fromkeys([*given, *picked]))
    texts = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    if any(sum(t.count(key) for t in texts) != 1 for key in picked):
        return None
    edits: list[TextEdit] = []
    for arg, text in zip(call.args, texts, strict=True):
        spelled = isolable(text, keys, [key for key in picked if key in text])
        if spelled is None:
            return None
        if spelled != text:
            edits.append((src.start(arg), src.end(arg), string_literal(src.text(arg), spelled)))
    listed = _isolate_list(src, isolate, picks, [key for key in picked if key not in named])
    if isolate is not None:
        edits.append((src.start(isolate.value), src.end(isolate.value), listed))
    else:
        at = max(src.end(a) for a in [*call.args, *call.keywords])
        edits.append((at, at, f", substrings_to_isolate={listed}"))
    for pick in picks:
        receiver = src.text(pick.node.value)
        spelled_key = src.text(pick.node.slice)
        edits.append(
            (src.start(pick.node), src.end(pick.node), f"{receiver}.get_part_by_tex({spelled_key})")
        )
    return tuple(edits)


def _isolate_list(
    src: Source, isolate: ast.keyword | None, picks: list[TexPick], added: list[str]
) -> str:
    """The isolate list: what the call named, as it spelled it, then the picked keys."""
    value = isolate.value if isolate is not None else None
    named = value.elts if isinstance(value, ast.List | ast.Tuple | ast.Set) else [value]
    spelled = [src.text(e) for e in named if e is not None]
    spelled += [next(src.text(p.node.slice) for p in picks if p.key == key) for key in added]
    return "[" + ", ".join(spelled) + "]"


def _is_str(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _strings(node: ast.expr) -> list[str] | None:
    """The strings of a literal `"x"`, `["x", "y"]` or `("x",)`; None for anything else."""
    if _is_str(node):
        return [str(node.value)] if isinstance(node, ast.Constant) else None
    if isinstance(node, ast.List | ast.Tuple | ast.Set) and all(_is_str(e) for e in node.elts):
        return [str(e.value) for e in node.elts if isinstance(e, ast.Constant)]
    return None


def _keys(node: ast.expr) -> list[str] | None:
    """The string keys of a dict literal; None for anything else."""
    if isinstance(node, ast.Dict) and all(k is not None and _is_str(k) for k in node.keys):
        return [str(k.value) for k in node.keys if isinstance(k, ast.Constant)]
    return None


def _problem(ctx: CheckContext, pick: TexPick, *, fixable: bool) -> Problem:
    if pick.regex or pick.key is None:
        return _regex_problem(ctx, pick.node, "MathTex", fixable=fixable)
    return substring_problem(ctx, pick.node, pick.key, "MathTex", fixable=fixable)


def _plain_pick(ctx: CheckContext, node: ast.Subscript) -> Finding | None:
    """A pick by string that no binding in a function explains, or one built at run time (an
    f-string): reported, never rewritten."""
    key = node.slice
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        text = key.value
    elif isinstance(key, ast.JoinedStr):
        text = ctx.source.text(key)
    else:
        return None
    name = constructed_class(ctx, node.value)
    if name not in STRING_MOBJECTS or id(node) in ctx.reported:
        return None
    return Finding(substring_problem(ctx, node, text, name, fixable=False))


def _is_regex(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "compile"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "re"
    )


def _regex_pick(ctx: CheckContext, node: ast.Subscript) -> Finding | None:
    """A pick by regular expression that no binding in a function explains: reported only."""
    name = constructed_class(ctx, node.value)
    if name not in STRING_MOBJECTS or id(node) in ctx.reported:
        return None
    return Finding(_regex_problem(ctx, node, name, fixable=False))


def _regex_problem(
    ctx: CheckContext, node: ast.Subscript, name: str | None, *, fixable: bool
) -> Problem:
    text = ctx.source.text(node.value)
    how = (
        f"index its letters ({text}[i:j])"
        if name in ("Text", "MarkupText")
        else "isolate each part it should match, MathTex(..., substrings_to_isolate=[...]), "
        f"then pick them with {text}.get_part_by_tex(...)"
    )
    return ctx.problem(
        node,
        "gl-only",
        f"{text}[re.compile(...)] picks parts by a regular expression, as ManimGL does; Manim "
        "CE's Tex, MathTex and Text take only integer indexes and slices (a TypeError at run time)",
        how,
        fixable=fixable,
    )


def substring_problem(
    ctx: CheckContext, node: ast.Subscript, key: str, name: str | None, *, fixable: bool
) -> Problem:
    """ManimGL's `text["x"]`: what is wrong, and Manim CE's way to pick that part."""
    text = ctx.source.text(node.value)
    shown = repr(key) if isinstance(node.slice, ast.Constant) else key  # an f-string as written
    if name in ("Text", "MarkupText"):
        how = f"index its letters ({text}[i:j]) or color the words with t2c={{{shown}: RED}}"
    else:
        how = (
            f"isolate it, MathTex(..., substrings_to_isolate=[{shown}]), "
            f"then {text}.get_part_by_tex({shown})"
        )
    return ctx.problem(
        node,
        "gl-only",
        f"{text}[{shown}] picks a part by its string, as ManimGL does; Manim CE's Tex, "
        "MathTex and Text take only integer indexes and slices (a TypeError at run time)",
        how,
        fixable=fixable,
    )
