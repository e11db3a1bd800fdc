"""Doc snippets for a failed render, so a repair starts from the real API, not from memory."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from tools.render.result import RenderError

if TYPE_CHECKING:  # imported on first need: most turns never look anything up (35 ms)
    from mcp_manim_docs.docs_service import DocsService

MAX_SNIPPETS = 3
# Names an error message talks about: quoted identifiers, and dotted paths like Circle.__init__.
_MESSAGE_NAMES = re.compile(r"'([A-Za-z_][\w.]*)'|\b([A-Z]\w*\.\w+)\b")
# On a line of code: classes (capitalised calls) and called methods (.name().
_CODE_NAMES = re.compile(r"\b([A-Z]\w+)\s*\(|\.([a-z_]\w+)\s*\(")
_NOISE = frozenset({"self", "object", "play", "add", "wait", "construct", "Scene", "str", "int"})
_NOT_DOCS = frozenset({"timeout", "resource", "environment", "unsafe"})


class RepairDocs:
    """Looks up the docs an error points at; the index loads once, on first need."""

    def __init__(self, cache_dir: Path | None) -> None:
        self._cache_dir = cache_dir
        self._service: DocsService | None = None
        self._lock = threading.Lock()

    def _docs(self) -> DocsService:
        from mcp_manim_docs.docs_service import DocsService

        with self._lock:
            if self._service is None:
                self._service = DocsService.load(self._cache_dir)
            return self._service

    def snippets(self, error: RenderError, code: str = "") -> list[str]:
        """Up to three "symbol: signature — summary" lines about the names the error involves.

        Names come from the error message first ('Axes' has no attribute 'get_graph'), then
        from the failing line of the scene's code (the API it was calling).
        """
        if error.kind in _NOT_DOCS:
            return []
        docs = self._docs()
        seen: set[str] = set()
        lines: list[str] = []
        for query in _queries(error, code):
            for hit in docs.search(query, limit=2).results:
                if hit.symbol in seen or hit.kind == "guide":
                    continue
                seen.add(hit.symbol)
                params = hit.signature[hit.signature.find("(") :] if "(" in hit.signature else ""
                lines.append(f"{hit.symbol}{params} — {hit.summary}".strip(" —"))
                if len(lines) >= MAX_SNIPPETS:
                    return lines
        return lines


def _queries(error: RenderError, code: str) -> list[str]:
    """Manim-looking names: from the message, then those used on the failing line."""
    names: list[str] = []
    for quoted, dotted in _MESSAGE_NAMES.findall(error.message):
        name = (quoted or dotted).removesuffix(".__init__")
        if name and not _is_python_noise(name) and name not in names:
            names.append(name)
    if len(names) >= 2 and "." not in names[0]:  # 'Axes' … attribute 'get_graph' → Axes.get_graph
        names.insert(0, f"{names[0]}.{names[1]}")
    lines = code.splitlines()
    if error.line and 0 < error.line <= len(lines):
        for called_class, called_method in _CODE_NAMES.findall(lines[error.line - 1]):
            name = called_class or called_method
            if not _is_python_noise(name) and name not in names:
                names.append(name)
    return names[:5]


def _is_python_noise(name: str) -> bool:
    return name.endswith(("Error", "Exception")) or name in _NOISE or name.startswith("__")
