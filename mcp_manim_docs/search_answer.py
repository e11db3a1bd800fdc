"""A search answer an agent can act on in one call, within a size budget.

Results keep the DESIGN contract (`symbol`, `kind`, `signature`, `summary`); the top results also
carry a short runnable example or usage snippet. The whole answer, as the JSON text a client
reads, stays within `max_chars`: lower-ranked snippets are cut, then dropped, first; then long
signatures and summaries are shortened; results are dropped last.
"""

from __future__ import annotations

import json
from typing import Literal, get_args

from pydantic import BaseModel, Field

from mcp_manim_docs.search import SearchHit
from mcp_manim_docs.snippets import Snippet, Snippets, cut

Kind = Literal[
    "class", "method", "function", "property", "attribute", "constant", "config", "cli", "guide"
]
KINDS: tuple[str, ...] = get_args(Kind)
DEFAULT_MAX_CHARS = 6000
MIN_MAX_CHARS = 500
MAX_MAX_CHARS = 100_000
SNIPPET_RESULTS = 3  # how many of the top results carry a snippet
SNIPPET_CHARS = 1200  # the most one snippet may take before the budget is even considered
_SHORT_TEXT = 160


class SearchResult(BaseModel):
    symbol: str = Field(
        description="Qualified name, e.g. 'manim.Axes.plot' (guides: 'guide:<slug>', "
        "config options: 'manim.config.<name>', command-line flags: 'cli:--<flag>')."
    )
    kind: str = Field(
        description="class, method, function, property, attribute, constant, config, cli or guide."
    )
    signature: str = Field(description="Call signature ('' for guides and constants).")
    summary: str = Field(description="One line.")
    code: str | None = Field(
        default=None,
        description="For top results: a short runnable example or usage snippet. A cut one ends "
        "with '# …' and the example name.",
    )
    example: str | None = Field(
        default=None, description="The complete scene the code comes from: get_manim_example(name)."
    )


class SearchAnswer(BaseModel):
    query: str
    results: list[SearchResult]
    note: str | None = Field(default=None, description="Set when the query was adjusted or empty.")


def answer_size(answer: SearchAnswer) -> int:
    """Characters of the answer as clients show it (indented JSON, as both transports send)."""
    return len(json.dumps(answer.model_dump(mode="json"), ensure_ascii=False, indent=2))


def build_answer(
    query: str,
    hits: list[SearchHit],
    snippets: Snippets,
    max_chars: int = DEFAULT_MAX_CHARS,
    note: str | None = None,
) -> SearchAnswer:
    """Results with snippets for the top hits, fitted into `max_chars`."""
    results: list[SearchResult] = []
    for rank, hit in enumerate(hits):
        snippet = snippets.for_entry(hit.entry, query) if rank < SNIPPET_RESULTS else None
        snippet = cut(snippet, SNIPPET_CHARS) if snippet is not None else None
        results.append(_result(hit, snippet))
    answer = SearchAnswer(query=query, results=results, note=note)
    return fit(answer, max_chars, {i: s for i, s in enumerate(_snippets(results))})


def _result(hit: SearchHit, snippet: Snippet | None) -> SearchResult:
    entry = hit.entry
    return SearchResult(
        symbol=entry.symbol,
        kind=entry.kind,
        signature=entry.signature,
        summary=entry.summary,
        code=snippet.code if snippet else None,
        example=snippet.example if snippet else None,
    )


def _snippets(results: list[SearchResult]) -> list[Snippet | None]:
    return [Snippet(r.code, r.example) if r.code else None for r in results]


def fit(answer: SearchAnswer, max_chars: int, snippets: dict[int, Snippet | None]) -> SearchAnswer:
    """`answer` shrunk until its JSON text has at most `max_chars` characters."""
    if answer_size(answer) <= max_chars:
        return answer
    _noted(answer, "Shortened to fit max_chars: lower-ranked snippets first.")
    results = answer.results
    for i in reversed(range(len(results))):  # lower-ranked snippets give way first
        snippet = snippets.get(i)
        over = answer_size(answer) - max_chars
        if over <= 0:
            return answer
        if snippet is None:
            continue
        # JSON escapes newlines and quotes, so aim a little lower than the raw overshoot.
        shorter = cut(snippet, len(snippet.code) - over - over // 8 - 16)
        results[i].code = shorter.code if shorter else None
        results[i].example = shorter.example if shorter else None
    for r in results:  # then long texts, then whole results from the bottom
        if answer_size(answer) <= max_chars:
            return answer
        r.signature = _short(r.signature)
        r.summary = _short(r.summary)
    while answer_size(answer) > max_chars and len(results) > 1:
        results.pop()
    # A tiny budget: the echoed query and the last result's texts give way, then the result.
    answer.query = _short(answer.query, 60)
    for name in ("summary", "signature"):
        over = answer_size(answer) - max_chars
        if over <= 0 or not results:
            return answer
        text: str = getattr(results[0], name)
        setattr(results[0], name, _short(text, max(24, len(text) - over - 8)))
    if answer_size(answer) > max_chars:
        results.clear()
    return answer


def _short(text: str, limit: int = _SHORT_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _noted(answer: SearchAnswer, text: str) -> SearchAnswer:
    answer.note = f"{answer.note} {text}" if answer.note else text
    return answer
