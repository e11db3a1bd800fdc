"""A small numpydoc parser for manim's docstrings, plus its `.. manim::` example scenes.

Hand-written on purpose: numpydoc and docstring_parser are not dependencies, and manim's
docstrings need only the common sections. Directive blocks are cut out first, so a scene's
code never leaks into a description.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from dataclasses import dataclass, field

from mcp_manim_docs._rst_text import (
    DIRECTIVE,
    ROLE,
    clean_rst,
    directive_block,
    one_line,
    role_target,
    split_options,
)

UNDERLINE = re.compile(r"^\s*([-=~^])\1{2,}\s*$")
SECTIONS = {
    "parameters": "params",
    "other parameters": "params",
    "keyword arguments": "params",
    "returns": "returns",
    "yields": "returns",
    "see also": "see_also",
    "notes": "notes",
    "note": "notes",
    "warnings": "notes",
    "warning": "notes",
    "examples": "examples",
    "example": "examples",
    "raises": "skip",
    "warns": "skip",
    "references": "skip",
    "attributes": "skip",
    "methods": "skip",
    "tests": "skip",
}
SUMMARY_LIMIT = 300
EXAMPLE_SUMMARY_LIMIT = 200


@dataclass
class SceneBlock:
    """One `.. manim:: Name` directive."""

    name: str
    code: str
    options: dict[str, str]
    lead: str  # the prose paragraph right before it, if any


@dataclass
class ParsedDoc:
    summary: str = ""
    description: str = ""
    params: dict[str, str] = field(default_factory=dict[str, str])
    returns: str = ""
    see_also: list[str] = field(default_factory=list[str])
    scenes: list[SceneBlock] = field(default_factory=list[SceneBlock])


def parse_docstring(raw: str | None) -> ParsedDoc:
    """Sections of a numpydoc docstring, rst cleaned."""
    if not raw or not raw.strip():
        return ParsedDoc()
    scenes, text = extract_scenes(inspect.cleandoc(raw))
    head, sections = _split_sections(text)
    doc = ParsedDoc(scenes=scenes, see_also=_seealso_directive_targets(text))
    summary, _, rest = clean_rst(head).partition("\n\n")
    doc.summary = one_line(summary, SUMMARY_LIMIT)
    extra: list[str] = [rest.strip()] if rest.strip() else []
    for title, body in sections:
        kind = SECTIONS.get(title.lower(), "other")
        if kind in ("params", "returns"):
            items, notes = _items(body)
            extra.extend(notes)
            if kind == "params":
                doc.params.update(_items_as_params(items))
            else:
                doc.returns = "; ".join(_items_as_returns(items))
        elif kind == "see_also":
            doc.see_also.extend(see_also_targets(body))
        elif kind == "examples":
            cleaned = clean_rst(body)
            # Doctests, snippets and admonitions are worth keeping; bare prose only led a scene.
            if re.search(r"^\s{4}|\*\*\w", cleaned, re.MULTILINE):
                extra.append("Examples:\n" + cleaned)
        elif kind != "skip" and body.strip():
            extra.append(f"{title}:\n{clean_rst(body)}")
    doc.description = "\n\n".join(e for e in extra if e.strip())
    return doc


def extract_scenes(doc: str) -> tuple[list[SceneBlock], str]:
    """The `.. manim::` blocks of a (cleandoc'ed) docstring, and the text without them."""
    lines = doc.splitlines()
    kept: list[str] = []
    scenes: list[SceneBlock] = []
    floor = 0  # prose before an earlier scene does not lead the next one
    i = 0
    while i < len(lines):
        match = DIRECTIVE.match(lines[i])
        if not match or match.group(2) != "manim":
            kept.append(lines[i])
            i += 1
            continue
        end, body = directive_block(lines, i)
        options, rest = split_options(body)
        code = _scene_code(rest)
        name = match.group(3).strip() or _first_class(code)
        if name and code:
            scenes.append(SceneBlock(name, code, options, _lead_paragraph(kept[floor:])))
        floor = len(kept)
        i = end
    return scenes, "\n".join(kept)


def see_also_targets(body: str) -> list[str]:
    """Names in a See Also section: roles (`:class:`~.X``) or plain `X, Y : text` items."""
    found: list[str] = []
    for line in textwrap.dedent(body).splitlines():
        if not line.strip() or line[0].isspace():
            continue  # blank, or an item's description
        roles = ROLE.findall(line)
        if roles:
            found.extend(role_target(r) for r in roles)
            continue
        names = line.split(" : ", 1)[0]
        found.extend(n.strip().strip("`") for n in names.split(",") if n.strip())
    return [t for t in found if re.fullmatch(r"[\w.]+", t)]


def _seealso_directive_targets(text: str) -> list[str]:
    lines = text.splitlines()
    found: list[str] = []
    for i, line in enumerate(lines):
        match = DIRECTIVE.match(line)
        if match and match.group(2) == "seealso":
            _, body = directive_block(lines, i)
            found.extend(role_target(r) for r in ROLE.findall(" ".join([match.group(3), *body])))
    return found


def _split_sections(text: str) -> tuple[str, list[tuple[str, str]]]:
    lines = text.splitlines()
    head: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if line.strip() and not line[0].isspace() and UNDERLINE.match(nxt):
            sections.append((line.strip(), []))
            i += 2
            continue
        (sections[-1][1] if sections else head).append(line)
        i += 1
    return "\n".join(head), [(t, "\n".join(b)) for t, b in sections]


def _items(body: str) -> tuple[list[tuple[str, str]], list[str]]:
    """`header` lines at the section's own indent, each with its indented description; and
    the cleaned text of directives (warnings, notes) standing between the items."""
    items: list[tuple[str, list[str]]] = []
    notes: list[str] = []
    lines = textwrap.dedent(body).splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if DIRECTIVE.match(line):
            end, _ = directive_block(lines, i)
            notes.append(clean_rst("\n".join(lines[i:end])))
            i = end
            continue
        if line.strip() and not line[0].isspace():
            items.append((line.strip(), []))
        elif items:
            items[-1][1].append(line)
        i += 1
    return [(h, _paragraphs(textwrap.dedent("\n".join(d)))) for h, d in items], notes


def _paragraphs(text: str) -> str:
    """Cleaned text with each paragraph on one line."""
    return "\n".join(one_line(p) for p in clean_rst(text).split("\n\n") if p.strip())


def _items_as_params(items: list[tuple[str, str]]) -> dict[str, str]:
    params: dict[str, str] = {}
    for header, description in items:
        names = header.split(" : ", 1)[0].rstrip(":")
        for name in names.split(","):
            key = name.strip().strip("`*\\")
            if key.isidentifier():
                params[key] = description
    return params


def _items_as_returns(items: list[tuple[str, str]]) -> list[str]:
    parts: list[str] = []
    for header, description in items:
        kind = one_line(clean_rst(header))
        parts.append(f"{kind}: {description}" if description else kind)
    return parts


def _scene_code(rest: list[str]) -> str:
    lines = textwrap.dedent("\n".join(rest)).strip("\n").splitlines()
    if lines and lines[0].startswith(">>> "):  # doctest style: manim's directive strips prompts
        lines = [ln[4:] for ln in lines if ln.startswith((">>> ", "... "))]
    return "\n".join(ln.rstrip() for ln in lines).strip("\n")


def _first_class(code: str) -> str:
    match = re.search(r"^class\s+(\w+)", code, re.MULTILINE)
    return match.group(1) if match else ""


def _lead_paragraph(kept: list[str]) -> str:
    para: list[str] = []
    for line in reversed(kept):
        if not line.strip():
            if para:
                break
            continue
        if UNDERLINE.match(line) or DIRECTIVE.match(line):
            break
        para.insert(0, line)
    if len(para) == 1 and not para[0][:1].isspace() and para[0].strip().istitle():
        return ""  # a section title such as "Examples"
    text = one_line(clean_rst(textwrap.dedent("\n".join(para))), EXAMPLE_SUMMARY_LIMIT)
    return "" if text.endswith("::") else text
