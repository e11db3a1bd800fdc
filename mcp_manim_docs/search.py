"""Ranked search over manim's documentation and our guides, for questions asked in plain words.

BM25F over each entry's name, owner class, summary, parameters and body (description, examples,
guide text), then nudges on the same 0..1 scale as the normalised text score: exact and prefix
name matches, symbols the synonym table says the words mean, how commonly a symbol is used in
examples and guides (OpenGL twins and deprecated names pay), and a lift for the symbols a
matching guide lists. Built once per index; a search touches only its terms' posting lists.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from dataclasses import dataclass

from mcp_manim_docs.doc_model import DocEntry, DocsIndex
from mcp_manim_docs.search_fields import FIELDS, entry_fields, member_name, popularity
from mcp_manim_docs.search_text import (
    STOPWORDS,
    DeletionIndex,
    name_terms,
    normalize_query,
    stem,
    terms,
    words,
)
from mcp_manim_docs.synonyms import expand, old_names, phrase_stems

MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 40
_K1 = 1.2
_COVERAGE = 0.5
_EXPANSION_WEIGHT = 0.6  # a synonym's words count less than the user's own
_FUZZY_WEIGHT = 0.7
# Nudges, relative to the best text score (1.0).
_EXACT_NAME = 10.0  # the query is a symbol's name: that symbol comes first
_MEMBER_NAME = 3.0  # the query is a member's bare name ("plot")
_PREFIX_NAME = 1.0
_NAMED_IN_QUERY = 0.9  # the query mentions a name among other words ("use ValueTracker to ...")
_PLAIN_WORD = 0.0  # ... written as an ordinary word ("square"): context, not a request for it
_SYNONYM = 0.8
_POPULARITY = 0.3
_GUIDE_LIFT = 0.3
_OBSCURE = 0.25  # OpenGL twins and deprecated names: real, but rarely what is meant
_IDENTIFIER_QUERY = re.compile(r"[A-Za-z_][\w.]*")
_CAPITALIZED = re.compile(r"\b[A-Z]\w*")


@dataclass(frozen=True)
class SearchHit:
    entry: DocEntry
    score: float


class DocsSearch:
    """Search over one `DocsIndex`; build once, query many times (deterministic, thread-safe)."""

    def __init__(self, index: DocsIndex) -> None:
        self.entries: list[DocEntry] = list(index.entries)
        n = len(self.entries)
        self._by_short = {e.short_name: i for i, e in enumerate(self.entries)}
        self._by_lower: dict[str, int] = {}
        self._by_member: dict[str, list[int]] = {}
        for i, e in enumerate(self.entries):
            self._by_lower.setdefault(e.short_name.lower(), i)
            self._by_member.setdefault(_key(member_name(e)), []).append(i)
            for alias in e.aliases:  # a flag's other spellings: "--fps", "-ql"
                self._by_short.setdefault(alias, i)
                self._by_lower.setdefault(alias.lower(), i)
        self._pop = popularity(index, self.entries)
        self._obscure = [
            ".opengl" in e.module or e.summary.startswith("(Deprecated)") for e in self.entries
        ]
        by_symbol = sorted(range(n), key=lambda i: self.entries[i].symbol)
        self._symbol_order = [0] * n
        for rank, i in enumerate(by_symbol):
            self._symbol_order[i] = rank
        self._constant = [e.kind == "constant" for e in self.entries]
        per_doc = [entry_fields(e, index) for e in self.entries]
        self._postings = _build_postings(per_doc)
        self._log_n = math.log1p(n) or 1.0
        self._best = {t: max(p.values()) for t, p in self._postings.items()}
        self._guides = [i for i, e in enumerate(self.entries) if e.kind == "guide"]
        # ManimGL / removed names typed as code mean their replacement as much as its own name.
        self._renamed = {
            old.lower(): r
            for old, new in old_names()
            if (r := self._resolve_index(new)) is not None
        }
        self._guide_symbols = {
            i: [r for s in self.entries[i].see_also if (r := self._resolve_index(s)) is not None]
            for i in self._guides
        }
        # Typos matter most in names ("Tranform"), and a names-only vocabulary keeps this small.
        self._fuzzy = DeletionIndex({t for d in per_doc for t in d["name"] if t.isalpha()})
        # Members by popularity, so a bare name resolves to its most used owner.
        for ids in self._by_member.values():
            ids.sort(key=lambda i: (self._obscure[i], -self._pop[i], self.entries[i].symbol))

    def _rarity(self, term: str) -> float:
        """1.0 for a word no entry uses, falling towards 0 for one most entries use."""
        docs = self._postings.get(term)
        return 1.0 if docs is None else 1.0 - math.log1p(len(docs)) / self._log_n

    def resolve(self, name: str) -> DocEntry | None:
        """The entry a written name means: 'Axes.plot' finds the inherited `CoordinateSystem.plot`."""
        found = self._resolve_index(name)
        return None if found is None else self.entries[found]

    def _resolve_index(self, name: str) -> int | None:
        short = name.strip().removeprefix("manim.")
        if short in self._by_short:
            return self._by_short[short]
        if short.lower() in self._by_lower:
            return self._by_lower[short.lower()]
        owner, _, member = short.rpartition(".")
        if owner:
            cls = self._by_short.get(owner)
            lineage = [owner, *(self.entries[cls].bases if cls is not None else ())]
            for base in lineage:
                if (hit := self._by_short.get(f"{base}.{member}")) is not None:
                    return hit
            return None
        members = self._by_member.get(_key(short))
        return members[0] if members else None

    def search(self, query: str, limit: int = 5, kind: str | None = None) -> list[SearchHit]:
        """The best `limit` entries for a question or a name; at most one guide among them
        unless guides are asked for. `kind` keeps only entries of that kind ("class", "cli", ...)."""
        text = _truncate(" ".join(query.split()))
        if not text:
            raise ValueError(
                "empty query: describe what to animate or name a symbol, e.g. 'Axes.plot'"
            )
        if limit <= 0:
            return []
        raw_words = words(normalize_query(text))[:MAX_QUERY_WORDS]
        expansion = expand(list(phrase_stems(" ".join(raw_words))), raw_words, self._rarity)
        scores, ideal = self._text_scores(text, raw_words, expansion.terms)
        # Against what a document matching every word would score, so a document matching one
        # word of several ("square" in "make a square turn into a circle") is not a full 1.0.
        top = max(max(scores.values(), default=0.0), _COVERAGE * ideal) or 1.0
        final = {i: s / top for i, s in scores.items()}
        self._name_nudges(text, raw_words, final)
        for symbol, strength in expansion.symbols.items():
            if (i := self._resolve_index(symbol)) is not None:
                final[i] = final.get(i, 0.0) + _SYNONYM * strength
        sentence = not _IDENTIFIER_QUERY.fullmatch(text)
        for i in list(final):
            final[i] += _POPULARITY * self._pop[i] - (_OBSCURE if self._obscure[i] else 0.0)
            # A constant is wanted when written as one ("UL"), not for "out" in "fade out".
            if self._constant[i] and member_name(self.entries[i]) not in text:
                final[i] -= _OBSCURE
        self._lift_guide_symbols(final)
        if kind is not None:
            final = {i: v for i, v in final.items() if self.entries[i].kind == kind}
        # Ties break by symbol name, so equal scores never reorder between runs.
        order = self._symbol_order
        ranked = heapq.nsmallest(
            3 * limit + len(self._guides),
            final.items(),
            key=lambda kv: (-round(kv[1], 9), order[kv[0]]),
        )
        guides = limit if kind == "guide" else 1
        return self._pick(ranked, limit, raw_words if sentence else [], guides)

    def _pick(
        self,
        ranked: list[tuple[int, float]],
        limit: int,
        words_to_spread: list[str],
        max_guides: int = 1,
    ) -> list[SearchHit]:
        """The top `limit`, with at most `max_guides` guides and, for sentences, some variety.

        "make a dot bounce" should not return five kinds of Dot: once two classes are named
        after the same query word, more such classes wait behind everything else.
        """
        spread = sorted({w for w in words_to_spread if len(w) >= 3 and w not in STOPWORDS})
        named: Counter[str] = Counter()
        hits: list[SearchHit] = []
        waiting: list[SearchHit] = []
        guides_taken = 0
        for i, score in ranked:
            if score <= 0:
                break
            entry = self.entries[i]
            if entry.kind == "guide":
                if guides_taken >= max_guides:
                    continue
                guides_taken += 1
            hit = SearchHit(entry=entry, score=round(score, 6))
            name = _key(member_name(entry)) if entry.kind == "class" else ""
            echoed = [w for w in spread if w in name]
            if any(named[w] >= 2 for w in echoed):
                waiting.append(hit)
                continue
            named.update(echoed)
            hits.append(hit)
            if len(hits) == limit:
                return hits
        return (hits + waiting)[:limit]

    def _text_scores(
        self, text: str, raw_words: list[str], expanded: dict[str, float]
    ) -> tuple[dict[int, float], float]:
        weights: dict[str, float] = {}
        query_terms = terms(normalize_query(text))[: 2 * MAX_QUERY_WORDS]
        if not query_terms:
            # Only everyday words ("show code", "python code"): they are all we have, and a
            # name made of them (`Code`) is the likely meaning.
            query_terms = [stem(w) for w in raw_words if len(w) > 2]
        for term in query_terms:
            if term in self._postings:
                weights[term] = 1.0
            else:
                for near in self._fuzzy.near(term):
                    weights.setdefault(near, _FUZZY_WEIGHT)
        for joined in [*raw_words, *_joined_ngrams(raw_words)]:
            if joined in self._postings and joined not in STOPWORDS:
                weights[joined] = 1.0
        for word in _CAPITALIZED.findall(text):
            # "Create vs Write": a stopword typed exactly as a class name means the class.
            if word.lower() in STOPWORDS and word in self._by_short:
                weights.update(dict.fromkeys(name_terms(word), 1.0))
        for term, w in expanded.items():
            if term not in weights and term in self._postings:
                weights[term] = _EXPANSION_WEIGHT * w
        scores: dict[int, float] = {}
        ideal = 0.0
        for term, qw in weights.items():
            ideal += qw * self._best[term]
            for i, v in self._postings[term].items():
                scores[i] = scores.get(i, 0.0) + qw * v
        return scores, ideal

    def _name_nudges(self, text: str, raw_words: list[str], final: dict[int, float]) -> None:
        if (i := self._by_short.get(text.removeprefix("manim."))) is not None:
            final[i] = final.get(i, 0.0) + _EXACT_NAME  # also guides: "guide:<slug>"
            if not _IDENTIFIER_QUERY.fullmatch(text):
                return
        if _IDENTIFIER_QUERY.fullmatch(text):
            resolved = self._resolve_index(text)
            if resolved is not None and text.removeprefix("manim.") not in self._by_short:
                final[resolved] = final.get(resolved, 0.0) + _EXACT_NAME
            tail = _key(text.rsplit(".", 1)[-1])
            for rank, i in enumerate(self._by_member.get(tail, ())):
                final[i] = final.get(i, 0.0) + _MEMBER_NAME / (1 + rank)
            if len(tail) >= 3:
                for key, ids in self._by_member.items():
                    if key.startswith(tail) and key != tail:
                        i = ids[0]
                        final[i] = final.get(i, 0.0) + _PREFIX_NAME * len(tail) / len(key)
            return
        # Written as code (CamelCase, snake_case) anywhere is a stronger signal than a plain word.
        code_like = {
            w.lower() for w in re.findall(r"[A-Za-z_]\w*", text) if w != w.lower() or "_" in w
        }
        for candidate in sorted({*raw_words, *_joined_ngrams(raw_words)}):
            as_code = candidate in code_like
            if (candidate in STOPWORDS and not as_code) or len(candidate) < 3:
                continue
            ids = self._by_member.get(_key(candidate))
            if not ids and as_code and candidate in self._renamed:
                ids = [self._renamed[candidate]]
            if ids:
                boost = _NAMED_IN_QUERY * (1.0 if as_code else _PLAIN_WORD)
                final[ids[0]] = final.get(ids[0], 0.0) + boost

    def _lift_guide_symbols(self, final: dict[int, float]) -> None:
        for g in self._guides:
            score = final.get(g, 0.0)
            if score < 0.3:
                continue
            for rank, i in enumerate(self._guide_symbols[g]):
                final[i] = final.get(i, 0.0) + _GUIDE_LIFT * min(score, 1.0) / (1 + rank / 6)


def _build_postings(per_doc: list[dict[str, list[str]]]) -> dict[str, dict[int, float]]:
    """term -> {entry: BM25F contribution}, with field weights and length norms folded in."""
    n = len(per_doc)
    avg = {f: sum(len(d[f]) for d in per_doc) / max(n, 1) or 1.0 for f in FIELDS}
    tf: dict[str, dict[int, float]] = {}
    for i, fields in enumerate(per_doc):
        combined: dict[str, float] = {}
        for field, found in fields.items():
            weight, b = FIELDS[field]
            unit = weight / (1 - b + b * len(found) / avg[field])
            for term, count in Counter(found).items():
                combined[term] = combined.get(term, 0.0) + unit * count
        for term, value in combined.items():
            tf.setdefault(term, {})[i] = value
    postings: dict[str, dict[int, float]] = {}
    for term, docs in tf.items():
        idf = math.log(1 + (n - len(docs) + 0.5) / (len(docs) + 0.5))
        postings[term] = {i: idf * v / (_K1 + v) for i, v in docs.items()}
    return postings


def _truncate(text: str) -> str:
    """At most MAX_QUERY_CHARS, cut at a word boundary (a pasted essay is still a query)."""
    if len(text) <= MAX_QUERY_CHARS:
        return text
    cut = text[:MAX_QUERY_CHARS]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def _key(name: str) -> str:
    return name.lower().replace("_", "")


def _joined_ngrams(raw_words: list[str]) -> list[str]:
    """'value tracker' -> 'valuetracker', 'arrange in grid' -> 'arrangeingrid'."""
    out: list[str] = []
    for size in (2, 3):
        for k in range(len(raw_words) - size + 1):
            out.append("".join(raw_words[k : k + size]).replace("_", ""))
    return out
