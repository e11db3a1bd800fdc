"""Turning queries and documentation into comparable search terms.

Both sides go through the same functions, so a light, predictable stemmer is enough: "moving",
"moves" and "move" all become "mov"; "animation", "animated" and "animate" become "animat".
Identifiers are split at camelCase and snake_case boundaries ("TransformMatchingTex" →
transform, matching, tex) and also kept whole ("mathtex"), so either spelling finds them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# Words that say nothing about which API is meant. "create", "show" and "display" are how people
# start a request, not references to `Create` or `Mobject.show`; a name typed alone still finds
# those. "get", "set" and "add" stay: many method names start with them and IDF keeps them quiet.
_STOPWORD_TEXT = """a an the to of in on at for with and or is are be been being it its this that these those
how do does did i me my we our you your can could would should will want wants need needs
like using use used via by from as so then there what which when where who why way ways some
any each one make makes making let lets please manim python example simple something
thing things very just also into onto over create show display put"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

# Words the suffix rules would mangle or merge with a different meaning.
_IRREGULAR = {
    "axes": "axis",
    "vertices": "vertex",
    "matrices": "matrix",
    "indices": "index",
    "radii": "radius",
    "children": "child",
    "colour": "color",
    "colours": "color",
    "centre": "center",
    "grey": "gray",
    "dotted": "dotted",  # not "dot": a dotted line is not a Dot
    "labelled": "label",
    "labelling": "label",
}
_KEEP_S = ("ss", "us", "is", "ys")
_IDENT_PART = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?")
_DIMENSION = re.compile(r"\b([23])\s*-?\s*d\b", re.I)
_DOUBLE_END = re.compile(r"([b-df-hj-kmnp-tv-z])\1$")  # "spinn" -> "spin"; not "fill" (l)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, deterministic stem of one lowercase word."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    w = word
    if len(w) <= 3 or not w.isalpha():
        return w
    for _ in range(2):  # "positioning" -> "position" -> "posit"
        before = w
        if w.endswith("ies") and len(w) > 4:
            w = w[:-3] + "y"
        elif w.endswith(("sses", "xes", "ches", "shes", "zes")):
            w = w[:-2]
        elif w.endswith("s") and not w.endswith(_KEEP_S):
            w = w[:-1]
        elif w.endswith("ing") and len(w) > 5:
            w = _undouble(w[:-3])
        elif w.endswith("ed") and len(w) > 4 and not w.endswith("eed"):
            w = _undouble(w[:-2])
        elif w.endswith("ly") and len(w) > 5:
            w = w[:-2]
        elif w.endswith("tion") and len(w) > 6:
            w = w[:-3]
        if w == before:
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


def _undouble(w: str) -> str:
    return w[:-1] if _DOUBLE_END.search(w) else w


def split_identifier(name: str) -> list[str]:
    """'TransformMatchingTex' -> ['transform', 'matching', 'tex']; 'ThreeDAxes' -> ['threed', 'axes'].

    A lone letter joins the word before it ("ThreeD", "DiGraph" stays two words); digits and
    remaining lone letters are dropped, since only the whole identifier ("c2p") is meaningful.
    """
    out: list[str] = []
    for chunk in name.split("_"):
        for p in _IDENT_PART.findall(chunk):
            p = p.lower()
            if len(p) == 1 and p.isalpha() and out:
                out[-1] += p
            elif len(p) > 1 and not p.isdigit():
                out.append(p)
    return out


def normalize_query(text: str) -> str:
    """Spellings people use for dimensions ("3D", "3-d") as manim's names spell them."""
    return _DIMENSION.sub(lambda m: "ThreeD " if m.group(1) == "3" else "TwoD ", text)


def words(text: str) -> list[str]:
    """The raw words of a text (identifiers kept whole, lowercase)."""
    return [w.lower() for w in _WORD.findall(text)]


def terms(text: str) -> list[str]:
    """Search terms of prose or code: identifiers split and kept whole, stemmed, no stopwords."""
    out: list[str] = []
    for raw in _WORD.findall(text):
        out.extend(_word_terms(raw))
    return out


@lru_cache(maxsize=65536)
def _word_terms(raw: str) -> tuple[str, ...]:
    parts = split_identifier(raw)
    whole = raw.lower().replace("_", "")
    found: list[str] = []
    if (len(parts) != 1 or parts[0] != whole) and whole not in STOPWORDS and len(whole) > 1:
        found.append(whole)
    found.extend(stem(p) for p in parts if p not in STOPWORDS)
    return tuple(found)


def name_terms(name: str) -> list[str]:
    """Terms of a symbol's own name: the whole name (lowercase, no underscores) and its parts.

    Stopwords are kept here ("arrange_in_grid" has an "in" that the query side drops anyway).
    """
    parts = split_identifier(name)
    whole = name.lower().replace("_", "")
    found = [whole] if len(parts) != 1 or parts[0] != whole else []
    return found + [stem(p) for p in parts]


class DeletionIndex:
    """Terms within one deletion of each other, for typos like 'tranform' or 'valuetraker'."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._by_variant: dict[str, set[str]] = {}
        for term in vocabulary:
            for variant in _deletions(term):
                self._by_variant.setdefault(variant, set()).add(term)

    def near(self, term: str) -> list[str]:
        """Up to three known terms one insertion, deletion or substitution away."""
        if len(term) < 5 or not term.isalpha():
            return []
        found: set[str] = set()
        for variant in _deletions(term):
            found |= self._by_variant.get(variant, set())
        return sorted(found - {term})[:3]


def _deletions(term: str) -> set[str]:
    return {term} | {term[:k] + term[k + 1 :] for k in range(len(term))}
