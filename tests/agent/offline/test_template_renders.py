"""Every template scene really renders in the sandbox, and so do edited versions."""

from __future__ import annotations

import asyncio
import os
import statistics
from collections.abc import Callable

import pytest

from agent.offline.edit_requests import parse_changes
from agent.offline.edits import Edited, apply_changes
from agent.offline.scene_frame import LessonTemplate
from agent.offline.templates import TOPIC_TEMPLATES, lesson_for
from tools.render.engine import RenderEngine
from tools.render.result import RenderOk, RenderResult

pytestmark = pytest.mark.render

RENDERED = (
    *TOPIC_TEMPLATES,
    lesson_for('quantum "entanglement" & <b>bits</b>'),
    lesson_for("it's a \\backslash {brace} Ελληνικά — ∑ 日本語 😀"),
)
# Each scene is meant to be a few seconds of video, rendered in a few seconds.
MIN_SECONDS, MAX_SECONDS = 2.5, 8.0


def failures(results: list[RenderResult]) -> list[str]:
    """Renders that failed, and good ones the layout audit found something wrong with."""
    return [
        f"{i + 1}: {r.error.kind}: {r.error.message}\n{r.error.log_tail}"
        if not isinstance(r, RenderOk)
        else f"{i + 1}: layout: {[item.message for item in r.layout]}"
        for i, r in enumerate(results)
        if not isinstance(r, RenderOk) or r.layout
    ]


@pytest.mark.parametrize("lesson", RENDERED, ids=lambda lesson: lesson.key)
async def test_every_template_scene_renders(
    lesson: LessonTemplate, shared_engine: RenderEngine
) -> None:
    # The agent tests' shared engine: the other tests that render these scenes (the layout
    # check of offline lessons) find them in its cache.
    engine = shared_engine
    codes = [lesson.code(i, i + 1) for i in range(len(lesson.scenes))]
    results = await asyncio.gather(*(engine.render(code, quality="low") for code in codes))
    assert not failures(results)
    durations = [r.duration_s for r in results if isinstance(r, RenderOk)]
    assert all(MIN_SECONDS <= d <= MAX_SECONDS for d in durations), durations
    print(
        f"{lesson.key}: durations {durations}, median elapsed "
        f"{statistics.median(r.elapsed_s for r in results):.2f}s"
    )


async def test_each_kind_of_edit_renders(make_engine: Callable[..., RenderEngine]) -> None:
    engine = make_engine(workers=os.cpu_count() or 2)
    base = TOPIC_TEMPLATES[0].code(1, 2)  # the right triangle scene
    edits = (
        "make the triangle red",
        "make it bigger",
        "make it slower",
        "add a caption 'The legs meet at a right angle'",
        "remove the title",
        "change the title to 'Ελληνικά “triangles”'",
        "make the title bigger",
        "add a caption 'A caption long enough to need two lines at the bottom of the frame'",
    )
    codes = [base]
    for text in edits:
        result = apply_changes(base, parse_changes(text))
        assert isinstance(result, Edited), text
        codes.append(result.code)
    results = await asyncio.gather(*(engine.render(code, quality="low") for code in codes))
    assert not failures(results)
    ok = [r for r in results if isinstance(r, RenderOk)]
    original, slower = ok[0].duration_s, ok[3].duration_s
    assert slower > original + 1.0, (original, slower)  # speed = 0.5 stretches the animations
    assert ok[5].duration_s < original  # no title animation
