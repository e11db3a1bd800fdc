"""User- or model-written text shown literally inside markdown (the chat, the offline replies)."""

from __future__ import annotations

import re

# The characters markdown reads as syntax inside a line (links, emphasis, code, HTML, tables,
# strikethrough, math, entities); titles never span lines, so list and heading markers can stay.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]<>#|~$&])")
# GFM turns bare URLs and e-mail addresses into links after parsing, escapes or not: an
# invisible word joiner (U+2060) inside "https://", "www." and "@" keeps them plain text.
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|www)(?=[:.])|(?=@)")
WORD_JOINER = "\u2060"


def plain(text: object) -> str:
    """User- or model-provided text shown literally inside our markdown, on one line.

    Titles come from prompts and models: `[click](https://evil.example)`, `**x**` or `<img>`
    must read as those characters, not become a link, bold text or HTML.
    """
    one_line = " ".join(str(text).split())
    unlinked = _AUTOLINK.sub(lambda m: (m.group(1) or "") + WORD_JOINER, one_line)
    return _MARKDOWN_SYNTAX.sub(r"\\\1", unlinked)
