"""A render stopped before its result (its code was rewritten in the same turn, or the app is
stopping) leaves its version pending, not "rendering" for ever; a real SQLite store, and a
renderer that never answers, so the moment of the stop is the test's."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from lessons.service import LessonService
from lessons.store.records import SceneDraft
from lessons.store.sqlite_store import SqliteLessonStore
from tests.lessons.test_scene_layout import NoDocs, ScriptedRenderer
from tools.render.result import RenderResult
from tools.storage.local import LocalStorage

DRAFTS = [SceneDraft(title="S1", goal="g", narration="n", visual="v")]


class StuckRenderer(ScriptedRenderer):
    """Starts every render and never finishes one."""

    def __init__(self, media: LocalStorage) -> None:
        super().__init__(media)
        self.started = asyncio.Event()

    async def render(self, code: str, *args: Any, **kwargs: Any) -> RenderResult:
        self.started.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


async def test_a_stopped_render_leaves_its_version_pending(
    store: SqliteLessonStore, tmp_path: Path
) -> None:
    renderer = StuckRenderer(LocalStorage(tmp_path / "media"))
    service = LessonService(store, LocalStorage(tmp_path / "files"), renderer, NoDocs(), tmp_path)
    ada = await store.ensure_user("ada")
    lesson = await store.create_lesson(ada, "T", "make it", "chat", "low", DRAFTS)
    await store.add_version(ada, lesson.id, 1, "code", "first draft")

    rendering = asyncio.create_task(service.render_scenes(ada, lesson.id, [1]))
    await asyncio.wait_for(renderer.started.wait(), 10)
    [version] = await service.versions(ada, lesson.id, 1)
    assert version.status == "rendering"
    rendering.cancel()
    await asyncio.gather(rendering, return_exceptions=True)

    [version] = await service.versions(ada, lesson.id, 1)
    assert version.status == "pending"
