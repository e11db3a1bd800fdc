"""Render a `DocEntry` as markdown an LLM reads in one go: complete where it matters (the
signature and parameters), cut where text runs long (descriptions, member lists)."""

from __future__ import annotations

from mcp_manim_docs._lookup_tables import MEMBER_KINDS, owner, tables_for
from mcp_manim_docs.doc_model import DocEntry, DocsIndex

DESCRIPTION_LIMIT = 1500
PARAM_LIMIT = 300
MAX_PARAMS = 40
GUIDE_LIMIT = 12_000
MEMBERS_PER_CLASS = 40
MAX_BASES_LISTED = 6


def cut(text: str, limit: int) -> str:
    """`text` up to `limit` characters, cut at a line or word end and marked when cut."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    stop = max(head.rfind("\n"), head.rfind(" "))
    return (head[:stop] if stop > limit // 2 else head).rstrip() + " …(truncated)"


def format_entry(entry: DocEntry, index: DocsIndex) -> str:
    """Markdown for `get_manim_doc`: signature, summary, parameters, returns, bases, see also,
    and the names of the examples (fetch their code with `get_manim_example`)."""
    if entry.kind == "guide":
        return f"## {entry.summary or entry.symbol} (guide `{entry.symbol}`)\n\n{cut(entry.body, GUIDE_LIMIT)}"
    lines = [f"## {entry.symbol} ({entry.kind})"]
    if entry.kind == "cli":
        lines.append(f"```bash\nmanim render {entry.signature}\n```")
    elif entry.signature:
        prefix = f"{owner(entry)}." if entry.kind in MEMBER_KINDS else ""
        lines.append(f"```python\n{prefix}{entry.signature}\n```")
    if entry.module:
        lines.append(f"Defined in `{entry.module}`.")
    if entry.summary:
        lines.append(entry.summary)
    if entry.description:
        lines.append(cut(entry.description, DESCRIPTION_LIMIT))
    if entry.params:
        lines.append("**Parameters**\n" + "\n".join(_params(entry)))
    if entry.returns:
        lines.append(f"**Returns:** {cut(entry.returns, PARAM_LIMIT)}")
    if entry.bases:
        lines.append("**Bases (method resolution order):** " + ", ".join(entry.bases))
    if entry.kind == "class":
        lines.extend(_members(entry, index))
    if entry.aliases:
        lines.append("**Also written:** " + ", ".join(f"`{a}`" for a in entry.aliases))
    if entry.see_also:
        lines.append("**See also:** " + ", ".join(s.removeprefix("manim.") for s in entry.see_also))
    if entry.examples:
        names = ", ".join(entry.examples)
        lines.append(f"**Examples:** {names} (get the code with get_manim_example)")
    return "\n\n".join(lines)


def _params(entry: DocEntry) -> list[str]:
    out: list[str] = []
    for p in entry.params[:MAX_PARAMS]:
        line = f"- `{p.name}`"
        if p.annotation:
            line += f": `{p.annotation}`"
        if p.default is not None:
            line += f" = `{p.default}`"
        if p.description:
            line += " — " + cut(p.description.replace("\n", " "), PARAM_LIMIT)
        out.append(line)
    if len(entry.params) > MAX_PARAMS:
        out.append(f"- … and {len(entry.params) - MAX_PARAMS} more")
    return out


def _members(entry: DocEntry, index: DocsIndex) -> list[str]:
    tables = tables_for(index)
    cls = entry.short_name
    out: list[str] = []
    own = tables.members.get(cls, {})
    if own:
        out.append(f"**Members:** {_names(own)}")
    for base in entry.bases[:MAX_BASES_LISTED]:
        inherited = tables.members.get(base, {})
        if inherited:
            out.append(f"**Inherited from {base}:** {_names(inherited)}")
    return out


def _names(members: dict[str, DocEntry]) -> str:
    # Members with examples are the commonly used ones: they survive the cut.
    names = sorted(members, key=lambda n: (not members[n].examples, n))
    shown = ", ".join(names[:MEMBERS_PER_CLASS])
    more = len(names) - MEMBERS_PER_CLASS
    return shown + (f", … ({more} more)" if more > 0 else "")
