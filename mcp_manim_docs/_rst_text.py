"""Turn the reStructuredText of manim's docstrings into plain, markdown-ish text for an LLM.

Simple rules only: roles become `code`, admonitions become a bold label, code and math blocks
stay as indented blocks, and every other directive (images, autosummary, manim scenes) goes.
"""

from __future__ import annotations

import re
import textwrap

# The second form catches a typo manim's docs make: `class:`~.Text`` without its first colon.
ROLE = re.compile(r"(?::(?:[\w-]+:)*[\w-]+|\b(?:class|meth|func|attr|mod|obj)):`([^`]+)`")
LITERAL = re.compile(r"``([^`]+)``")
LINK = re.compile(r"`([^`<]+?)\s*<([^>]+)>`__?")
REF = re.compile(r"`([^`]+)`_\b")
DIRECTIVE = re.compile(r"^(\s*)\.\.\s+([\w:-]+)::\s*(.*)$")
COMMENT = re.compile(r"^\s*\.\.(\s|$)")
OPTION = re.compile(r"^\s*:([\w-]+):(?:\s+(.*))?$")

LABELS = {
    "note": "Note",
    "warning": "Warning",
    "attention": "Attention",
    "important": "Important",
    "tip": "Tip",
    "hint": "Hint",
    "caution": "Caution",
    "danger": "Danger",
    "seealso": "See also",
    "deprecated": "Deprecated",
    "versionadded": "New in version",
    "versionchanged": "Changed in version",
    "admonition": "",
}
KEEP_AS_CODE = {"code-block", "code", "sourcecode", "math", "testcode", "doctest"}


def role_target(content: str) -> str:
    """`~.Scene.play` -> `Scene.play`; `the scene <.Scene>` -> `the scene`."""
    if "<" in content and content.endswith(">"):
        return content.split("<", 1)[0].strip()
    return content.lstrip("~!.")  # manim also writes `.~Mobject`


def inline(text: str) -> str:
    """Roles, literals and links in running text."""
    text = LINK.sub(r"\1 (\2)", text)
    text = ROLE.sub(lambda m: f"`{role_target(m.group(1))}`", text)
    text = LITERAL.sub(r"`\1`", text)
    return REF.sub(r"\1", text)


def directive_block(lines: list[str], start: int) -> tuple[int, list[str]]:
    """The index after the directive at `start`, and its body lines (not dedented)."""
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
    ):
        end += 1
    body = lines[start + 1 : end]
    while body and not body[-1].strip():
        body.pop()
    return end, body


def split_options(body: list[str]) -> tuple[dict[str, str], list[str]]:
    """Leading `:name: value` option lines of a directive body, and the rest."""
    options: dict[str, str] = {}
    rest = list(body)
    while rest and (not rest[0].strip() or OPTION.match(rest[0])):
        match = OPTION.match(rest.pop(0))
        if match:
            options[match.group(1)] = (match.group(2) or "").strip()
    return options, rest


def clean_rst(text: str) -> str:
    """Docstring rst -> readable text (blank-line separated paragraphs)."""
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        match = DIRECTIVE.match(line)
        if match:
            i, body = directive_block(lines, i)
            out.extend(_render_directive(match.group(1), match.group(2), match.group(3), body))
            continue
        if COMMENT.match(line):  # rst comment or link target
            i, _ = directive_block(lines, i)
            continue
        i += 1
        if line.strip() == "::":
            continue
        if line.rstrip().endswith("::"):
            line = line.rstrip()[:-1]
        out.append(inline(line))
    cleaned = "\n".join(out).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", cleaned)


def _render_directive(indent: str, name: str, arg: str, body: list[str]) -> list[str]:
    options, rest = split_options(body)
    del options
    content = textwrap.dedent("\n".join(rest)).strip("\n")
    if name in KEEP_AS_CODE:
        return ["", textwrap.indent(content, indent + "    "), ""] if content else []
    if name in LABELS:
        label = LABELS[name]
        head = " ".join(p for p in (f"**{label}:**" if label else "", inline(arg)) if p)
        inner = clean_rst(content)
        if name == "seealso":
            inner = " ".join(inner.split())
        text = f"{head} {inner}".strip() if "\n" not in inner else f"{head}\n{inner}"
        return ["", textwrap.indent(text, indent), ""]
    return []  # images, manim scenes, autosummary, ...: nothing an LLM can read


def one_line(text: str, limit: int = 0) -> str:
    """Whitespace collapsed; cut at `limit` characters (0: no limit) with an ellipsis."""
    flat = " ".join(text.split())
    if limit and len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return flat
