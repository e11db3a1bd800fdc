"""The short runnable example or usage snippet a search result carries.

An entry's own `.. manim::` scene when it has one, else the shortest scene (from the docstrings
or our guides) that calls it, else the usage block of a config option or flag. Scenes are
complete files, so an uncut snippet runs as is; a cut one ends with a line naming the full scene.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from mcp_manim_docs.doc_model import DocEntry, DocsIndex, Example
from mcp_manim_docs.search_text import terms

_CALL = re.compile(r"(\.?)\b([A-Za-z_]\w*)\s*\(")
_ATTRIBUTE = re.compile(r"\.([A-Za-z_]\w*)\b(?!\s*\()")  # `self.camera.background_color = ...`
_SUBCLASS = re.compile(r"^class\s+\w+\(\s*(\w+)", re.M)  # scenes use ZoomedScene by subclassing
_FENCED = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
_USAGE_KEY = {"class": "", "function": "", "method": ".", "property": ":", "attribute": ":"}
_CANDIDATES = 20  # callers considered, shortest first
CUT_MARK = "# …"


@dataclass(frozen=True)
class Snippet:
    code: str
    example: str | None  # the complete scene to fetch with get_manim_example, if any


class Snippets:
    """Snippets of one index; the call table is built on first use (a few ms), then kept."""

    def __init__(self, index: DocsIndex) -> None:
        self._index = index

    @cached_property
    def _callers(self) -> dict[str, list[str]]:
        """'Code' / '.shift' / ':background_color' (read or set) -> names of the examples using
        it, shortest first."""
        found: dict[str, set[str]] = {}
        for name, example in self._index.examples.items():
            for dot, called in _CALL.findall(example.code):
                found.setdefault(dot + called, set()).add(name)
            for base in _SUBCLASS.findall(example.code):
                found.setdefault(base, set()).add(name)
            for attribute in _ATTRIBUTE.findall(example.code):
                found.setdefault(":" + attribute, set()).add(name)
        size = {n: len(e.code) for n, e in self._index.examples.items()}
        return {k: sorted(v, key=lambda n: (size[n], n)) for k, v in found.items()}

    @cached_property
    def _in_guides(self) -> dict[str, list[str]]:
        """'Mobject.remove_updater' and 'remove_updater' -> scenes of the guides listing it."""
        found: dict[str, list[str]] = {}
        for entry in self._index.entries:
            if entry.kind == "guide":
                for symbol in entry.see_also:
                    for key in {symbol, symbol.rsplit(".", 1)[-1]}:
                        found.setdefault(key, []).extend(entry.examples)
        return found

    def for_entry(self, entry: DocEntry, query: str = "") -> Snippet | None:
        """The snippet for `entry`, or None when nothing shows it in use. Among several scenes,
        the one sharing most words with `query`, then the shortest."""
        own = [self._index.examples[n] for n in entry.examples if n in self._index.examples]
        if entry.kind in ("config", "cli"):
            block = _FENCED.search(entry.description)
            return Snippet(block.group(2).rstrip() + "\n", None) if block else None
        if not own and entry.kind in _USAGE_KEY:
            name = entry.short_name.rsplit(".", 1)[-1]
            callers = self._callers.get(_USAGE_KEY[entry.kind] + name, [])[:_CANDIDATES]
            own = [self._index.examples[n] for n in callers]
        if not own:  # a guide that covers it still shows it at work
            names = self._in_guides.get(entry.short_name) or self._in_guides.get(
                entry.short_name.rsplit(".", 1)[-1], []
            )
            own = [self._index.examples[n] for n in names if n in self._index.examples]
        if not own:
            return None
        wanted = set(terms(query))
        best = max(own, key=lambda e: (_overlap(e, wanted), -len(e.code), e.name))
        return Snippet(best.code, best.name)


def _overlap(example: Example, wanted: set[str]) -> int:
    return len(wanted & set(terms(f"{example.name} {example.code}"))) if wanted else 0


def cut(snippet: Snippet, max_chars: int) -> Snippet | None:
    """`snippet` in at most `max_chars` characters, cut at a line end; None if too little is left."""
    if len(snippet.code) <= max_chars:
        return snippet
    mark = (
        f"{CUT_MARK} full scene: get_manim_example({snippet.example!r})"
        if snippet.example
        else CUT_MARK
    )
    room = max_chars - len(mark) - 1
    lines = snippet.code.splitlines(keepends=True)
    kept: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) > room:
            break
        kept.append(line)
        used += len(line)
    if used < min(200, max_chars // 2):  # a fragment too small to show anything useful
        return None
    return Snippet("".join(kept) + mark + "\n", snippet.example)
