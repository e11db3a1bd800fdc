"""Stitch a lesson from each scene's live clip, with a titled card for a scene that has none;
the subtitles follow each clip's speech."""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
import uuid
from pathlib import Path

from lessons.narrations import SILENT, SceneVoice
from lessons.ports import SceneRenderer
from lessons.progress import ProgressListener, SceneProgress
from lessons.results import CannotRender
from lessons.store.protocol import LessonStore
from lessons.store.records import Export, ExportFiles, Scene, SceneVersion, User
from tools.media.assembler import ClipPart, Spans, assemble, start_stitch
from tools.media.placeholder import PLACEHOLDER_SCENE, placeholder_scene_code
from tools.media.warm_stitch import WarmStitch
from tools.render.result import RenderOk
from tools.storage.protocol import FileStorage

log = logging.getLogger(__name__)


class LessonAssembler:
    def __init__(
        self,
        store: LessonStore,
        files: FileStorage,
        renderer: SceneRenderer,
        voice: SceneVoice,
        work_dir: Path,
    ) -> None:
        self.store = store
        self.files = files
        self.renderer = renderer
        self.voice = voice
        self.work_dir = work_dir
        self._warm: asyncio.Task[WarmStitch | None] | None = None

    def prepare(self) -> None:
        """Start an ffmpeg for the next stitch now, while renders run (one at a time)."""
        if self._warm is None:
            self._warm = asyncio.get_running_loop().create_task(start_stitch(self.work_dir))

    def prepared_after_a_clip(self, listener: ProgressListener) -> ProgressListener:
        """`listener`, and `prepare` once a scene is rendered: a lesson is stitched after its
        scenes, and its first clip, the one a user waits for, renders without ffmpeg's start
        beside it."""

        def heard(event: SceneProgress) -> None:
            if event.stage in ("done", "failed"):
                self.prepare()
            listener(event)

        return heard

    async def close(self) -> None:
        """Stop the ffmpeg started ahead, if no stitch used it."""
        if (warm := await self._take_warm()) is not None:
            await warm.discard()

    async def _take_warm(self) -> WarmStitch | None:
        task, self._warm = self._warm, None
        if task is None:
            return None
        try:
            return await task
        except OSError as exc:  # the stitch then runs ffmpeg itself, and says what is wrong
            log.warning("could not start ffmpeg ahead of the stitch: %s", exc)
            return None

    async def assemble(self, user: User, lesson_id: str, listener: ProgressListener) -> Export:
        """A new export of the lesson as it stands now; earlier exports stay as they were."""
        lesson = await self.store.get_lesson(user, lesson_id)
        listener(SceneProgress(lesson_id, 0, lesson.title, "assembling"))
        parts: list[ClipPart] = []
        used: list[int] = []
        self.work_dir.mkdir(parents=True, exist_ok=True)
        out_dir = Path(tempfile.mkdtemp(dir=self.work_dir, prefix="assemble-"))
        try:
            for state in await self.store.scene_states(user, lesson_id):
                scene, live = state.scene, state.current
                if live is not None and live.clip_key:
                    video = await self.files.local_path(live.clip_key)
                    used.append(live.number)
                    text, spans = _said(scene, live)
                else:
                    video = await self._placeholder(scene, state.latest, lesson.quality, out_dir)
                    used.append(0)
                    text, spans = scene.narration, None
                parts.append(ClipPart(title=scene.title, video=video, narration=text, spans=spans))
            made = await assemble(parts, out_dir, warm=await self._take_warm())
            prefix = f"u/{user.id}/l/{lesson_id}/exports/{uuid.uuid4().hex}"
            files = ExportFiles(
                video_key=f"{prefix}/lesson.mp4",
                chapters_key=f"{prefix}/chapters.vtt",
                subtitles_key=f"{prefix}/subtitles.vtt",
                duration_s=made.duration_s,
                scene_versions=used,
            )
            await self.files.put(files.video_key, made.video, "video/mp4")
            await self.files.put(files.chapters_key, made.chapters_vtt, "text/vtt")
            await self.files.put(files.subtitles_key, made.subtitles_vtt, "text/vtt")
        finally:
            shutil.rmtree(out_dir, ignore_errors=True)
        export = await self.store.add_export(user, lesson_id, files)
        await self.store.touch_lesson(user, lesson_id)
        listener(
            SceneProgress(
                lesson_id,
                0,
                lesson.title,
                "done",
                clip=await self.files.url(export.video_key),
                clip_key=export.video_key,
            )
        )
        return export

    async def _placeholder(
        self, scene: Scene, latest: SceneVersion | None, quality: str, out_dir: Path
    ) -> Path:
        """A titled card for a scene without a clip, with a silent track like every clip's."""
        card = await self._card(scene, latest, quality)
        narrated = await self.voice.lay_over(card, None)
        return narrated.rename(out_dir / f"card-{scene.n}.mp4")

    async def _card(self, scene: Scene, latest: SceneVersion | None, quality: str) -> Path:
        reason = "This scene could not be rendered yet."
        if latest is not None and latest.status in ("pending", "rendering"):
            reason = "This scene is still being made."
        code = placeholder_scene_code(scene.n, scene.title, reason)
        result = await self.renderer.render(code, PLACEHOLDER_SCENE, quality)  # type: ignore[arg-type]
        if not isinstance(result, RenderOk) and result.error.kind == "environment":
            hint = f" {result.error.hint}" if result.error.hint else ""
            raise CannotRender(
                f"Scene {scene.n} has no clip yet and its placeholder card could not be rendered "
                f"either, so the lesson was not stitched. {result.error.message}{hint}"
            )
        if not isinstance(result, RenderOk):  # our own card failing means the renderer is broken
            raise RuntimeError(f"placeholder card failed to render: {result.error.message}")
        return await self.renderer.media.local_path(result.video_key)


def _said(scene: Scene, live: SceneVersion) -> tuple[str, Spans | None]:
    """A clip's words and when they are heard (None: spread over the clip, as when silent)."""
    narration = live.narration
    if narration is None:
        return scene.narration, None
    if narration.voice == SILENT or not narration.spans:
        return narration.text, None
    return narration.text, [(s.start_s, s.end_s, s.text) for s in narration.spans]
