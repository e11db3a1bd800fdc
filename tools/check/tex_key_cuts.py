r"""Colour or isolation keys of a Tex that CE would cut a LaTeX command with.

    MathTex(r"\frac{a}{b}", tex_to_color_map={"a": RED})    "a" is also inside \frac

Manim CE isolates every occurrence of each key by wrapping it in a marker inside the one LaTeX
source; an occurrence inside a control word (`\fr|a|c`, `\subst|a|ck`, `\the|ta|`) splits it,
and LaTeX stops with "Undefined control sequence" at render time. ManimGL skipped such
occurrences, so its `t2c` keys often do this. The check reports it at the call, before a render.

In a ManimGL file, a key found only inside control words (`"theta"` of `\theta`) matched
nothing there, so `--fix` drops it: the picture ManimGL drew. A key also found elsewhere
coloured those places in ManimGL, which CE's isolation cannot do without the cut: reported.
"""

from __future__ import annotations

import ast
import re

from tools.check.findings import CheckContext, Finding, ReplaceText, TextEdit
from tools.check.gl_tex_parts import TEX_CLASSES
from tools.check.tex_isolation import isolated_matches

KEY_KEYWORDS = frozenset({"tex_to_color_map", "substrings_to_isolate", "t2c", "isolate"})
CONTROL_WORD = re.compile(r"\\[A-Za-z]+")
EMPTY: dict[type[ast.expr], str] = {
    ast.Dict: "{}",
    ast.List: "[]",
    ast.Tuple: "()",
    ast.Set: "set()",
}


def find_tex_key_cuts(ctx: CheckContext, gl_file: bool) -> list[Finding]:
    """`gl_file`: the module imports ManimGL (keys that matched nothing there are dropped)."""
    findings: list[Finding] = []
    for node in ctx.nodes:
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in TEX_CLASSES
            and ctx.bindings.manim_name(node.func.id) == node.func.id
        ):
            for keyword in node.keywords:
                if keyword.arg in KEY_KEYWORDS and id(keyword) not in ctx.reported:
                    cut = _first_cut(node, keyword.value)
                    if cut is not None:
                        drop = (
                            _unmatched_in_gl(ctx, node, keyword.value, cut[0]) if gl_file else None
                        )
                        findings.append(_finding(ctx, keyword, *cut, drop))
    return findings


def _first_cut(call: ast.Call, keys_node: ast.expr) -> tuple[str, str] | None:
    """(key, the control word it cuts) for the first cut, if any."""
    keys = _keys(keys_node)
    texts = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    for text in texts:
        words = [(m.start(), m.end(), m.group()) for m in CONTROL_WORD.finditer(text)]
        for start, end, key in isolated_matches(text, keys):
            for word_start, word_end, word in words:
                inside = word_start < start < word_end or word_start < end < word_end
                if inside and not (start <= word_start and word_end <= end):
                    return key, word
    return None


def _unmatched_in_gl(
    ctx: CheckContext, call: ast.Call, keys_node: ast.expr, key: str
) -> TextEdit | None:
    """The edit dropping `key` from the call's keys when every occurrence of it in the call's
    strings is inside a control word (ManimGL matched it nowhere); else None."""
    texts = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    for text in texts:
        words = [m.span() for m in CONTROL_WORD.finditer(text)]
        at = text.find(key)
        while at >= 0:
            if not any(start < at < end or start < at + len(key) < end for start, end in words):
                return None  # coloured there in ManimGL
            at = text.find(key, at + 1)
    elements = _elements(keys_node)
    found = [i for i, e in enumerate(elements) if isinstance(e, ast.Constant) and e.value == key]
    if not found:
        return None
    at, source = found[0], ctx.source
    if len(elements) == 1:  # the only key: an empty collection of the same kind
        return source.start(keys_node), source.end(keys_node), EMPTY[type(keys_node)]
    if at + 1 < len(elements):  # up to the next one: its comma and spacing go too
        return source.start(elements[at]), source.start(elements[at + 1]), ""
    before, last = _last_node(keys_node, at - 1), _last_node(keys_node, at)
    return source.end(before), source.end(last), ""  # the last one: with the comma before it


def _elements(node: ast.expr) -> list[ast.expr]:
    """A literal's keys or items; none for a dict with a `**spread` (its keys are not all here)."""
    if isinstance(node, ast.Dict):
        keys = list(node.keys)
        return [k for k in keys if k is not None] if None not in keys else []
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return list(node.elts)
    return []


def _last_node(node: ast.expr, at: int) -> ast.expr:
    """Where the `at`th element ends: at its value, in a dict."""
    return node.values[at] if isinstance(node, ast.Dict) else _elements(node)[at]


def _keys(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Dict):  # with a **spread too: the keys written here
        elements = [k for k in node.keys if k is not None]
    else:
        elements = _elements(node)
    return [e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)]


def _finding(
    ctx: CheckContext, keyword: ast.keyword, key: str, word: str, drop: TextEdit | None
) -> Finding:
    problem = ctx.problem(
        keyword,
        "tex-key-cuts-command",
        f"the key {key!r} also occurs inside {word}: manim {ctx.index.version} isolates every "
        f"occurrence, which cuts {word} in two, and LaTeX stops ('Undefined control sequence')",
        f"drop {key!r}: ManimGL skips what is inside a command, so it coloured nothing here"
        if drop is not None
        else f"use a key that occurs only where you mean it (a longer one), or make it a part "
        f'of its own: MathTex(r"...", "{key}", r"...") and colour that part',
        fixable=drop is not None,
    )
    if drop is None:
        return Finding(problem)
    return Finding(problem, ReplaceText((drop,), f"dropped the key {key!r} (matched nothing)"))
