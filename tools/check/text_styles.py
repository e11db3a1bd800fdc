"""Text(...) style maps whose keys overlap in the text: Manim CE refuses them when it builds the
Text ("Ambiguous style for text ..."), even when both keys give the same color; ManimGL styles both.

    Text("Tex and TexText", t2c={"Tex": BLUE, "TexText": BLUE})
        -> Text("Tex and TexText", t2c={"[0:3]": BLUE, "[8:15]": BLUE})

The keys are CE's own: each finds every non-overlapping occurrence in the text (or is a slice
`"[a:b]"`). Overlapping keys that give the same value become slices of the text they cover
together, which styles exactly the same characters; other overlaps are reported.
"""

from __future__ import annotations

import ast
import re
from itertools import combinations

from tools.check.findings import CheckContext, Finding, ReplaceText

STYLE_MAPS = ("t2c", "t2f", "t2s", "t2w")  # one style attribute each: color, font, slant, weight
SLICE = re.compile(r"\[([0-9\-]{0,}):([0-9\-]{0,})\]")  # CE's Text._find_indexes
DEFAULT_TAB_WIDTH = 4
Span = tuple[int, int]


def find_style_overlaps(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for node in ctx.nodes:
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and ctx.bindings.manim_name(node.func.id) == "Text"
        ):
            findings.extend(_overlaps(ctx, node))
    return findings


def _text(call: ast.Call) -> str | None:
    """The text as CE searches it (tabs expanded), when the call spells it out."""
    keywords = {k.arg: k.value for k in call.keywords}
    text = call.args[0] if call.args else keywords.get("text")
    tab = keywords.get("tab_width", ast.Constant(DEFAULT_TAB_WIDTH))
    if not (isinstance(text, ast.Constant) and isinstance(text.value, str)):
        return None
    if not (isinstance(tab, ast.Constant) and type(tab.value) is int):
        return None
    return text.value.replace("\t", " " * tab.value)


def spans(word: str, text: str) -> list[Span]:
    """Where CE's Text styles `word` (Text._find_indexes)."""
    found = SLICE.match(word)
    if found:
        start = int(found.group(1)) if found.group(1) else 0
        end = int(found.group(2)) if found.group(2) else len(text)
        return [(len(text) + start if start < 0 else start, len(text) + end if end < 0 else end)]
    result: list[Span] = []
    at = text.find(word) if word else -1
    while at != -1:
        result.append((at, at + len(word)))
        at = text.find(word, at + len(word))
    return result


def _overlaps(ctx: CheckContext, call: ast.Call) -> list[Finding]:
    text = _text(call)
    if text is None:
        return []
    findings: list[Finding] = []
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg not in STYLE_MAPS or not isinstance(value, ast.Dict):
            continue
        keys = [k.value if isinstance(k, ast.Constant) else None for k in value.keys]
        words = [k for k in keys if isinstance(k, str)]
        if len(words) != len(keys) or id(keyword) in ctx.reported:
            continue
        where = {word: spans(word, text) for word in words}
        clashing = sorted(
            {w for a, b in combinations(words, 2) if _touch(where[a], where[b]) for w in (a, b)},
            key=words.index,
        )
        if clashing:
            findings.append(_finding(ctx, keyword, value, clashing, where))
    return findings


def _touch(a: list[Span], b: list[Span]) -> bool:
    return any(s < e2 and s2 < e for s, e in a for s2, e2 in b)


def _finding(
    ctx: CheckContext,
    keyword: ast.keyword,
    value: ast.Dict,
    clashing: list[str],
    where: dict[str, list[Span]],
) -> Finding:
    src = ctx.source
    items = [(k, v) for k, v in zip(value.keys, value.values, strict=True) if k is not None]
    values = {src.text(v) for k, v in items if isinstance(k, ast.Constant) and k.value in clashing}
    fixable = len(values) == 1
    shown = ", ".join(repr(w) for w in clashing)
    problem = ctx.problem(
        keyword,
        "overlapping-styles",
        f"{keyword.arg} keys {shown} overlap in the text: manim {ctx.index.version}'s Text "
        "refuses overlapping styles at run time ('Ambiguous style for text'), even of one value",
        "give the overlapping text one key, or style it by slices: "
        f"{keyword.arg}={{'[start:end]': ...}}",
        fixable=fixable,
    )
    if not fixable:
        return Finding(problem)
    shared = values.pop()
    slices = [f'"[{s}:{e}]": {shared}' for s, e in _union([s for w in clashing for s in where[w]])]
    entries: list[str] = []
    for k, v in items:
        if isinstance(k, ast.Constant) and k.value in clashing:
            entries += slices
            slices = []  # in place of the first overlapping key
        else:
            entries.append(f"{src.text(k)}: {src.text(v)}")
    edit = (src.start(value), src.end(value), "{" + ", ".join(entries) + "}")
    return Finding(problem, ReplaceText((edit,), f"overlapping {keyword.arg} keys → slices"))


def _union(found: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(found):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
