r"""Colour or isolation keys of a Tex that CE would cut a LaTeX command with.

    MathTex(r"\frac{a}{b}", tex_to_color_map={"a": RED})    "a" is also inside \frac

Manim CE isolates every occurrence of each key by wrapping it in a marker inside the one LaTeX
source; an occurrence inside a control word (`\fr|a|c`, `\subst|a|ck`, `\the|ta|`) splits it,
and LaTeX stops with "Undefined control sequence" at render time. ManimGL skipped such
occurrences, so its `t2c` keys often do this. The check reports it at the call, before a render.
"""

from __future__ import annotations

import ast
import re

from tools.check.findings import CheckContext, Finding
from tools.check.gl_tex_parts import TEX_CLASSES
from tools.check.tex_isolation import isolated_matches

KEY_KEYWORDS = frozenset({"tex_to_color_map", "substrings_to_isolate", "t2c", "isolate"})
CONTROL_WORD = re.compile(r"\\[A-Za-z]+")


def find_tex_key_cuts(ctx: CheckContext) -> list[Finding]:
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
                        findings.append(_finding(ctx, keyword, *cut))
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


def _keys(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Dict):
        elements = [k for k in node.keys if k is not None]
    elif isinstance(node, ast.List | ast.Tuple | ast.Set):
        elements = node.elts
    else:
        return []
    return [e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)]


def _finding(ctx: CheckContext, keyword: ast.keyword, key: str, word: str) -> Finding:
    problem = ctx.problem(
        keyword,
        "tex-key-cuts-command",
        f"the key {key!r} also occurs inside {word}: manim {ctx.index.version} isolates every "
        f"occurrence, which cuts {word} in two, and LaTeX stops ('Undefined control sequence')",
        f"use a key that occurs only where you mean it (a longer one), or make it a part of its "
        f'own: MathTex(r"...", "{key}", r"...") and colour that part',
    )
    return Finding(problem)
