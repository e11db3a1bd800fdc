"""What a lesson was left without, read from a real SQLite store: scenes a crash left unrendered,
scenes without code, and scenes whose render could not run (kind `environment`), which are
queued again as new versions of the same code while a scene's own failure is left alone."""

from __future__ import annotations

from lessons.store.records import ClipFiles, SceneDraft
from lessons.store.sqlite_store import SqliteLessonStore
from lessons.unfinished import Unfinished, find_unfinished, requeue_blocked
from tools.render.result import RenderError

DRAFTS = [SceneDraft(title=f"S{i}", goal="g", narration="n", visual="v") for i in range(1, 6)]
QUEUE_DOWN = RenderError(kind="environment", message="The render queue cannot be reached.")
BUG = RenderError(kind="runtime", message="a bug in the scene", line=3)


async def test_blocked_scenes_are_found_and_queued_again_as_new_versions(
    store: SqliteLessonStore,
) -> None:
    ada = await store.ensure_user("ada")
    lesson = await store.create_lesson(ada, "T", "p", "chat", "low", DRAFTS)
    good = await store.add_version(ada, lesson.id, 1, "good", "first draft")
    good = await store.set_status(ada, good.id, "ok", clip=ClipFiles(clip_key="1.mp4"))
    down = await store.add_version(ada, lesson.id, 1, "edit", "edit: red")  # the edit was blocked
    down = await store.set_status(ada, down.id, "failed", error=QUEUE_DOWN)
    await store.add_version(ada, lesson.id, 2, "pending", "first draft")  # a crash left it
    buggy = await store.add_version(ada, lesson.id, 3, "buggy", "first draft")
    await store.set_status(ada, buggy.id, "failed", error=BUG)
    blocked = await store.add_version(ada, lesson.id, 4, "never ran", "first draft")
    blocked = await store.set_status(ada, blocked.id, "failed", error=QUEUE_DOWN)
    # scene 5: no code at all

    todo = await find_unfinished(store, ada, lesson.id)
    assert todo == Unfinished(interrupted=[2], missing=[5], blocked=[1, 4])
    assert (todo.scenes, todo.to_render) == ([1, 2, 4, 5], [1, 2, 4])

    await requeue_blocked(store, ada, lesson.id, [1, 2, 3, 4, 5])
    one = await store.versions(ada, lesson.id, 1)
    assert one[:2] == [good, down]  # kept as they were
    assert (one[2].number, one[2].code, one[2].status, one[2].parent_number) == (
        3, "edit", "pending", 1,
    )  # fmt: skip
    assert "retry of version 2" in one[2].note
    four = await store.versions(ada, lesson.id, 4)
    assert [(v.number, v.code, v.status) for v in four] == [
        (1, "never ran", "failed"), (2, "never ran", "pending"),
    ]  # fmt: skip
    assert len(await store.versions(ada, lesson.id, 2)) == 1  # pending already: rendered as is
    assert len(await store.versions(ada, lesson.id, 3)) == 1  # its own bug: left for a repair
    assert await store.versions(ada, lesson.id, 5) == []
    # Queued again, they are now what a crash would have left: rendered by the next render.
    assert await find_unfinished(store, ada, lesson.id) == Unfinished(
        interrupted=[1, 2, 4], missing=[5]
    )
