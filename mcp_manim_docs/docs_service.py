"""What the docs server's tools do, as plain functions over indexes loaded once.

The MCP transports (`stdio_server.py`, `fastmcp_server.py`) only adapt these; tests call them
directly. Bad input is answered with a clear message and suggestions, never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, Field

from mcp_manim_docs.doc_model import DocsIndex
from mcp_manim_docs.docs_build import load_docs_index
from mcp_manim_docs.examples import get_example, list_examples
from mcp_manim_docs.lookup import format_entry, resolve_symbol
from mcp_manim_docs.search import DocsSearch
from mcp_manim_docs.search_answer import (
    DEFAULT_MAX_CHARS,
    KINDS,
    MAX_MAX_CHARS,
    MIN_MAX_CHARS,
    SearchAnswer,
    SearchResult,
    build_answer,
)
from mcp_manim_docs.snippets import Snippets
from tools.check import ApiIndex, CheckResult, Problem, check_code, load_api_index

MAX_QUERY_CHARS = 500
MAX_CODE_CHARS = 200_000
MAX_LIMIT = 25
QUERY_EXAMPLES = '"plot a function on axes", "Axes.plot", "make a number change smoothly"'


class ExampleSummary(BaseModel):
    name: str = Field(description="Pass to get_manim_example.")
    source: str = Field(description="The documented symbol or guide it comes from.")
    summary: str


class VersionInfo(BaseModel):
    manim_version: str
    entries: int = Field(description="Documented symbols and guides.")
    examples: int = Field(description="Runnable example scenes.")


__all__ = ["DocsService", "ExampleSummary", "SearchAnswer", "SearchResult", "VersionInfo"]


@dataclass
class DocsService:
    docs: DocsIndex
    api: ApiIndex
    search_engine: DocsSearch
    snippets: Snippets = field(init=False)

    def __post_init__(self) -> None:
        self.snippets = Snippets(self.docs)

    @classmethod
    def load(cls, cache_dir: Path | None = None) -> DocsService:
        docs = load_docs_index(cache_dir)
        return cls(docs, load_api_index(cache_dir), DocsSearch(docs))

    def search(
        self,
        query: str,
        limit: int = 5,
        max_chars: int = DEFAULT_MAX_CHARS,
        kind: str | None = None,
    ) -> SearchAnswer:
        text = " ".join(query.split())
        notes: list[str] = []
        if not text:
            return SearchAnswer(
                query=query,
                results=[],
                note=f"Empty query: describe what you want to animate or name a symbol, e.g. {QUERY_EXAMPLES}.",
            )
        if kind is not None and kind not in KINDS:
            return SearchAnswer(
                query=text,
                results=[],
                note=f"Unknown kind {kind!r}; use one of {', '.join(KINDS)}.",
            )
        if len(text) > MAX_QUERY_CHARS:
            text = text[:MAX_QUERY_CHARS]
            notes.append(f"The query was cut to its first {MAX_QUERY_CHARS} characters.")
        if not MIN_MAX_CHARS <= max_chars <= MAX_MAX_CHARS:
            max_chars = max(MIN_MAX_CHARS, min(int(max_chars), MAX_MAX_CHARS))
            notes.append(f"max_chars must be {MIN_MAX_CHARS}-{MAX_MAX_CHARS}; used {max_chars}.")
        limit = max(1, min(int(limit), MAX_LIMIT))
        hits = self.search_engine.search(text, limit, kind)
        if not hits:
            notes.append(f"Nothing matched. Try other words, e.g. {QUERY_EXAMPLES}.")
        note = " ".join(notes) or None
        return build_answer(text, hits, self.snippets, max_chars, note)

    def get_doc(self, symbol: str) -> str:
        text = symbol.strip()
        if not text:
            return "Give a symbol, e.g. 'Axes.plot', 'manim.MathTex' or 'ValueTracker'."
        if len(text) > MAX_QUERY_CHARS:
            return "That is not a symbol name; use search_manim_docs for questions."
        found = resolve_symbol(self.docs, text)
        if found.entry is None:
            hint = ", ".join(found.suggestions) if found.suggestions else "none close"
            parts = [f"No manim {self.docs.manim_version} symbol named {text!r}."]
            if found.note:
                parts.append(found.note)
            parts.append(f"Did you mean: {hint}? Or use search_manim_docs.")
            return " ".join(parts)
        rendered = format_entry(found.entry, self.docs)
        return f"> {found.note}\n\n{rendered}" if found.note else rendered

    def list_examples(self, query: str = "") -> list[ExampleSummary]:
        return [
            ExampleSummary(name=e.name, source=e.source, summary=e.summary)
            for e in list_examples(self.docs, query[:MAX_QUERY_CHARS])
        ]

    def get_example(self, name: str) -> str:
        example = get_example(self.docs, name.strip())
        if example is None:
            close = [e.name for e in list_examples(self.docs, name[:MAX_QUERY_CHARS])][:5]
            hint = f" Close: {', '.join(close)}." if close else ""
            return f"No example named {name!r}.{hint} Use list_manim_examples to browse."
        return example.code

    def validate(self, code: str) -> CheckResult:
        if len(code) > MAX_CODE_CHARS:
            problem = Problem(
                line=1,
                kind="syntax",
                code="too-large",
                message=f"The code is {len(code)} characters; the limit is {MAX_CODE_CHARS}.",
                suggestion="Send one scene file at a time.",
            )
            return CheckResult(ok=False, problems=[problem])
        return check_code(code, self.api)

    def version(self) -> VersionInfo:
        return VersionInfo(
            manim_version=self.docs.manim_version,
            entries=len(self.docs.entries),
            examples=len(self.docs.examples),
        )
