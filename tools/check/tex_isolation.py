r"""Whether Manim CE can isolate substrings of a TeX string, and the string that lets it.

CE's `MathTex(..., substrings_to_isolate=[...])` wraps each match in a `\special` marker inside the
one LaTeX source. That works wherever the match is a whole run of tokens; it breaks LaTeX when a
match cuts a control word (`i` inside `\pi`), or is the bare argument of a macro (`\infty` in
`^\infty`, `2` in `\frac12`), because the marker then becomes the argument. The second case is
mended by bracing the argument (`^{\infty}`, `\frac1{2}`), which LaTeX reads the same; the first,
and bare delimiters (`\left(`), cannot be.

This module is pure string work; it mirrors CE 0.22's matching (`MathTex._locate_first_match`:
the earliest match, the longest on a tie) so that the check knows what CE will isolate.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|.", re.DOTALL)
# Macros whose arguments may be bare tokens, by how many arguments they take.
_ARITY: dict[str, int] = {
    "^": 1,
    "_": 1,
    **dict.fromkeys(
        (
            r"\sqrt", r"\vec", r"\hat", r"\bar", r"\tilde", r"\dot", r"\ddot", r"\check",
            r"\breve", r"\acute", r"\grave", r"\widehat", r"\widetilde", r"\overline",
            r"\underline", r"\overbrace", r"\underbrace", r"\overrightarrow", r"\overleftarrow",
            r"\mathbf", r"\mathrm", r"\mathit", r"\mathcal", r"\mathbb", r"\mathfrak", r"\mathsf",
            r"\mathtt", r"\boldsymbol", r"\text", r"\textbf", r"\textit", r"\textrm", r"\mbox",
            r"\operatorname", r"\boxed", r"\pmod", r"\color",
        ),
        1,
    ),
    **dict.fromkeys(
        (
            r"\frac", r"\dfrac", r"\tfrac", r"\cfrac", r"\binom", r"\dbinom", r"\tbinom",
            r"\overset", r"\underset", r"\stackrel", r"\textcolor",
        ),
        2,
    ),
}  # fmt: skip
# Macros whose argument is a delimiter or a relation: bracing it changes or breaks the output.
_FROZEN = frozenset(
    {
        *(
            rf"\{size}{side}"
            for size in ("big", "Big", "bigg", "Bigg")
            for side in ("", "l", "r", "m")
        ),
        r"\left",
        r"\right",
        r"\middle",
        r"\not",
    }
)


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _BareArgument:
    """A token that is a macro's argument without braces around it."""

    macro: int  # the macro's token index
    frozen: bool  # bracing it would change the output


def isolated_matches(tex: str, keys: Sequence[str]) -> list[tuple[int, int, str]]:
    """The (start, end, key) spans CE isolates in one tex string, as CE 0.22 finds them."""
    spans: list[tuple[int, int, str]] = []
    at = 0
    while at < len(tex):
        best: tuple[int, int, str] | None = None
        for key in keys:
            if not key:
                continue
            found = tex.find(key, at)
            if found < 0:
                continue
            if best is None or found < best[0] or (found == best[0] and len(key) > len(best[2])):
                best = (found, found + len(key), key)
        if best is None:
            break
        spans.append(best)
        at = best[1]
    return spans


def isolable(tex: str, keys: Sequence[str], picked: Sequence[str]) -> str | None:
    """`tex` respelled so CE isolates each picked key exactly where it occurs, once; else None.

    `keys` are all the substrings CE will isolate (the picked ones, plus those the call already
    names); each picked key must occur once in `tex` and come out isolated there.
    """
    if "{{" in tex:  # CE splits `{{ ... }}` into parts of its own
        return None
    spans = isolated_matches(tex, keys)
    for key in picked:
        if tex.count(key) != 1 or [s for s in spans if s[2] == key] == []:
            return None
    tokens = [_Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(tex)]
    bare = _bare_arguments(tokens)
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}
    braces: list[int] = []  # offsets of single-token spans to brace
    for start, end, key in spans:
        if start not in starts or end not in ends or not _balanced(key):
            return None  # it cuts a control word, or a group
        first, last = starts[start], ends[end]
        for i in range(first, last + 1):
            if _args_end(tokens, i) > last:
                return None  # a macro whose arguments run past the span
            argument = bare.get(i)
            if argument is None or first <= argument.macro:
                continue
            if argument.frozen or i != first or last != first:
                return None
            braces.append(first)
    spelled = tex
    for i in sorted(braces, reverse=True):
        token = tokens[i]
        spelled = f"{spelled[: token.start]}{{{token.text}}}{spelled[token.end :]}"
    if "{{" in spelled:
        return None
    respans = isolated_matches(spelled, keys)
    if [s[2] for s in respans] != [s[2] for s in spans]:
        return None
    return spelled


