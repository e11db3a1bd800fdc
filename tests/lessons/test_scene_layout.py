"""A good render's layout items reach its scene version and the lesson view (`--json`),
through the service, with a scripted renderer: nothing is rendered here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lessons.service import LessonService
from lessons.store.records import SceneDraft
from lessons.store.sqlite_store import SqliteLessonStore
from tests.tools.media.audio import plain_video
from tools.check import ApiIndex
from tools.render.layout import LayoutItem
from tools.render.result import RenderError, RenderFailed, RenderOk, RenderResult
from tools.storage.local import LocalStorage

OVERLAP = LayoutItem(
    kind="overlap",
    message="Text('grows with…') is drawn over Text('a² + b²'): place it with next_to.",
    at_s=1.25,
    line=6,
    objects=["Text('grows with…')", "Text('a² + b²')"],
)
DRAFTS = [SceneDraft(title=f"S{i}", goal="g", narration="n", visual="v") for i in (1, 2, 3)]


class ScriptedRenderer:
    """Answers by the code: "cramped" renders with an overlap, "boom" fails, else clean."""

    def __init__(self, media: LocalStorage) -> None:
        self._media = media

    @property
    def api_index(self) -> ApiIndex:
        raise AssertionError("no code checks here")

    @property
    def media(self) -> LocalStorage:
        return self._media

    async def render(self, code: str, *args: Any, **kwargs: Any) -> RenderResult:
        if code == "boom":
            return RenderFailed(error=RenderError(kind="runtime", message="boom"))
        layout = [OVERLAP] if code == "cramped" else []
        return RenderOk(video_key="v.mp4", poster_key="p.png", duration_s=2.0, layout=layout)

    def prewarm(self, keep_warm: bool = True) -> None: ...

    async def close(self) -> None: ...


class NoDocs:
    def snippets(self, error: RenderError, code: str = "") -> list[str]:
        return []


async def test_the_view_shows_each_live_clips_layout_items(
    store: SqliteLessonStore, tmp_path: Path
) -> None:
    media = LocalStorage(tmp_path / "media")
    plain_video(media.path_for("v.mp4"), 2.0)  # the service adds its (silent) track
    media.path_for("p.png").write_bytes(b"x")
    service = LessonService(
        store, LocalStorage(tmp_path / "files"), ScriptedRenderer(media), NoDocs(), tmp_path
    )
    ada = await store.ensure_user("ada")
    lesson = await store.create_lesson(ada, "T", "make it", "chat", "low", DRAFTS)
    for n, code in ((1, "cramped"), (2, "clean"), (3, "boom")):
        await store.add_version(ada, lesson.id, n, code, "first draft")

    await service.render_scenes(ada, lesson.id)

    view = await service.view(ada, lesson.id)
    assert [s.layout for s in view.scenes] == [[OVERLAP], [], []]
    assert view.model_dump(mode="json")["scenes"][0]["layout"] == [OVERLAP.model_dump()]
    [failed] = await service.versions(ada, lesson.id, 3)
    assert (failed.status, failed.layout) == ("failed", [])
    # A clean re-render of the cramped scene: the new live version has none.
    await store.add_version(ada, lesson.id, 1, "clean", "polish: layout")
    await service.render_scenes(ada, lesson.id, [1])
    assert [v.layout for v in await service.versions(ada, lesson.id, 1)] == [[OVERLAP], []]
    assert (await service.view(ada, lesson.id)).scenes[0].layout == []
    await service.close()  # and the stitch's ffmpeg it started
