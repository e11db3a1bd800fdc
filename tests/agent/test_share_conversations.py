"""Share links through the lesson service and by conversation: real store, files and renders.

The lesson is made by a scripted model (tiny scenes); "share this lesson with my class" is then
answered by the offline model through the real `upload` tool.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from agents.testing import ScriptedModel, assistant_message

from agent.offline import OfflineLessonModel
from agent.tutor import TurnOptions, Tutor
from lessons.store.protocol import NotFound
from tests.agent.conftest import OpenTutor
from tests.agent.scripts import make_lesson_steps, scene_code
from tests.agent.test_cli import plays

pytestmark = pytest.mark.render

CODES = [scene_code(n) for n in range(1, 4)]
OFFLINE = TurnOptions(model=OfflineLessonModel())


async def lesson_without_export(tutor: Tutor) -> str:
    """Planned, written and rendered, never stitched."""
    model = tutor.model
    assert isinstance(model, ScriptedModel)
    model.extend([*make_lesson_steps(CODES)[:3], [assistant_message("Rendered.")]])
    result = await tutor.turn(await tutor.user("ada"), "chat-1", "a lesson about squares")
    assert result.ok and result.lesson_id, result.reply
    return result.lesson_id


async def test_sharing_stitches_a_lesson_and_the_link_follows_later_edits(
    open_tutor: OpenTutor,
) -> None:
    tutor = await open_tutor(ScriptedModel())
    service, ada = tutor.service, await tutor.user("ada")
    lesson = await lesson_without_export(tutor)
    assert await service.latest_export(ada, lesson) is None

    link = await service.share(ada, lesson)
    assert len(link.token) >= 32 and link.expires_at is None and not link.reused
    first = await service.latest_export(ada, lesson)
    assert first is not None  # publishing stitched the lesson
    shown = await service.shared_lesson(link.token)
    assert shown is not None and shown.video_key == first.video_key
    assert plays(await service.local_file(shown.video_key))
    assert "WEBVTT" in (await service.local_file(shown.subtitles_key)).read_text()
    assert (await service.share(ada, lesson)).token == link.token  # one link, handed out again

    await service.edit_scene(ada, lesson, 2, scene_code(2, "RED"), "red")
    later = await service.shared_lesson(link.token)
    assert later is not None and later.video_key != first.video_key  # the edit reaches learners

    timed = await service.share(ada, lesson, timedelta(hours=12))
    assert timed.token != link.token and timed.expires_at is not None
    assert timedelta(hours=11) < timed.expires_at - datetime.now(UTC) <= timedelta(hours=12)
    with pytest.raises(ValueError):
        await service.share(ada, lesson, timedelta(0))

    assert await service.unshare(ada, lesson) == 2
    assert await service.shared_lesson(link.token) is None
    assert await service.shared_lesson(timed.token) is None
    assert await service.active_share(ada, lesson) is None


async def test_another_user_can_neither_share_nor_revoke(open_tutor: OpenTutor) -> None:
    tutor = await open_tutor(ScriptedModel())
    service, ada, bob = tutor.service, await tutor.user("ada"), await tutor.user("bob")
    lesson = await lesson_without_export(tutor)
    link = await service.share(ada, lesson)
    for attempt in (service.share(bob, lesson), service.unshare(bob, lesson)):
        with pytest.raises(NotFound):
            await attempt
    assert await service.shared_lesson(link.token) is not None


async def test_share_this_lesson_with_my_class_by_conversation(open_tutor: OpenTutor) -> None:
    tutor = await open_tutor(ScriptedModel())
    ada = await tutor.user("ada")
    lesson = await lesson_without_export(tutor)

    shared = await tutor.turn(ada, "chat-1", "share this lesson with my class", options=OFFLINE)
    assert shared.ok and shared.lesson_id == lesson, shared.reply
    link = await tutor.service.active_share(ada, lesson)
    assert link is not None and link.expires_at is None
    url = f"http://localhost:{tutor.settings.port}/share/{link.token}"
    assert url in shared.reply, shared.reply
    assert await tutor.service.shared_lesson(link.token) is not None

    again = await tutor.turn(ada, "chat-1", "share it for 7 days please", options=OFFLINE)
    week = await tutor.service.active_share(ada, lesson)
    assert week is not None and week.token != link.token and week.expires_at is not None
    assert week.token in again.reply and "until" in again.reply

    stopped = await tutor.turn(ada, "chat-1", "stop sharing", options=OFFLINE)
    assert "2 links no longer work" in stopped.reply, stopped.reply
    assert await tutor.service.shared_lesson(link.token) is None
    assert await tutor.service.shared_lesson(week.token) is None


async def test_sharing_needs_a_lesson_first(open_tutor: OpenTutor) -> None:
    tutor = await open_tutor(OfflineLessonModel())
    reply = await tutor.turn(await tutor.user("ada"), "chat-9", "share this lesson with my class")
    assert "no lesson in this conversation" in reply.reply.lower(), reply.reply
