"""Find and fetch the runnable example scenes of the docs index."""

from __future__ import annotations

import re

from mcp_manim_docs.doc_model import DocsIndex, Example

FILLER = "a an and are as at be by do for from how i in into is it make me of on or show the to use"
STOPWORDS = frozenset(f"{FILLER} using with example examples scene scenes manim".split(" "))
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+")


def query_words(query: str) -> list[str]:
    """Lowercase search words: CamelCase and snake_case split too, minus filler words."""
    words: list[str] = []
    for token in WORD.findall(query):
        words.append(token.lower())
        parts = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", token.replace("_", " "))
        words.extend(p.lower() for p in parts if len(parts) > 1)
    return [w for w in dict.fromkeys(words) if w not in STOPWORDS and len(w) > 1]


def _score(example: Example, words: list[str]) -> tuple[int, int]:
    """(words matched, weighted hits): a word in the name counts most, then source and
    referenced classes, then the code."""
    name = example.name.lower()
    source = " ".join([example.source, *example.options.values()]).lower()
    summary = example.summary.lower()
    code = example.code.lower()
    documented = example.source.rsplit(".", 1)[-1].lower()
    matched = weight = 0
    for word in words:
        hit = 4 * (word in name) + 2 * (word in source) + 4 * (word == documented)
        hit += (word in summary) + min(code.count(word), 3)
        matched += hit > 0
        weight += hit
    return matched, weight


def list_examples(index: DocsIndex, query: str, limit: int = 10) -> list[Example]:
    """Examples whose name, source symbol, summary or code match the query's words, best
    first; an empty query lists the first `limit` examples."""
    if limit <= 0:
        return []
    words = query_words(query)
    examples = list(index.examples.values())
    if not words:
        return examples[:limit]
    scored = [(_score(e, words), i, e) for i, e in enumerate(examples)]
    hits = [(s, i, e) for s, i, e in scored if s[0] > 0]
    hits.sort(key=lambda h: (-h[0][0], -h[0][1], h[1]))
    return [e for _, _, e in hits[:limit]]


def get_example(index: DocsIndex, name: str) -> Example | None:
    """The example called `name` (case-insensitive; stray quotes, `.py` or `()` tolerated)."""
    key = name.strip().strip("`'\"").removesuffix(".py").removesuffix("()").strip()
    if key in index.examples:
        return index.examples[key]
    folded = key.lower()
    return next((e for n, e in index.examples.items() if n.lower() == folded), None)
