"""In-process search latency, for the benchmark (`make bench`); tests assert no timings."""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from typing import Protocol


class Searcher(Protocol):
    def search(self, query: str, limit: int = 5) -> Sequence[object]: ...


def measure_search_latency(
    search: Searcher, queries: Sequence[str], *, rounds: int = 5
) -> tuple[float, float]:
    """(p50, p95) milliseconds per `search.search(query)` over `rounds` passes of `queries`.

    One untimed pass first, so caches filled on first use do not count against every query.
    """
    if not queries:
        raise ValueError("no queries to time")
    for query in queries:
        search.search(query)
    times: list[float] = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            search.search(query)
            times.append((time.perf_counter() - start) * 1000)
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return statistics.median(times), cuts[94]
