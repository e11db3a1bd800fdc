"""Name tables over a `DocsIndex` for symbol lookup, built once per index."""

from __future__ import annotations

from dataclasses import dataclass, field

from mcp_manim_docs.doc_model import DocEntry, DocsIndex

# A config option is looked up like a member of `config` ("config.frame_rate", "frame_rate").
MEMBER_KINDS = frozenset({"method", "property", "attribute", "config"})


@dataclass
class Tables:
    by_symbol: dict[str, DocEntry] = field(default_factory=dict[str, DocEntry])
    by_symbol_lower: dict[str, DocEntry] = field(default_factory=dict[str, DocEntry])
    names: dict[str, DocEntry] = field(default_factory=dict[str, DocEntry])  # "Axes" (not members)
    names_lower: dict[str, DocEntry] = field(default_factory=dict[str, DocEntry])
    classes_lower: dict[str, str] = field(default_factory=dict[str, str])  # "axes" -> "Axes"
    bases: dict[str, list[str]] = field(default_factory=dict[str, list[str]])
    members: dict[str, dict[str, DocEntry]] = field(default_factory=dict[str, dict[str, DocEntry]])
    by_member_lower: dict[str, list[DocEntry]] = field(default_factory=dict[str, list[DocEntry]])
    reach: dict[str, int] = field(default_factory=dict[str, int])  # classes that inherit from it

    def class_name(self, text: str) -> str | None:
        """The class `text` names, tolerating case."""
        if text in self.members:
            return text
        return self.classes_lower.get(text.lower())

    def lineage(self, cls: str) -> list[str]:
        return [cls, *self.bases.get(cls, [])]

    def member(self, cls: str, name: str) -> DocEntry | None:
        """`cls.name` looked up along the class's bases (MRO order), exact case first."""
        for fold in (False, True):
            for owner in self.lineage(cls):
                found = self.members.get(owner, {})
                if fold:
                    found = {k.lower(): v for k, v in found.items()}
                hit = found.get(name.lower() if fold else name)
                if hit is not None:
                    return hit
        return None

    def member_names(self, cls: str) -> list[str]:
        """Every member name `cls` has, own and inherited."""
        return list(
            dict.fromkeys(n for owner in self.lineage(cls) for n in self.members.get(owner, {}))
        )

    def name(self, text: str) -> DocEntry | None:
        return self.names.get(text) or self.names_lower.get(text.lower())

    def bare_member(self, name: str, *, include_opengl: bool = True) -> list[DocEntry]:
        """Members called `name` on any class (exact case, else any case), best first: not
        OpenGL (scenes render with Cairo), then on the class most others inherit from."""
        found = [
            e
            for e in self.by_member_lower.get(name.lower(), [])
            if e.short_name.endswith(f".{name}")
        ]
        if not found:
            found = self.by_member_lower.get(name.lower(), [])
        if not include_opengl:
            found = [e for e in found if ".opengl" not in e.module]
        return sorted(found, key=lambda e: (".opengl" in e.module, -self.reach.get(owner(e), 0)))


def owner(entry: DocEntry) -> str:
    """'CoordinateSystem' for 'manim.CoordinateSystem.plot'."""
    return entry.short_name.rsplit(".", 1)[0]


def build_tables(index: DocsIndex) -> Tables:
    t = Tables()
    for entry in index.entries:
        for name in (entry.symbol, *entry.aliases):  # a flag's spellings: "--fps", "-ql"
            t.by_symbol.setdefault(name, entry)
            t.by_symbol_lower.setdefault(name.lower(), entry)
        short = entry.short_name
        if entry.kind == "class":
            t.bases[short] = entry.bases
            t.members.setdefault(short, {})
            t.classes_lower.setdefault(short.lower(), short)
        if entry.kind in MEMBER_KINDS and "." in short:
            cls, member = short.rsplit(".", 1)
            t.members.setdefault(cls, {})[member] = entry
            t.by_member_lower.setdefault(member.lower(), []).append(entry)
        elif entry.symbol.startswith("manim."):
            t.names.setdefault(short, entry)
            t.names_lower.setdefault(short.lower(), entry)
    for cls in t.bases:
        for base in t.lineage(cls):
            t.reach[base] = t.reach.get(base, 0) + 1
    return t


_cache: dict[int, tuple[DocsIndex, int, Tables]] = {}


def tables_for(index: DocsIndex) -> Tables:
    """Tables of `index`, cached while the same index object (with as many entries) is in use."""
    cached = _cache.get(id(index))
    if cached is not None and cached[0] is index and cached[1] == len(index.entries):
        return cached[2]
    if len(_cache) > 8:  # a few indexes at most (tests); never grow without bound
        _cache.clear()
    tables = build_tables(index)
    _cache[id(index)] = (index, len(index.entries), tables)
    return tables
