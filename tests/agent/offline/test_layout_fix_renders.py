"""Fix layout for real: a scene whose live clip has layout items (planted: the question moved
onto the topic) is rewritten from its template, re-rendered clean; asked again, nothing renders."""

from __future__ import annotations

import pytest

from agent.offline.templates import lesson_for
from tests.agent.conftest import CountingRenderer, OpenTutor

pytestmark = pytest.mark.render


async def test_fix_layout_rerenders_a_cramped_scene_and_leaves_a_clean_one(
    open_tutor: OpenTutor, renderer: CountingRenderer
) -> None:
    tutor = await open_tutor(None)  # nothing configured: the offline model
    service, user = tutor.service, await tutor.user("ada")
    template = lesson_for("Fractions")
    lesson = await service.create_lesson(user, template.plan, "fractions", "s-1", "low")
    good = template.code(1, 2)
    cramped = good.replace("question.next_to(frame, DOWN, buff=0.6)", "question.move_to(name)")
    assert cramped != good
    await service.write_code(user, lesson.id, 2, cramped, "draft")
    await service.render_scenes(user, lesson.id, [2])
    planted = (await service.view(user, lesson.id)).scenes[1]
    assert planted.status == "ok" and "overlap" in {item.kind for item in planted.layout}

    fixed = await tutor.turn(user, "s-1", "Fix the layout of scene 2.", lesson_id=lesson.id)
    assert fixed.ok and "Done: scene 2 is now version 2" in fixed.reply, fixed.reply
    assert "The layout audit finds nothing wrong with the new clip." in fixed.reply
    scene = (await service.view(user, lesson.id)).scenes[1]
    assert (scene.status, scene.version, scene.layout) == ("ok", 2, [])
    [live] = [v for v in await service.versions(user, lesson.id, 2) if v.number == 2]
    assert live.code == good  # the template's code: nothing of the user's to keep here

    renders = len(renderer.calls)
    again = await tutor.turn(user, "s-1", "fix the layout in scene 2", lesson_id=lesson.id)
    assert "Scene 2's layout already looks clean" in again.reply, again.reply
    assert len(renderer.calls) == renders  # nothing rendered
    assert (await service.view(user, lesson.id)).scenes[1].version == 2
