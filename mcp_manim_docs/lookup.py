"""Resolve what a model or a person types as a manim symbol to the documented entry.

Tolerant on purpose: callers write `axes.plot()`, `manim.Axes`, full module paths, a method on a
subclass (`Square.shift`), or ManimGL names (`ShowCreation`, `Axes.get_graph`); each gets the
entry a Manim CE author needs, with a note when the name was not taken literally.
"""

from __future__ import annotations

import difflib
import re

from pydantic import BaseModel, Field

from mcp_manim_docs._lookup_tables import Tables, owner, tables_for
from mcp_manim_docs.doc_format import format_entry
from mcp_manim_docs.doc_model import DocEntry, DocsIndex
from tools.check.gl_migrations import method_migration, name_migration

__all__ = ["LookupResult", "format_entry", "resolve_symbol"]

ROOTS = frozenset({"manim", "manimlib", "manimce"})
MAX_SUGGESTIONS = 5


class LookupResult(BaseModel):
    found: bool
    entry: DocEntry | None = Field(default=None, description="The documented entry, when found.")
    note: str | None = Field(
        default=None,
        description="How the name was read, e.g. 'ShowCreation is ManimGL / old Manim CE; use Create'.",
    )
    suggestions: list[str] = Field(
        default_factory=list[str], description="Close names when not found."
    )


def resolve_symbol(index: DocsIndex, query: str) -> LookupResult:
    """The entry `query` names, tolerating case, parens, module paths, subclasses and GL names."""
    t = tables_for(index)
    text = _normalize(query)
    exact = t.by_symbol.get(text) or t.by_symbol_lower.get(text.lower())
    if exact is not None:  # includes guides ("guide:<slug>")
        return LookupResult(found=True, entry=exact)
    parts = [p for p in text.split(".") if p]
    while parts and parts[0].lower() in ROOTS:
        parts.pop(0)
    if not parts:
        return LookupResult(
            found=False, note="Give a symbol name such as 'Axes.plot' or 'MathTex'."
        )
    hit = _find(t, parts)
    if hit is None:
        migrated = _migrated(t, parts, index.manim_version)
        if migrated is not None:
            return migrated
        hit = _bare(t, parts[-1])
    if hit is not None:
        return LookupResult(found=True, entry=hit[0], note=hit[1])
    return LookupResult(found=False, suggestions=_suggest(t, parts))


def _normalize(query: str) -> str:
    text = query.strip().strip("`'\"")
    text = text.split("(", 1)[0]  # "Axes.plot()" / "Axes.plot(" / a whole call
    text = re.sub(r"\s+", "", text)
    return text.replace("::", ".").replace("#", ".").strip(".")


def _find(t: Tables, parts: list[str]) -> tuple[DocEntry, str | None] | None:
    if len(parts) >= 2:
        cls = t.class_name(parts[-2])
        if cls is not None:
            entry = t.member(cls, parts[-1])
            if entry is not None:
                return entry, _inherited_note(cls, entry)
            # "manim.mobject.graph.Graph": a module named like a class; else an unknown member.
            exact = t.names.get(parts[-1])
            return (exact, None) if exact is not None else None
    entry = t.name(parts[-1])
    return (entry, None) if entry is not None else None


def _bare(t: Tables, member: str) -> tuple[DocEntry, str | None] | None:
    """A member asked without its class (`play`, `self.play`, `ax.plot`)."""
    found = t.bare_member(member)
    if not found:
        return None
    best = found[0]
    others = [owner(e) for e in found[1:6]]
    note = f"`{member}` is a member of {owner(best)}"
    if others:
        note += f" (also defined on {', '.join(others)}{', …' if len(found) > 6 else ''})"
    return best, note + "."


def _inherited_note(cls: str, entry: DocEntry) -> str | None:
    defined_on = owner(entry)
    if defined_on == cls:
        return None
    return f"{cls}.{entry.short_name.rsplit('.', 1)[1]} is inherited from {defined_on}."


def _gl_note(old: str, new: str, suggestion: str, version: str) -> str:
    return (
        f"`{old}` is ManimGL / old Manim CE API, not in manim {version}; use `{new}`: {suggestion}"
    )


def _migrated(t: Tables, parts: list[str], version: str) -> LookupResult | None:
    """ManimGL and removed names, answered with the Manim CE replacement."""
    notes: list[str] = []
    cls = t.class_name(parts[-2]) if len(parts) >= 2 else None
    if len(parts) >= 2 and cls is None and (old_cls := name_migration(parts[-2])) is not None:
        cls = t.class_name(old_cls.new)
        notes.append(_gl_note(old_cls.old, old_cls.new, old_cls.suggestion, version))
    member = parts[-1]
    method = method_migration(member)
    if method is not None and cls is None and t.bare_member(member, include_opengl=False):
        method = None  # Manim CE still has it somewhere: not a removed name
    if method is not None and (cls is None or t.member(cls, member) is None):
        notes.append(_gl_note(method.old, method.new, method.suggestion, version))
        member = method.new
    if cls is not None and notes:
        entry = t.member(cls, member)
        if entry is None and method is not None:
            entry = next(iter(t.bare_member(member)), None)
        return LookupResult(found=entry is not None, entry=entry, note=" ".join(notes))
    if method is not None:
        entry = next(iter(t.bare_member(member)), None)
        return LookupResult(found=entry is not None, entry=entry, note=" ".join(notes))
    old = name_migration(parts[-1])
    if old is None:
        return None
    note = _gl_note(old.old, old.new, old.suggestion, version)
    found = _find(t, old.new.split("."))  # a name, or an option such as `config.frame_width`
    target = found[0] if found is not None else None
    return LookupResult(found=target is not None, entry=target, note=note)


def _close(word: str, choices: dict[str, str], n: int) -> list[str]:
    """Close matches of `word` among `choices` (lowercase -> display), case-insensitively."""
    return [
        choices[m] for m in difflib.get_close_matches(word.lower(), list(choices), n=n, cutoff=0.6)
    ]


def _suggest(t: Tables, parts: list[str]) -> list[str]:
    found: list[str] = []
    if len(parts) >= 2:
        known = t.class_name(parts[-2])
        for cls in [known] if known else _close(parts[-2], t.classes_lower, 3):
            members = {m.lower(): m for m in t.member_names(cls)}
            found.extend(f"{cls}.{m}" for m in _close(parts[-1], members, 3))
    names = {k.lower(): k for k in t.names}
    found.extend(_close(parts[-1], names, MAX_SUGGESTIONS))
    members = {m: m for m in t.by_member_lower}
    for member in _close(parts[-1], members, 3):
        best = t.bare_member(member)
        if best:
            found.append(best[0].short_name)
    return list(dict.fromkeys(found))[:MAX_SUGGESTIONS]
