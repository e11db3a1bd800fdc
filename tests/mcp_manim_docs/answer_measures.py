"""What one search call gives an agent, for the benchmark (`make bench`): code, size, time."""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass

from mcp_manim_docs.docs_service import DocsService
from mcp_manim_docs.search import DocsSearch
from mcp_manim_docs.search_answer import DEFAULT_MAX_CHARS, answer_size
from tests.mcp_manim_docs.test_search import REAL_QUESTIONS, load_queries, recall_at


@dataclass(frozen=True)
class AnswerFigures:
    answers: int
    top_with_code: float  # share of answers whose first result carries code
    any_code: float  # share with code in any result
    within_budget: float  # share no longer than DEFAULT_MAX_CHARS
    median_chars: float
    max_chars: int
    median_ms: float
    p95_ms: float


def measure_answers(service: DocsService, queries: Sequence[str]) -> AnswerFigures:
    """Default-budget answers to `queries`: how many reach code, how big, how fast."""
    service.search(queries[0])  # the snippet table is built on first use
    sizes: list[int] = []
    times: list[float] = []
    top = anywhere = 0
    for query in queries:
        start = time.perf_counter()
        answer = service.search(query)
        times.append((time.perf_counter() - start) * 1000)
        sizes.append(answer_size(answer))
        top += bool(answer.results and answer.results[0].code)
        anywhere += any(r.code for r in answer.results)
    n = len(queries)
    return AnswerFigures(
        answers=n,
        top_with_code=top / n,
        any_code=anywhere / n,
        within_budget=sum(s <= DEFAULT_MAX_CHARS for s in sizes) / n,
        median_chars=statistics.median(sizes),
        max_chars=max(sizes),
        median_ms=statistics.median(times),
        p95_ms=statistics.quantiles(times, n=100, method="inclusive")[94],
    )


def real_question_recall(search: DocsSearch) -> tuple[float, float, list[str]]:
    """(recall@1, recall@5, misses at 5) on the real user questions."""
    questions = load_queries(REAL_QUESTIONS)
    at1, _ = recall_at(search, questions, 1)
    at5, misses = recall_at(search, questions, 5)
    return at1, at5, misses
