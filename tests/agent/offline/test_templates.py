"""Template lessons: valid plans, code that passes the static validator, edit-ready constants."""

from __future__ import annotations

import ast
import re

import pytest

from agent.offline.edit_requests import parse_changes
from agent.offline.edits import Edited, apply_changes
from agent.offline.scene_frame import LessonTemplate
from agent.offline.templates import TOPIC_TEMPLATES, lesson_for
from lessons.plan import LessonPlan
from tools.check import ApiIndex, check_code

ODD_TOPICS = (
    'quantum "entanglement" & <b>bits</b>',
    "it's a \\backslash {brace} Ελληνικά — ∑ 日本語 😀",
    '\'); import os; os.system("echo pwned")  # ' + "very long " * 30,
)
LESSONS: tuple[LessonTemplate, ...] = (*TOPIC_TEMPLATES, *(lesson_for(t) for t in ODD_TOPICS))
CONSTANTS = (
    "color", "accent", "title_color", "title_text", "title_size", "scale", "speed", "hold",
    "show_title", "caption",
)  # fmt: skip
EDITS = (
    "make it red",
    "use a green accent",
    "make the title teal",
    "change the title to 'A new title'",
    "make the title bigger",
    "make it smaller",
    "make it slower",
    "hold for 2 seconds",
    "remove the title",
    "add a caption 'Look here'",
)


def all_scenes() -> list[tuple[str, str]]:
    return [
        (f"{lesson.key}-{i + 1}", lesson.code(i, i + 1))
        for lesson in LESSONS
        for i in range(len(lesson.scenes))
    ]


@pytest.mark.parametrize(
    ("topic", "key"),
    [
        ("the Pythagorean theorem", "pythagoras"),
        ("Pythagoras", "pythagoras"),
        ("derivatives", "derivative"),
        ("the slope of a curve", "derivative"),
        ("tangent lines", "derivative"),
        ("sine waves", "sine"),
        ("the unit circle", "sine"),
        ("trigonometry", "sine"),
        ("photosynthesis", "generic"),
        ("business insights", "generic"),
    ],
)
def test_topic_matching(topic: str, key: str) -> None:
    assert lesson_for(topic).key == key


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.key)
def test_plans_are_valid(lesson: LessonTemplate) -> None:
    plan = LessonPlan.model_validate(lesson.plan.model_dump())
    expected = (3, 4) if lesson.key == "generic" else (4, 5)
    assert len(plan.scenes) in expected


@pytest.mark.parametrize(("name", "code"), all_scenes(), ids=[n for n, _ in all_scenes()])
def test_scene_code_passes_the_validator(name: str, code: str, api_index: ApiIndex) -> None:
    result = check_code(code, api_index)
    assert result.ok, [p.message for p in result.problems]
    tree = ast.parse(code)
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    assert len(classes) == 1
    number = int(name.rsplit("-", 1)[1])
    assert re.fullmatch(rf"Scene{number}[A-Z]\w*", classes[0].name)
    for constant in CONSTANTS:
        assert re.search(rf"^        {constant} = ", code, re.M), constant


@pytest.mark.parametrize("topic", ODD_TOPICS)
def test_generic_lessons_hold_user_text_as_string_literals_only(
    topic: str, api_index: ApiIndex
) -> None:
    lesson = lesson_for(topic)
    for i in range(len(lesson.scenes)):
        code = lesson.code(i, i + 1)
        assert "MathTex" not in code and "Tex(" not in code
        tree = ast.parse(code)
        # The topic never becomes code: no imports or calls beyond the template's own.
        assert not [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)][1:]
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        assert "os" not in names
        assert check_code(code, api_index).ok
    assert len(lesson.title) <= 48


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.key)
def test_every_edit_applies_to_every_scene(lesson: LessonTemplate, api_index: ApiIndex) -> None:
    for i in range(len(lesson.scenes)):
        code = lesson.code(i, i + 1)
        for text in EDITS:
            result = apply_changes(code, parse_changes(text))
            assert isinstance(result, Edited), (text, result)
            assert result.code != code
            assert check_code(result.code, api_index).ok, text
