r"""ManimGL's Tex picks that CE cannot isolate, respelled as a MathTex cut into pieces.

    eq = Tex(R"e^{\pi i} = -1")    -> eq = MathTex(R"e", R"^{", R"\pi", R" i}", R" = ", R"-1",
                                                   arg_separator="")
    eq["e"], eq[R"e^{\pi i}"]      -> eq.get_part_by_tex("e"), eq[0:4]
    eq[re.compile(r"\w\^2")]       -> VGroup(eq[0], eq[2], eq[4])     (on "A^2 + B^2 = C^2")

CE isolates one substring at a time, so picks that overlap (`e` inside `e^{\pi i}`), a string
picked where it occurs several times, and picks by regular expression have no
`substrings_to_isolate` spelling. Cut at every pick's ends instead, each piece is a part of its
own, and a pick is the run of parts it covers, found as ManimGL finds it: every non-overlapping
occurrence of the string, or every match of the expression, in the Tex string.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tools.check.findings import CheckContext, TextEdit
from tools.check.source import Source
from tools.check.tex_isolation import split_pieces

# A regular expression from the checked code runs at check time: only on a short string, and
# only one without groups or alternation and with few quantifiers, which bounds backtracking.
_MAX_REGEX_TEXT = 500
_MAX_QUANTIFIERS = 2
_ESCAPE = re.compile(r"\\.", re.DOTALL)


@dataclass(frozen=True)
class TexPick:
    """`tex["key"]`, or `tex[re.compile("key")]` when `regex`."""

    node: ast.Subscript
    key: str | None  # None: a regular expression that is not one literal
    regex: bool = False


def split_edits(
    src: Source, call: ast.Call, picks: Sequence[TexPick], named: Sequence[str]
) -> tuple[TextEdit, ...] | None:
    """Edits that cut the one-string Tex `call` at its picks and rewrite the picks; else None.

    `named` are the substrings the call already isolates or colours: each must stay whole
    inside one piece, or CE would no longer find it.
    """
    if (
        len(call.args) != 1
        or not isinstance(arg := call.args[0], ast.Constant)
        or not isinstance(text := arg.value, str)
        or any(k.arg in (None, "arg_separator") for k in call.keywords)
    ):
        return None
    found = [_spans(text, pick) for pick in picks]
    if any(not spans for spans in found):
        return None
    cut = split_pieces(text, [span for spans in found for span in spans])
    if cut is None:
        return None
    pieces, ranges = cut
    if any(sum(p.count(key) for p in pieces) != text.count(key) for key in named):
        return None
    spelled = src.text(arg)
    edits: list[TextEdit] = [
        (src.start(arg), src.end(arg), ", ".join(string_literal(spelled, p) for p in pieces))
    ]
    at = max(src.end(a) for a in [*call.args, *call.keywords])
    edits.append((at, at, ', arg_separator=""'))
    covered = iter(ranges)  # the ranges come in the order of the picks' spans
    for pick, spans in zip(picks, found, strict=True):
        own = [next(covered) for _ in spans]
        edits.append((src.start(pick.node), src.end(pick.node), _part(src, pick, own, pieces)))
    return tuple(edits)


def _part(src: Source, pick: TexPick, ranges: list[tuple[int, int]], pieces: list[str]) -> str:
    receiver = src.text(pick.node.value)
    if len(ranges) == 1 and not pick.regex:
        first, stop = ranges[0]
        key = pick.key
        if (
            stop == first + 1
            and key is not None
            and pieces[first] == key
            and pieces.count(key) == 1
        ):
            return f"{receiver}.get_part_by_tex({src.text(pick.node.slice)})"
        return f"{receiver}[{_index(first, stop)}]"
    return "VGroup(" + ", ".join(f"{receiver}[{_index(a, b)}]" for a, b in ranges) + ")"


def _index(first: int, stop: int) -> str:
    return str(first) if stop == first + 1 else f"{first}:{stop}"


def _spans(text: str, pick: TexPick) -> list[tuple[int, int]]:
    """Where ManimGL's pick falls in the Tex string; [] when it cannot be known here."""
    if pick.key is None:
        return []
    if not pick.regex:
        return [m.span() for m in re.finditer(re.escape(pick.key), text)]
    pattern = pick.key
    if (
        len(text) > _MAX_REGEX_TEXT
        or any(c in pattern for c in "()|")
        or sum(_ESCAPE.sub("", pattern).count(c) for c in "*+?{") > _MAX_QUANTIFIERS
    ):
        return []
    try:
        spans = [m.span() for m in re.finditer(pattern, text)]
    except re.error:
        return []
    return [] if any(a == b for a, b in spans) else spans


def regex_key(node: ast.expr) -> str | None:
    """The pattern of `re.compile("literal")`, with no flags; None for any other call."""
    if (
        isinstance(node, ast.Call)
        and len(node.args) == 1
        and not node.keywords
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return node.args[0].value
    return None


def string_literal(original: str, value: str) -> str:
    """`value` as a string literal, spelled like `original` (raw, quotes) where that is safe."""
    found = re.match(r"([rRuU]*)('''|\"\"\"|'|\")", original)
    if found is not None:
        prefix, quote = found.groups()
        escapes_kept = "r" in prefix.lower() or "\\" not in value
        if escapes_kept and quote not in value and "\n" not in value and not value.endswith("\\"):
            return f"{prefix}{quote}{value}{quote}"
    return repr(value)


def first_matches(
    ctx: CheckContext, picks: list[TexPick], edits: tuple[TextEdit, ...]
) -> tuple[TextEdit, ...]:
    """The edits, each pick's taking in a `[0]` after it: ManimGL's `eq["x"]` is the group of
    every match, so `eq["x"][0]` is the one match, which is what CE's rewritten pick is."""
    src = ctx.source
    firsts = {
        id(n.value): n
        for n in ctx.nodes
        if isinstance(n, ast.Subscript)
        and isinstance(n.slice, ast.Constant)
        and n.slice.value == 0
        and type(n.slice.value) is int
    }
    spans = {(src.start(p.node), src.end(p.node)): p.node for p in picks}
    widened: list[TextEdit] = []
    for start, end, text in edits:
        node = spans.get((start, end))
        first = firsts.get(id(node)) if node is not None else None
        widened.append((start, src.end(first) if first is not None else end, text))
    return tuple(widened)
