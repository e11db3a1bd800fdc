"""A lesson's scenes reach the renderer in scene order, though the work before each render (the
store, the narration's speech) finishes in any order: the lesson's first clip is scene 1's.
A real SQLite store and real clip files; the voice is slowest for scene 1."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from lessons.service import LessonService
from lessons.store.records import SceneDraft
from lessons.store.sqlite_store import SqliteLessonStore
from tests.lessons.test_scene_layout import NoDocs, ScriptedRenderer
from tests.tools.media.audio import plain_video
from tools.media.voices.speech import Speech
from tools.render.result import RenderResult
from tools.storage.local import LocalStorage

SCENES = 4
DRAFTS = [
    SceneDraft(title=f"S{n}", goal="g", narration=f"scene {n}", visual="v")
    for n in range(1, SCENES + 1)
]


class SlowFirstVoice:
    """Answers scene 1's narration last (and says nothing: the clips stay silent)."""

    key = "slow-first"

    async def speak(self, text: str) -> Speech | None:
        n = int(text.split()[-1])
        await asyncio.sleep(0.05 * (SCENES - n + 1))
        return None


class OrderedRenderer(ScriptedRenderer):
    def __init__(self, media: LocalStorage) -> None:
        super().__init__(media)
        self.asked: list[str] = []

    async def render(self, code: str, *args: Any, **kwargs: Any) -> RenderResult:
        self.asked.append(code)
        return await super().render(code, *args, **kwargs)


async def test_scenes_are_rendered_in_scene_order_though_scene_1_is_ready_last(
    store: SqliteLessonStore, tmp_path: Path
) -> None:
    media = LocalStorage(tmp_path / "media")
    plain_video(media.path_for("v.mp4"), 1.0)
    media.path_for("p.png").write_bytes(b"x")
    renderer = OrderedRenderer(media)
    service = LessonService(
        store, LocalStorage(tmp_path / "files"), renderer, NoDocs(), tmp_path, SlowFirstVoice()
    )
    ada = await store.ensure_user("ada")
    lesson = await store.create_lesson(ada, "T", "make it", "chat", "low", DRAFTS)
    for n in range(1, SCENES + 1):
        await store.add_version(ada, lesson.id, n, f"code {n}", "first draft")

    # One call for all scenes, then the same as one call per scene (as the early renders ask).
    outcomes = await service.render_scenes(ada, lesson.id)
    assert [o.version.status for o in outcomes] == ["ok"] * SCENES
    assert renderer.asked == [f"code {n}" for n in range(1, SCENES + 1)]

    renderer.asked.clear()
    for n in range(1, SCENES + 1):
        await store.add_version(ada, lesson.id, n, f"code {n} again", "second draft")
    calls = [service.render_scenes(ada, lesson.id, [n]) for n in range(1, SCENES + 1)]
    await asyncio.gather(*calls)
    assert renderer.asked == [f"code {n} again" for n in range(1, SCENES + 1)]
    await service.close()  # and the stitch's ffmpeg it started
