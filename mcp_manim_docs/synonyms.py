"""How people ask for things versus what manim calls them.

Each rule maps everyday phrasings ("zoom in", "leave a trail") to manim's vocabulary: extra
search words and the symbols that do the job. Rules match on stemmed words in any order within
a short window, so "number that changes" and "change the number" both fire. Old ManimGL names
come from `gl_migrations`, so "ShowCreation" finds `Create` without a second table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from mcp_manim_docs.search_text import STOPWORDS, normalize_query, stem, words
from mcp_manim_docs.synonym_table import TABLE
from tools.check import gl_migrations


@dataclass(frozen=True)
class Rule:
    triggers: tuple[tuple[str, ...], ...]  # stemmed phrases; any one fires the rule
    terms: tuple[str, ...]  # stemmed words to add to the query
    symbols: tuple[str, ...]  # short names, most relevant first


@dataclass(frozen=True)
class Expansion:
    terms: dict[str, float]  # added term -> weight (the query's own words are not included)
    symbols: dict[str, float]  # short name -> strength in (0, 1]


_WINDOW_SLACK = 4  # extra query words allowed between a phrase's words


def phrase_stems(text: str) -> tuple[str, ...]:
    """Stemmed words in order, stopwords kept (they matter inside phrases like "left of")."""
    return tuple(stem(w) for w in words(normalize_query(text)))


@cache
def rules() -> tuple[Rule, ...]:
    """The synonym table plus ManimGL names, with triggers stemmed as queries are."""
    built = [
        Rule(
            triggers=tuple(t for p in said.split("|") if (t := phrase_stems(p))),
            terms=tuple(t for t in phrase_stems(meant) if t not in STOPWORDS),
            symbols=tuple(symbols.split()),
        )
        for said, meant, symbols in TABLE
    ]
    for old, new in _gl_renames():
        built.append(Rule(triggers=((old.lower(),),), terms=(), symbols=(new,)))
    return tuple(built)


def old_names() -> list[tuple[str, str]]:
    """(ManimGL or removed name, its Manim CE replacement) pairs, e.g. ("TextMobject", "Tex")."""
    return _gl_renames()


def _gl_renames() -> list[tuple[str, str]]:
    pairs = [(m.old, m.new) for m in gl_migrations.NAMES.values()]
    pairs += [(m.old, m.new) for m in gl_migrations.METHODS.values() if not m.to_attribute]
    return [(old, new) for old, new in pairs if new.isidentifier()]


@cache
def _by_first_word() -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    index: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for r, rule in enumerate(rules()):
        for trigger in rule.triggers:
            index.setdefault(trigger[0], []).append((r, trigger))
    return index


def expand(
    query_stems: list[str],
    query_words: list[str],
    rarity: Callable[[str], float] = lambda _: 1.0,
) -> Expansion:
    """Words and symbols the query means, from the rules its words trigger.

    `query_stems` are the query's `phrase_stems`; `query_words` its raw lowercase words, which
    ManimGL names are matched against. A phrase that covers more of the query counts more, so
    "graph a function" prefers plotting over network graphs.
    """
    positions: dict[str, list[float]] = {}
    at = 0.0
    for s in query_stems:
        # Stopwords barely count towards distance: "line from a graph to the x axis" is close.
        at += 0.25 if s in STOPWORDS else 1.0
        positions.setdefault(s, []).append(at)
    index = _by_first_word()
    best: dict[int, float] = {}  # rule -> strength of its best matching trigger
    for word in {*positions, *query_words}:
        for r, trigger in index.get(word, ()):
            if len(trigger) == 1 or _matches(trigger, positions):
                content = [t for t in trigger if t not in STOPWORDS] or list(trigger)
                # Longer phrases are surer; common words ("fade", "circle") less telling.
                mean_rarity = sum(rarity(t) for t in content) / len(content)
                strength = min(1.0, 0.6 + 0.2 * len(content)) * (0.7 + 0.6 * mean_rarity)
                best[r] = max(best.get(r, 0.0), strength)
    terms: dict[str, float] = {}
    symbols: dict[str, float] = {}
    all_rules = rules()
    for r in sorted(best):
        rule = all_rules[r]
        strength = best[r]
        for t in rule.terms:
            terms[t] = max(terms.get(t, 0.0), 0.5 * strength)
        for rank, symbol in enumerate(rule.symbols):
            weight = strength * (1.0 - 0.12 * rank)
            symbols[symbol] = max(symbols.get(symbol, 0.0), weight)
    return Expansion(terms=terms, symbols=symbols)


def _matches(trigger: tuple[str, ...], positions: dict[str, list[float]]) -> bool:
    needed = Counter(trigger)
    if any(len(positions.get(t, ())) < n for t, n in needed.items()):
        return False
    # Some occurrence of every word within a short window of an occurrence of the first.
    span = len(trigger) + _WINDOW_SLACK
    return any(
        all(any(abs(p - start) < span for p in positions[t]) for t in trigger[1:])
        for start in positions[trigger[0]]
    )
