"""The shape every offline scene shares: tunable constants first, then a short body.

Edits made by the offline model rewrite those constant lines (see `edits.py`), so every template
scene starts its `construct` with the same block and its body reads the constants.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from agent.offline.text_fit import fit
from lessons.plan import LessonPlan, ScenePlan

# Text wider than this (in scene units; the frame is ~14.2 wide) is scaled down to fit. Text is
# wrapped to this width first (`text_fit`), so the scaling is only ever slight.
MAX_TEXT_WIDTH = 12
TITLE_MAX_CHARS = 48
# A heading taller than this (two lines made bigger by edits) would reach the drawing below it.
MAX_HEADING_HEIGHT = 1.3
MAX_CARD_HEIGHT = 3.0  # a card grows up from y = 0.45; the frame's top edge is at y = 4
TITLE_LINES = 2
CARD_LINES = 3  # a title card has the room
CAPTION_SIZE = 26
CAPTION_LINES = 2

# Wrapped text is one Text per line, stacked: a Text holding several lines misplaces a line
# that starts with right-to-left script (it runs off both edges of the frame).
_CONSTANTS = """\
color = {color}  # main colour
accent = {accent}  # second colour
title_color = {title_color}
title_text = {title_text}
title_size = {title_size}
scale = 1.0  # size of the drawing
speed = 1.0  # >1 is faster
hold = {hold}  # seconds to wait at the end
show_title = True
caption = ""  # text at the bottom; empty for none
"""

_HEADING = f"""\
if show_title and title_text:
    title = VGroup(
        *(Text(line, font_size=title_size, color=title_color) for line in title_text.split("\\n"))
    ).arrange(DOWN, buff=0.15)
    if title.width > {MAX_TEXT_WIDTH}:
        title.scale_to_fit_width({MAX_TEXT_WIDTH})
    if title.height > {MAX_HEADING_HEIGHT}:
        title.scale_to_fit_height({MAX_HEADING_HEIGHT})
    title.to_edge(UP)
    # On its own backdrop, above the drawing: a line or shape that reaches up never runs
    # through the title's letters.
    title.add_background_rectangle(opacity=0.85).set_z_index(1)
    self.play(FadeIn(title, shift=DOWN * 0.3), run_time=0.6 / speed)
"""

# A title card shows its title big and centred instead of as a heading; its bottom stays above
# y = 0.45, so a title wrapped onto more lines grows upwards, away from the drawing under it.
_CARD = f"""\
if show_title and title_text:
    title = VGroup(
        *(Text(line, font_size=title_size, color=title_color) for line in title_text.split("\\n"))
    ).arrange(DOWN, buff=0.15)
    if title.width > {MAX_TEXT_WIDTH}:
        title.scale_to_fit_width({MAX_TEXT_WIDTH})
    if title.height > {MAX_CARD_HEIGHT}:
        title.scale_to_fit_height({MAX_CARD_HEIGHT})
    title.next_to(UP * 0.45, UP, buff=0)
    self.play(Write(title), run_time=1.2 / speed)
"""

_CAPTION = f"""\
if caption:
    note = VGroup(
        *(Text(line, font_size={CAPTION_SIZE}, color=GREY_A) for line in caption.split("\\n"))
    ).arrange(DOWN, buff=0.1)
    if note.width > {MAX_TEXT_WIDTH}:
        note.scale_to_fit_width({MAX_TEXT_WIDTH})
    note.to_edge(DOWN)
    note.add_background_rectangle(opacity=0.85).set_z_index(1)  # like a subtitle
    self.add(note)
"""


@dataclass(frozen=True)
class SceneTemplate:
    """One scene of a template lesson: its plan and the body of its `construct`."""

    plan: ScenePlan
    name: str  # CamelCase, appended to "Scene<n>" to name the class
    body: str  # runs after the heading; uses the constants and ends before `self.wait(hold)`
    title_text: str
    color: str = "BLUE"
    accent: str = "YELLOW"
    title_color: str = "WHITE"
    title_size: int = 40
    hold: float = 1.0
    card: bool = False
    extra: tuple[tuple[str, str], ...] = ()  # more constants: (name, python expression)


@dataclass(frozen=True)
class LessonTemplate:
    """A whole lesson: the plan sent to `plan_lesson` and one scene template per planned scene."""

    key: str
    title: str
    scenes: tuple[SceneTemplate, ...]

    @property
    def plan(self) -> LessonPlan:
        """The plan in the shape `plan_lesson` takes."""
        return LessonPlan(title=self.title, scenes=[scene.plan for scene in self.scenes])

    def code(self, index: int, number: int) -> str:
        """Code of the `index`-th scene (0-based), for the lesson's scene `number`."""
        return scene_code(self.scenes[index], number)


def scene_code(scene: SceneTemplate, number: int) -> str:
    """The complete Manim file for one scene: `from manim import *` and one Scene class."""
    constants = _CONSTANTS.format(
        color=scene.color,
        accent=scene.accent,
        title_color=scene.title_color,
        title_text=repr(_fitted_title(scene)),
        title_size=scene.title_size,
        hold=scene.hold,
    )
    constants += "".join(f"{name} = {value}\n" for name, value in scene.extra)
    parts = [
        constants,
        _CARD if scene.card else _HEADING,
        _CAPTION,
        textwrap.dedent(scene.body).strip("\n") + "\n",
        "self.wait(hold)\n",
    ]
    body = "\n".join(textwrap.indent(part, " " * 8) for part in parts)
    return (
        "from manim import *\n\n\n"
        f"class Scene{number}{scene.name}(Scene):\n"
        "    def construct(self):\n"
        f"{body}"
    )


def _fitted_title(scene: SceneTemplate) -> str:
    lines = CARD_LINES if scene.card else TITLE_LINES
    return fit(scene.title_text, MAX_TEXT_WIDTH, scene.title_size, lines)


def clean_text(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """User text made safe to show: printable, single-spaced, at most `limit` characters."""
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    single = " ".join(printable.split())
    if len(single) > limit:
        single = single[: limit - 1].rstrip() + "…"
    return single


def camel(text: str) -> str:
    """A CamelCase identifier fragment from a title ("Right triangles" -> "RightTriangles")."""
    words = re.findall(r"[A-Za-z0-9]+", text)
    name = "".join(word[:1].upper() + word[1:] for word in words)[:40]
    return name if name and not name[0].isdigit() else f"Part{name}"
