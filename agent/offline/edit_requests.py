"""Reading which constant rewrites a message asks for: "make scene 2 red and slower", ...

Quoted text is new title or caption text and never a command, so it is blanked before the
command words are looked for.
"""

from __future__ import annotations

import re

from agent.offline.edits import BOUNDS, Change
from agent.offline.scene_frame import (
    CAPTION_LINES,
    CAPTION_SIZE,
    MAX_TEXT_WIDTH,
    TITLE_LINES,
    clean_text,
)
from agent.offline.text_fit import fit

# Colour words -> Manim CE constant names (all exist in manim's colour palette).
COLORS: dict[str, str] = {
    "red": "RED",
    "green": "GREEN",
    "blue": "BLUE",
    "yellow": "YELLOW",
    "orange": "ORANGE",
    "purple": "PURPLE",
    "violet": "PURPLE",
    "pink": "PINK",
    "teal": "TEAL",
    "gold": "GOLD",
    "golden": "GOLD",
    "white": "WHITE",
    "grey": "GREY",
    "gray": "GREY",
    "maroon": "MAROON",
    "black": "BLACK",
    "brown": "BROWN",
}
# The shades manim names; plain "brown" has no constant of its own.
_SHADES: dict[tuple[str, str], str] = {
    ("light", "GREY"): "LIGHT_GREY",
    ("light", "PINK"): "LIGHT_PINK",
    ("light", "BROWN"): "LIGHT_BROWN",
    ("dark", "BLUE"): "DARK_BLUE",
    ("dark", "GREY"): "DARK_GREY",
    ("dark", "BROWN"): "DARK_BROWN",
    ("", "BROWN"): "DARK_BROWN",
}

_TEXT_LIMIT = 60
# New title text is wrapped for a heading's default size (a title card's bigger text is then
# scaled down a little by the scene); a caption for its fixed size.
_HEADING_SIZE = 40

# Quote pairs: straight, curly (\u201c..\u201d, \u2018..\u2019) and angle quotes. An opening quote
# must start a word, so the apostrophe in "it's" is not one.
_QUOTE_PAIRS = (
    ('"', '"'),
    ("'", "'"),
    ("\u201c", "\u201d"),
    ("\u2018", "\u2019"),
    ("\u00ab", "\u00bb"),
)
_QUOTED = re.compile(
    r"(?:(?<=[\s:=(])|^)(?:"
    + "|".join(f"{re.escape(a)}(.+?){re.escape(b)}" for a, b in _QUOTE_PAIRS)
    + r")(?=[\s.,!?;:)]|$)"
)
_CLAUSE_SPLIT = re.compile(r"\s*(?:[,;]|\band\b|\bbut\b|\bthen\b|\bwith\b|\balso\b)\s*", re.I)
_COLOR_WORD = re.compile(r"\b(?:(light|dark)\s+)?(" + "|".join(COLORS) + r")\b", re.I)
_SLIGHT = re.compile(r"\b(bit|little|slightly|touch|tad)\b", re.I)
_BIGGER = re.compile(r"\b(bigger|larger|enlarge|grow|huge|increase the size)\b", re.I)
_SMALLER = re.compile(r"\b(smaller|shrink|tinier|reduce the size|decrease the size)\b", re.I)
_SLOWER = re.compile(r"\b(slower|slow|slowly|slow down|more slowly)\b", re.I)
_FASTER = re.compile(r"\b(faster|fast|quicker|speed (?:it )?up|more quickly|quickly)\b", re.I)
_SECONDS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:s|secs?|seconds?)\b", re.I)
_LONGER = re.compile(r"\blonger\b", re.I)
_SHORTER = re.compile(r"\bshorter\b", re.I)
_TITLE_WORD = re.compile(r"\b(title|heading)\b", re.I)
_ACCENT_WORD = re.compile(r"\b(accent|highlight|second colou?r)\b", re.I)
_REMOVE = re.compile(
    r"\b(remove|hide|delete|drop|no|without|get rid of|lose|don'?t show|do not show)\b", re.I
)
_SHOW = re.compile(r"\b(show|add|bring back|restore|put back|keep)\b", re.I)
_CAPTION_WORD = re.compile(r"\b(caption|subtitle|text|note|label)\b", re.I)
_TITLE_TO = re.compile(
    r"\b(?:title|heading)\b(?:\s+text)?\s*(?:to|as|:|=|says?|reads?|saying|reading)\s*(.+)$",
    re.I,
)
_CAPTION_REST = re.compile(
    r"\b(?:caption|subtitle|note|text)\b\s*(?:saying|that says|reading|:)\s*(.+)$", re.I
)

# "in the last scene", "of scene 2": dropped before reading unquoted new text.
_SCENE_PHRASE = re.compile(
    r"\s*\b(?:(?:in|of|on|for)\s+)?(?:the\s+)?"
    r"(?:(?:first|second|third|fourth|fifth|sixth|last|final|opening|\d+(?:st|nd|rd|th))\s+scene"
    r"|scene\s*#?\s*(?:\d+|one|two|three|four|five|six))\b",
    re.I,
)
_TRAILER = re.compile(r"(?:\s+please)?[.!?]*$", re.I)

_CHANGE_WORDS = (
    _COLOR_WORD, _BIGGER, _SMALLER, _SLOWER, _FASTER, _SECONDS, _LONGER, _SHORTER, _SLIGHT,
)  # fmt: skip