def split_pieces(
    tex: str, spans: Sequence[tuple[int, int]]
) -> tuple[list[str], list[tuple[int, int]]] | None:
    """`tex` cut at both ends of every span, for `MathTex(*pieces, arg_separator="")`.

    CE marks each piece with `\\special`s, which LaTeX typesets as nothing, so any run of tokens
    may be a piece, braces unbalanced or not, except that a cut must not fall inside a control
    word or between a macro and an argument: a bare argument is braced so the cut moves inside
    it (`x^2` -> `x^{` `2` `}`), and a delimiter argument (`\\left(`) cannot be cut at all.
    Returns the pieces and, per span, the (first, stop) indexes of the pieces it covers; None
    where no cut keeps what LaTeX reads.
    """
    if "{{" in tex:  # CE splits `{{ ... }}` into parts of its own
        return None
    tokens = [_Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(tex)]
    if any(t.text == "%" for t in tokens):  # a comment would swallow the markers after it
        return None
    starts = {t.start: i for i, t in enumerate(tokens)}
    argument_starts = _argument_starts(tokens)
    braced: set[int] = set()  # bare arguments to brace
    inside: set[int] = set()  # cuts that move just past an argument's opening brace
    for start, end in spans:
        if start >= end or start not in starts or (end < len(tex) and end not in starts):
            return None  # empty, or it cuts a control word
        last = starts[end] - 1 if end < len(tex) else len(tokens) - 1
        if any(_args_end(tokens, i) > last for i in range(starts[start], last + 1)):
            return None  # a macro whose arguments run past the span
        for at in (start, end):
            i = starts.get(at)
            if i is None or i not in argument_starts:
                continue
            if argument_starts[i]:
                return None  # a delimiter or relation argument
            inside.add(at)
            if tokens[i].text != "{":
                braced.add(i)
    spelled = tex
    for i in sorted(braced, reverse=True):
        token = tokens[i]
        spelled = f"{spelled[: token.start]}{{{token.text}}}{spelled[token.end :]}"

    def respelled(at: int) -> int:
        before = sum(2 for i in braced if tokens[i].end <= at)
        return at + before + (at in inside)

    cuts = {at: respelled(at) for span in spans for at in span}
    bounds = sorted({0, len(spelled), *cuts.values()})
    pieces = [spelled[a:b] for a, b in itertools.pairwise(bounds)]
    if "{{" in spelled or "" in pieces:
        return None
    index = {at: k for k, at in enumerate(bounds)}
    return pieces, [(index[cuts[start]], index[cuts[end]]) for start, end in spans]


def _argument_starts(tokens: list[_Token]) -> dict[int, bool]:
    """Token index -> whether a cut before it is never right (inside a delimiter macro, or
    between a macro and an argument, as at a space or `[`); False: it starts an argument that a
    cut can move inside."""
    found: dict[int, bool] = {}
    for i, token in enumerate(tokens):
        gap = i + 1
        for first, last in _arguments(tokens, i):
            for k in range(gap, min(first, len(tokens))):
                found[k] = True
            if first < len(tokens):
                found[first] = found.get(first, False) or token.text in _FROZEN
            gap = last + 1
    return found


def _balanced(text: str) -> bool:
    depth = 0
    for token in _TOKEN.findall(text):
        depth += {"{": 1, "}": -1}.get(token, 0)
        if depth < 0:
            return False
    return depth == 0


def _bare_arguments(tokens: list[_Token]) -> dict[int, _BareArgument]:
    """Token index -> the macro it is a bare argument of."""
    bare: dict[int, _BareArgument] = {}
    for i, token in enumerate(tokens):
        for first, last in _arguments(tokens, i):
            if first == last < len(tokens) and tokens[first].text != "{":
                bare[first] = _BareArgument(i, token.text in _FROZEN)
    return bare


def _args_end(tokens: list[_Token], i: int) -> int:
    """The last token index of macro i's arguments (i itself when it takes none)."""
    arguments = _arguments(tokens, i)
    return arguments[-1][1] if arguments else i


def _arguments(tokens: list[_Token], i: int) -> list[tuple[int, int]]:
    """(first, last) token indexes of each argument macro i takes; one past the end if missing."""
    arity = 1 if tokens[i].text in _FROZEN else _ARITY.get(tokens[i].text, 0)
    if not arity:
        return []
    j = _skip_optional(tokens, _skip_spaces(tokens, i + 1))
    found: list[tuple[int, int]] = []
    for _ in range(arity):
        j = _skip_spaces(tokens, j)
        if j >= len(tokens):
            return [*found, (len(tokens), len(tokens))]  # never isolable: runs past the end
        last = _group_end(tokens, j) if tokens[j].text == "{" else j
        found.append((j, last))
        j = last + 1
    return found


def _skip_spaces(tokens: list[_Token], j: int) -> int:
    while j < len(tokens) and tokens[j].text.isspace():
        j += 1
    return j


def _skip_optional(tokens: list[_Token], j: int) -> int:
    """Past `[...]` (as in `\\sqrt[3]{x}`), when one starts at j."""
    if j < len(tokens) and tokens[j].text == "[":
        while j < len(tokens) and tokens[j].text != "]":
            j += 1
        return j + 1
    return j


def _group_end(tokens: list[_Token], j: int) -> int:
    """The index of the `}` closing the group opened at j (the last token when unclosed)."""
    depth = 0
    for k in range(j, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[k].text, 0)
        if depth == 0:
            return k
    return len(tokens) - 1
