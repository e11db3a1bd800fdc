"""A scene with a planted overlap, rendered for real through the lesson service: its layout
items end on its scene version and in the lesson view (what `tutor show --json` prints)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.turn_queue.events import progress_event, replay
from agent.tutor import TurnObserver
from lessons.progress import SceneProgress
from lessons.service import LessonService
from lessons.store.records import SceneDraft
from lessons.store.sqlite_store import SqliteLessonStore
from tests.agent.conftest import CountingRenderer
from tools.render.result import RenderError
from tools.storage.local import LocalStorage

pytestmark = pytest.mark.render

# Two words moved onto each other: the audit's plainest overlap.
OVERLAP = """from manim import *


class TwoWordsOverlap(Scene):
    def construct(self):
        a = Text("numerator", font_size=44).move_to(UP * 0.1)
        b = Text("denominator", font_size=44).move_to(DOWN * 0.1)
        self.play(FadeIn(a), FadeIn(b))
        self.wait(1)
"""
CLEAN = OVERLAP.replace("UP * 0.1", "UP * 1.5").replace("DOWN * 0.1", "DOWN * 1.5")


class NoDocs:
    def snippets(self, error: RenderError, code: str = "") -> list[str]:
        return []


async def test_a_planted_overlap_ends_in_the_version_and_the_view(
    store: SqliteLessonStore, renderer: CountingRenderer, tmp_path: Path
) -> None:
    service = LessonService(store, LocalStorage(tmp_path / "files"), renderer, NoDocs(), tmp_path)
    ada = await store.ensure_user("ada")
    drafts = [SceneDraft(title=f"S{n}", goal="g", narration="n", visual="v") for n in (1, 2)]
    lesson = await store.create_lesson(ada, "Fractions", "make it", "chat", "low", drafts)
    await store.add_version(ada, lesson.id, 1, OVERLAP, "first draft")
    await store.add_version(ada, lesson.id, 2, CLEAN, "first draft")

    seen: list[SceneProgress] = []
    await service.render_scenes(ada, lesson.id, listener=seen.append)

    shown = (await service.view(ada, lesson.id)).model_dump(mode="json")
    cramped, clean = shown["scenes"]
    assert (cramped["status"], clean["status"]) == ("ok", "ok")
    assert [item["kind"] for item in cramped["layout"]] == ["overlap"]
    assert cramped["layout"][0]["line"] in (6, 7, 8) and cramped["layout"][0]["objects"]
    assert clean["layout"] == []
    [kept] = await store.versions(ada, lesson.id, 1)
    assert [item.model_dump(mode="json") for item in kept.layout] == cramped["layout"]

    # The chat learns of them with the clip, also from a turn on a worker (events via Redis).
    done = {e.n: e for e in seen if e.stage == "done"}
    assert list(done[1].layout) == kept.layout and done[2].layout == ()
    replayed: list[SceneProgress] = []
    replay(json.loads(json.dumps(progress_event(done[1]))), TurnObserver(progress=replayed.append))
    assert replayed == [done[1]]
    await service.close()  # and the stitch's ffmpeg it started