def strip_quoted(text: str) -> str:
    """The text with quoted strings blanked, so words inside quotes don't read as commands."""
    return _QUOTED.sub(" ", text)


def first_quoted(text: str) -> str | None:
    """The text inside the message's first quotes ('…', "…", “…”), or None."""
    match = _QUOTED.search(text)
    return _inside(match).strip() if match else None


def _inside(match: re.Match[str]) -> str:
    return next(group for group in match.groups() if group is not None)


def strip_change_words(text: str) -> str:
    """The text without the words that name changes (colours, "bigger", "slower", ...)."""
    for pattern in _CHANGE_WORDS:
        text = pattern.sub(" ", text)
    return text


def _color_name(shade: str | None, word: str) -> str:
    name = COLORS[word.lower()]
    return _SHADES.get(((shade or "").lower(), name), _SHADES.get(("", name), name))


def _shown(target: str, text: str) -> str:
    """New title or caption text as a Python literal: cleaned, cut, wrapped to fit the frame."""
    if target == "caption":
        wrapped = fit(clean_text(text, _TEXT_LIMIT), MAX_TEXT_WIDTH, CAPTION_SIZE, CAPTION_LINES)
    else:
        wrapped = fit(clean_text(text, _TEXT_LIMIT), MAX_TEXT_WIDTH, _HEADING_SIZE, TITLE_LINES)
    return repr(wrapped)


def _text_changes(text: str) -> list[Change]:
    changes: list[Change] = []
    targets: set[str] = set()
    previous_end = 0
    # A quoted string is new title text or a caption, by the words just before it.
    for match in _QUOTED.finditer(text):
        before = text[previous_end : match.start()]
        previous_end = match.end()
        if _TITLE_WORD.search(before) and "title_text" not in targets:
            target = "title_text"
        elif _CAPTION_WORD.search(before) and "caption" not in targets:
            target = "caption"
        else:
            continue
        targets.add(target)
        changes.append(Change(target, "set", _shown(target, _inside(match))))
    if previous_end:
        return changes
    text = _SCENE_PHRASE.sub("", text)
    if match := _TITLE_TO.search(text):
        wanted = _TRAILER.sub("", match.group(1).strip())
        # "change the title to red" is a colour, not new title text.
        if wanted and not _COLOR_WORD.fullmatch(wanted):
            changes.append(Change("title_text", "set", _shown("title_text", wanted)))
    if (match := _CAPTION_REST.search(text)) and _SHOW.search(text):
        wanted = _TRAILER.sub("", match.group(1).strip())
        changes.append(Change("caption", "set", _shown("caption", wanted)))
    return changes


def _clause_changes(clause: str) -> list[Change]:
    changes: list[Change] = []
    about_title = bool(_TITLE_WORD.search(clause))
    slight = bool(_SLIGHT.search(clause))
    for match in _COLOR_WORD.finditer(clause):
        if _ACCENT_WORD.search(clause):
            target = "accent"
        elif about_title:
            target = "title_color"
        else:
            target = "color"
        changes.append(Change(target, "set", _color_name(match.group(1), match.group(2))))
    if _BIGGER.search(clause) or _SMALLER.search(clause):
        up = bool(_BIGGER.search(clause))
        if about_title:
            factor = (1.15 if slight else 1.3) if up else (0.87 if slight else 1 / 1.3)
            changes.append(Change("title_size", "times", amount=factor))
        else:
            factor = (1.1 if slight else 1.25) if up else (0.9 if slight else 0.8)
            changes.append(Change("scale", "times", amount=factor))
    if _SLOWER.search(clause):
        changes.append(Change("speed", "times", amount=0.75 if slight else 0.5))
    elif _FASTER.search(clause):
        changes.append(Change("speed", "times", amount=1.5 if slight else 2.0))
    seconds = _SECONDS.search(clause)
    if seconds and _LONGER.search(clause):
        changes.append(Change("hold", "plus", amount=float(seconds.group(1))))
    elif seconds:
        low, high = BOUNDS["hold"]
        changes.append(Change("hold", "set", repr(min(max(float(seconds.group(1)), low), high))))
    elif _LONGER.search(clause):
        changes.append(Change("hold", "plus", amount=2.0))
    elif _SHORTER.search(clause):
        changes.append(Change("hold", "times", amount=0.5))
    if about_title and _REMOVE.search(clause):
        changes.append(Change("show_title", "set", "False"))
    elif about_title and _SHOW.search(clause) and not _TITLE_TO.search(clause):
        changes.append(Change("show_title", "set", "True"))
    if _CAPTION_WORD.search(clause) and _REMOVE.search(clause):
        changes.append(Change("caption", "set", '""'))
    return changes


def parse_changes(text: str) -> list[Change]:
    """The constant rewrites a message asks for; empty when it asks for none we support."""
    changes = _text_changes(text)
    texts = {change.constant for change in changes}
    for clause in _CLAUSE_SPLIT.split(strip_quoted(text)):
        for change in _clause_changes(clause):
            # A title or caption given in quotes wins over words like "show" around it.
            if change.constant in texts or change in changes:
                continue
            if change.constant == "show_title" and "title_text" in texts:
                continue
            changes.append(change)
    return changes
