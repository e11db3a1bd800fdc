"""What the search engine knows about each entry: its weighted fields, popularity and symbol names.

Kept apart from the ranking so both stay small. Everything here is computed once per index.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from mcp_manim_docs.doc_model import DocEntry, DocsIndex
from mcp_manim_docs.search_text import name_terms, terms

# BM25F field weights and length-normalisation strengths: a word in the name says far more than
# the same word in a code example.
FIELDS: dict[str, tuple[float, float]] = {
    "name": (8.0, 0.5),
    "owner": (1.5, 0.3),
    "summary": (3.0, 0.6),
    "params": (1.2, 0.5),
    "body": (0.6, 0.75),
}
_MAX_BODY_TF = 3  # code repeats identifiers; a few mentions are as telling as many
_IDENTIFIER = re.compile(r"\.?\b[A-Za-z_]\w*")


_WHOLE_NAMES = frozenset({"guide", "cli"})  # their symbol is their name: no owner, no dots


def member_name(entry: DocEntry) -> str:
    """'plot' for 'manim.CoordinateSystem.plot', 'frame_rate' for a config option, 'guide:timing'
    for a guide, 'cli:--fps' for a flag."""
    return entry.symbol if entry.kind in _WHOLE_NAMES else entry.short_name.rsplit(".", 1)[-1]


def owner_name(entry: DocEntry) -> str | None:
    parts = entry.short_name.split(".")
    return parts[0] if len(parts) > 1 and entry.kind not in _WHOLE_NAMES else None


def flag_terms(entry: DocEntry) -> list[str]:
    """A flag's names as search terms: '--frame_rate', '--fps', '-ql' -> framerate, fps, ql ..."""
    names = [entry.symbol.removeprefix("cli:"), *entry.aliases]
    return [t for n in names for t in name_terms(n.lstrip("-").replace("-", "_")) if len(t) > 1]


def entry_fields(entry: DocEntry, index: DocsIndex) -> dict[str, list[str]]:
    """The entry's search terms per field."""
    if entry.kind == "guide":
        title, _, rest = entry.summary.partition(": ")
        return {
            "name": terms(title),
            "owner": [],
            "summary": terms(rest),
            "params": [t for s in entry.see_also for t in name_terms(s.rsplit(".", 1)[-1])],
            "body": _capped(terms(entry.body)),
        }
    if entry.kind == "cli":
        return {
            "name": flag_terms(entry),
            "owner": [],
            "summary": terms(entry.summary),
            "params": [],
            "body": _capped(terms(entry.description)),
        }
    owner = owner_name(entry)
    body_parts = [entry.description, entry.returns, " ".join(entry.see_also)]
    body_parts += [index.examples[n].code for n in entry.examples if n in index.examples]
    params: list[str] = []
    for p in entry.params:
        params += name_terms(p.name.lstrip("*"))
        params += terms(p.description)
    return {
        "name": name_terms(member_name(entry)),
        "owner": name_terms(owner) if owner else [],
        "summary": terms(entry.summary),
        "params": params,
        "body": _capped(terms("\n".join(body_parts))),
    }


def _capped(found: list[str]) -> list[str]:
    counts = Counter(found)
    return [t for t, n in counts.items() for _ in range(min(n, _MAX_BODY_TF))]


def popularity(index: DocsIndex, entries: list[DocEntry]) -> list[float]:
    """How much each entry is used in examples and guides, scaled to [0, 1].

    Classes and functions count their name's uses; a method counts `.name` uses, shared among
    the classes defining it by how much each class's family (it and its subclasses) is used,
    so `Mobject.to_corner` wins over the OpenGL twin nobody writes.
    """
    uses: Counter[str] = Counter()
    for text in _corpus(index):
        uses.update(_IDENTIFIER.findall(text))
    for example in index.examples.values():
        for key in ("ref_classes", "ref_functions", "ref_methods"):
            for ref in example.options.get(key, "").split():
                uses[ref.rsplit(".", 1)[-1]] += 3
                uses["." + ref.rsplit(".", 1)[-1]] += 3 if key == "ref_methods" else 0
    for entry in entries:
        if entry.kind == "guide":
            for symbol in entry.see_also:
                uses[symbol.rsplit(".", 1)[-1]] += 2
    family = _family_uses(entries, uses)
    owners_of: dict[str, list[str]] = {}
    for entry in entries:
        owner = owner_name(entry)
        if owner:
            owners_of.setdefault(member_name(entry), []).append(owner)
    raw: list[float] = []
    for entry in entries:
        name = member_name(entry)
        owner = owner_name(entry)
        if entry.kind in _WHOLE_NAMES:
            raw.append(0.0)
        elif owner is None:
            raw.append(float(uses[name]))
        else:
            total = sum(family.get(o, 0) + 1 for o in owners_of[name])
            share = (family.get(owner, 0) + 1) / total
            raw.append((uses["." + name] + uses[name] * 0.2) * share)
    top = math.log1p(max(raw, default=0.0)) or 1.0
    return [math.log1p(r) / top for r in raw]


def _corpus(index: DocsIndex) -> Iterable[str]:
    for example in index.examples.values():
        if not example.source.startswith("guide:"):
            yield example.code
    for entry in index.entries:
        if entry.kind == "guide":
            yield entry.body


def _family_uses(entries: list[DocEntry], uses: Counter[str]) -> dict[str, int]:
    family: Counter[str] = Counter()
    for entry in entries:
        if entry.kind == "class":
            n = uses[entry.short_name]
            for cls in (entry.short_name, *entry.bases):
                family[cls] += n
    return dict(family)
