"""Task guides we write ourselves, served and searched next to manim's own documentation.

Each `<slug>.md` file is: a `# Title` line, a one-line summary, a `Symbols:` line naming the
manim API it covers (short names such as `Axes.plot`), then markdown whose ```python blocks are
complete scenes. The ManimGL migration table is generated from `gl_migrations` so the guide and
the fixer never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from mcp_manim_docs.doc_model import DocEntry, Example
from tools.check import gl_migrations

GUIDE_PREFIX = "guide:"
_TABLE_MARKER = "{{MIGRATION_TABLE}}"
_CODE_BLOCK = re.compile(r"^```python\n(.*?)^```", re.M | re.S)
_SCENE_CLASS = re.compile(r"^class (\w+)\(", re.M)
_EXPRESSION = re.compile(r"[\w.]+(\([^()]*(?:\([^()]*\)[^()]*)*\))?")


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    summary: str
    symbols: tuple[str, ...]
    body: str
    code_blocks: tuple[str, ...]


def guide_entries() -> list[DocEntry]:
    """One `DocEntry` (kind "guide", symbol `guide:<slug>`) per guide; `see_also` lists its symbols."""
    return [
        DocEntry(
            symbol=GUIDE_PREFIX + g.slug,
            kind="guide",
            module=__name__,
            summary=f"{g.title}: {g.summary}",
            see_also=list(g.symbols),
            body=g.body,
        )
        for g in load_guides()
    ]


def guide_examples() -> list[Example]:
    """Every scene class in the guides' code blocks (a block with two scenes yields two)."""
    examples: list[Example] = []
    for g in load_guides():
        for code in g.code_blocks:
            for name in _SCENE_CLASS.findall(code):
                examples.append(
                    Example(name=name, code=code, source=GUIDE_PREFIX + g.slug, summary=g.title)
                )
    return examples


@cache
def load_guides() -> tuple[Guide, ...]:
    """All guides, sorted by slug."""
    folder = files(__name__)
    guides = [
        _parse(item.name.removesuffix(".md"), item.read_text(encoding="utf-8"))
        for item in folder.iterdir()
        if item.name.endswith(".md")
    ]
    return tuple(sorted(guides, key=lambda g: g.slug))


def _parse(slug: str, text: str) -> Guide:
    if _TABLE_MARKER in text:
        text = text.replace(_TABLE_MARKER, migration_table())
    lines = text.splitlines()
    if len(lines) < 2 or not lines[0].startswith("# "):
        raise ValueError(f"guide {slug}.md must start with '# Title' and a summary line")
    symbols: tuple[str, ...] = ()
    for line in lines[2:6]:
        if line.startswith("Symbols:"):
            symbols = tuple(
                s.strip() for s in line.removeprefix("Symbols:").split(",") if s.strip()
            )
    return Guide(
        slug=slug,
        title=lines[0].removeprefix("# ").strip(),
        summary=lines[1].strip(),
        symbols=symbols,
        body=text,
        code_blocks=tuple(m.group(1) for m in _CODE_BLOCK.finditer(text)),
    )


def migration_table() -> str:
    """Markdown tables of old names, methods and keywords with their Manim CE replacements."""
    rows = ["## Renamed and removed names", "", "| old | Manim CE |", "|---|---|"]
    rows += [f"| `{m.old}` | {_code(m.suggestion)} |" for m in gl_migrations.NAMES.values()]
    rows += ["", "## Renamed and removed methods", "", "| old | Manim CE |", "|---|---|"]
    rows += [f"| `.{m.old}()` | {_code(m.suggestion)} |" for m in gl_migrations.METHODS.values()]
    rows += ["", "## Keyword arguments", "", "| old | Manim CE | in calls of |", "|---|---|---|"]
    for classes, methods, ranges in gl_migrations.RANGE_RULES:
        where = _where(classes, methods)
        for r in ranges:
            old = "`, `".join((*r.mins, *r.maxs, *r.steps))
            rows.append(f"| `{old}` | `{r.target}=[min, max, step]` | {where} |")
    for classes, methods, keywords in gl_migrations.KEYWORD_RULES:
        where = _where(classes, methods)
        for k in keywords:
            note = " (the old value was a scale factor; 1 means 48)" if k.scale_font_size else ""
            rows.append(f"| `{k.old}=` | `{k.new}=`{note} | {where} |")
    return "\n".join(rows)


def _code(text: str) -> str:
    # Suggestions are either a code expression or prose that contains code; only the former is
    # wrapped whole, so prose stays readable.
    return f"`{text}`" if _EXPRESSION.fullmatch(text) else text


def _where(classes: frozenset[str], methods: frozenset[str]) -> str:
    return ", ".join([*sorted(classes), *(f".{m}()" for m in sorted(methods))])
