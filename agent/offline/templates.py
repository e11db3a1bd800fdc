"""Which lesson template fits a topic: a few topics done well, a generic outline for the rest."""

from __future__ import annotations

import re

from agent.offline.scene_frame import LessonTemplate
from agent.offline.templates_derivative import DERIVATIVE
from agent.offline.templates_generic import generic_lesson
from agent.offline.templates_pythagoras import PYTHAGORAS
from agent.offline.templates_sine import SINE

# Checked in order; the first pattern found anywhere in the topic wins.
_TOPICS: tuple[tuple[re.Pattern[str], LessonTemplate], ...] = (
    (re.compile(r"pythagor|hypotenuse|a\^?2\s*\+\s*b\^?2", re.I), PYTHAGORAS),
    (re.compile(r"derivative|differentiat|slope|tangent", re.I), DERIVATIVE),
    (re.compile(r"\bsine?s?\b|unit circle|trig", re.I), SINE),
)

TOPIC_TEMPLATES: tuple[LessonTemplate, ...] = tuple(template for _, template in _TOPICS)


def lesson_for(topic: str) -> LessonTemplate:
    """The template lesson for `topic`: a matching topic template, else the generic outline."""
    for pattern, template in _TOPICS:
        if pattern.search(topic):
            return template
    return generic_lesson(topic)
