"""Fitting user text to the frame before it reaches scene code: wrapped onto a few lines, and
cut with an ellipsis past them.

Shrinking alone would make a long title unreadably small (the layout audit reports text under
~8 px a line), so text is wrapped first; the scene still scales it down when a line comes out
wider than the safe width (estimates are per character, glyphs vary), but only a little.
"""

from __future__ import annotations

import unicodedata

ELLIPSIS = "…"

# Width of one column (a narrow character) per font_size point, in scene units, a little over
# the measured average (lowercase Latin at 48 is ~0.38 wide) so most lines need no scaling.
COLUMN_PER_POINT = 0.42 / 48


def char_columns(ch: str) -> int:
    """Columns a character takes: 2 for wide ones (CJK, emoji), 0 for combining marks."""
    if unicodedata.combining(ch):
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F") or ord(ch) >= 0x1F000:
        return 2
    return 1


def text_columns(text: str) -> int:
    """Columns a line of text takes."""
    return sum(char_columns(ch) for ch in text)


def columns_for(width: float, font_size: float) -> int:
    """How many columns of text at `font_size` fit in `width` scene units."""
    return max(8, int(width / (font_size * COLUMN_PER_POINT)))


def _pieces(word: str, width: int) -> list[str]:
    """A word cut into pieces no wider than `width` (only words too long for a line are cut)."""
    pieces: list[str] = []
    current = ""
    for ch in word:
        if current and text_columns(current + ch) > width:
            pieces.append(current)
            current = ""
        current += ch
    return [*pieces, current] if current else pieces


def _cut(line: str, width: int) -> str:
    """A line with an ellipsis at the end, no wider than `width`."""
    line = line.rstrip()
    while line and text_columns(line + ELLIPSIS) > width:
        line = line[:-1].rstrip()
    return line + ELLIPSIS


def _tokens(text: str, width: int) -> list[str]:
    """Words, with runs of wide characters split so lines may break between them (CJK text
    has no spaces), and words too long for a line cut into pieces."""
    tokens: list[str] = []
    for word in text.split():
        run = ""
        for ch in word:
            if char_columns(ch) == 2:
                if run:
                    tokens.append(run)
                    run = ""
                tokens.append(ch)
            else:
                run += ch
        if run:
            tokens.append(run)
        tokens.append(" ")
    return [piece for token in tokens for piece in _pieces(token, width)]


def wrap(text: str, width: int, max_lines: int) -> str:
    """`text` on at most `max_lines` lines of at most `width` columns, joined by newlines;
    what does not fit is cut, and the last line then ends with an ellipsis."""
    lines: list[str] = []
    current = ""
    for token in _tokens(" ".join(text.split()), width):
        if token == " ":
            current += " " if current else ""
            continue
        if text_columns(current + token) > width and current.strip():
            lines.append(current.rstrip())
            current = ""
        current += token
    if current.strip():
        lines.append(current.rstrip())
    if len(lines) > max_lines:
        lines = [
            *lines[: max_lines - 1],
            _cut(lines[max_lines - 1] + " " + lines[max_lines], width),
        ]
    return "\n".join(lines)


def fit(text: str, width: float, font_size: float, max_lines: int) -> str:
    """`text` wrapped for a box `width` scene units wide at `font_size` (see `wrap`)."""
    return wrap(text, columns_for(width, font_size), max_lines)
