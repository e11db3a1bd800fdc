"""Doc snippets for a failed render, so a repair starts from the real API, not from memory."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from mcp_manim_docs.docs_service import DocsService
from tools.render_result import RenderError

MAX_SNIPPETS = 3
# Names the error talks about: quoted identifiers and dotted attribute paths.
_NAMES = re.compile(r"'([A-Za-z_][\w.]*)'|\b([A-Z]\w+(?:\.\w+)?)\b")
_NOT_DOCS = frozenset({"timeout", "resource", "environment", "unsafe"})


class RepairDocs:
    """Looks up the docs an error points at; the index loads once, on first need."""

    def __init__(self, cache_dir: Path | None) -> None:
        self._cache_dir = cache_dir
        self._service: DocsService | None = None
        self._lock = threading.Lock()

    def _docs(self) -> DocsService:
        with self._lock:
            if self._service is None:
                self._service = DocsService.load(self._cache_dir)
            return self._service

    def snippets(self, error: RenderError) -> list[str]:
        """Up to three "symbol(signature) — summary" lines relevant to the error."""
        if error.kind in _NOT_DOCS:
            return []
        docs = self._docs()
        seen: set[str] = set()
        lines: list[str] = []
        queries = [*_names(error), error.message]
        for query in queries:
            for hit in docs.search(query, limit=2).results:
                if hit.symbol in seen:
                    continue
                seen.add(hit.symbol)
                lines.append(f"{hit.symbol}{hit.signature or ''} — {hit.summary}".strip())
                if len(lines) >= MAX_SNIPPETS:
                    return lines
        return lines


def _names(error: RenderError) -> list[str]:
    text = f"{error.message} {error.hint or ''}"
    names: list[str] = []
    for quoted, capital in _NAMES.findall(text):
        name = quoted or capital
        if name not in names and name not in {"Scene", "Check", "Not", "The", "Use"}:
            names.append(name)
    return names[:3]
