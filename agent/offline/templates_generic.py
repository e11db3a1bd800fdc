"""A plain lesson outline for any topic: title card, key question, a simple diagram, summary.

The topic is user text, so it only ever reaches scene code as a `repr()` string literal shown
with `Text` (never `MathTex`, where it would be LaTeX source), cleaned and truncated first.
"""

from __future__ import annotations

from agent.offline.scene_frame import LessonTemplate, SceneTemplate, clean_text
from agent.offline.text_fit import fit
from lessons.plan import ScenePlan

# Longest topic shown inside a diagram box; the title card allows the full title length.
_BOX_CHARS = 32
_TOPIC_LINES = 2

_TITLE_BODY = """
    underline = Line(LEFT * 3, RIGHT * 3, color=color).scale(scale)
    underline.next_to(ORIGIN, UP, buff=0.1)
    subtitle = Text("A short lesson", font_size=36, color=accent).scale(scale)
    subtitle.next_to(underline, DOWN, buff=0.5)
    self.play(Create(underline), run_time=0.8 / speed)
    self.play(FadeIn(subtitle, shift=UP * 0.3), run_time=0.8 / speed)
"""

_QUESTION_BODY = """
    name = VGroup(
        *(Text(line, font_size=44, color=color) for line in topic.split("\\n"))
    ).arrange(DOWN, buff=0.12)
    if name.width > 10:
        name.scale_to_fit_width(10)
    frame = SurroundingRectangle(name, color=color, buff=0.4, corner_radius=0.2)
    question = Text("What is it, and why does it matter?", font_size=32, color=accent)
    question.next_to(frame, DOWN, buff=0.6)
    group = VGroup(name, frame, question).scale(scale).move_to(DOWN * 0.3)
    self.play(Create(frame), FadeIn(name), run_time=1 / speed)
    self.play(Write(question), run_time=1 / speed)
"""

_DIAGRAM_BODY = """
    name = VGroup(
        *(Text(line, font_size=34, color=WHITE) for line in topic.split("\\n"))
    ).arrange(DOWN, buff=0.12)
    if name.width > 6:
        name.scale_to_fit_width(6)
    hub = SurroundingRectangle(name, color=color, buff=0.35, corner_radius=0.3)
    hub.set_fill(color, opacity=0.25)
    center = VGroup(hub, name).move_to(UP * 0.6)
    boxes = VGroup()
    for word in ("parts", "steps", "examples"):
        label = Text(word, font_size=28)
        box = SurroundingRectangle(label, color=accent, buff=0.25, corner_radius=0.15)
        boxes.add(VGroup(box, label))
    boxes.arrange(RIGHT, buff=1.0).move_to(DOWN * 2)
    arrows = VGroup(*(Arrow(hub.get_bottom(), b.get_top(), buff=0.1) for b in boxes))
    VGroup(center, boxes, arrows).scale(scale)
    self.play(FadeIn(center, scale=0.8), run_time=0.8 / speed)
    self.play(LaggedStart(*(GrowArrow(a) for a in arrows), lag_ratio=0.3), run_time=1 / speed)
    self.play(LaggedStart(*(FadeIn(b) for b in boxes), lag_ratio=0.3), run_time=1 / speed)
"""

_SUMMARY_BODY = """
    points = ("what it is", "how it works", "where it shows up")
    rows = VGroup()
    for point in points:
        mark = Text("✓", font_size=36, color=accent)
        text = Text(point, font_size=34)
        rows.add(VGroup(mark, text).arrange(RIGHT, buff=0.3))
    rows.arrange(DOWN, aligned_edge=LEFT, buff=0.45)
    name = VGroup(
        *(Text(line, font_size=30, color=color) for line in topic.split("\\n"))
    ).arrange(DOWN, buff=0.12)
    if name.width > 10:
        name.scale_to_fit_width(10)
    name.next_to(rows, UP, buff=0.6)
    VGroup(name, rows).scale(scale).move_to(DOWN * 0.3)
    self.play(FadeIn(name), run_time=0.6 / speed)
    for row in rows:
        self.play(FadeIn(row, shift=RIGHT * 0.3), run_time=0.5 / speed)
"""


def generic_lesson(topic: str) -> LessonTemplate:
    """A 4-scene outline lesson about any topic; the topic appears as text only."""
    title = clean_text(topic) or "Your topic"
    title = title[:1].upper() + title[1:]
    short = clean_text(title, _BOX_CHARS)

    def shown(width: float, font_size: float) -> tuple[tuple[str, str], ...]:
        # Each scene shows the topic in a box of its own width and font size (see the bodies).
        return (("topic", repr(fit(short, width, font_size, _TOPIC_LINES))),)

    scenes = (
        SceneTemplate(
            plan=ScenePlan(
                title=title,
                goal=f"Know what this lesson is about: {title}.",
                narration=f"Welcome! This short lesson is about {title}.",
                visual="The topic is written as a big title; a line grows under it and "
                "'A short lesson' fades in below.",
            ),
            name="Title",
            title_text=title,
            title_size=52,
            card=True,
            body=_TITLE_BODY,
        ),
        SceneTemplate(
            plan=ScenePlan(
                title="The key question",
                goal=f"Frame the lesson around one question about {title}.",
                narration=f"Here is the question to keep in mind: what is {title}, "
                "and why does it matter?",
                visual="The topic appears in a rounded box; the question 'What is it, and why "
                "does it matter?' is written below it.",
            ),
            name="KeyQuestion",
            title_text="The key question",
            body=_QUESTION_BODY,
            extra=shown(10, 44),
        ),
        SceneTemplate(
            plan=ScenePlan(
                title="Breaking it down",
                goal=f"See {title} as something with parts, steps and examples.",
                narration=f"A good way into {title} is to ask: what are its parts, what "
                "happens step by step, and what are some examples?",
                visual="The topic sits in a box at the top; three arrows grow down to boxes "
                "labelled parts, steps and examples.",
            ),
            name="BreakingItDown",
            title_text="Breaking it down",
            body=_DIAGRAM_BODY,
            extra=shown(6, 34),
        ),
        SceneTemplate(
            plan=ScenePlan(
                title="Summary",
                goal=f"Leave with a checklist for understanding {title}.",
                narration=f"To understand {title}, know what it is, how it works and where it "
                "shows up.",
                visual="The topic at the top and a checklist of three points appearing one by "
                "one, each with a tick.",
            ),
            name="Summary",
            title_text="Summary",
            body=_SUMMARY_BODY,
            extra=shown(10, 30),
        ),
    )
    return LessonTemplate(key="generic", title=title, scenes=scenes)
