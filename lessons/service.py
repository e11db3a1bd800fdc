"""What can be done to a lesson: plan it, write and render scenes, edit, revert, stitch.

Plain async functions over the store, the file storage and the render engine; the agent's tools
and the command line both call these. Every call takes the acting user.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from lessons.assembly import LessonAssembler
from lessons.plan import LessonPlan
from lessons.ports import RepairDocs, SceneRenderer
from lessons.progress import ProgressListener, SceneProgress, ignore_progress
from lessons.store.protocol import LessonStore, NotFound
from lessons.store.records import Export, Lesson, Scene, SceneDraft, SceneVersion, User
from lessons.view import lesson_view, scene_view
from tools.check import FixResult, Problem, fix_code
from tools.media.webvtt import cue_starts
from tools.render.disk_full import disk_full_error, is_disk_full
from tools.render.result import RenderError, RenderFailed, RenderOk, RenderResult
from tools.storage.protocol import FileStorage, copy_object

log = logging.getLogger(__name__)
Quality = Literal["low", "medium", "high"]


@dataclass(frozen=True)
class WrittenCode:
    version: SceneVersion
    fixed: list[str]  # mechanical rewrites applied before storing
    problems: list[Problem]  # what static checks still find


@dataclass(frozen=True)
class RenderOutcome:
    n: int
    version: SceneVersion
    docs: list[str] = field(default_factory=list[str])  # doc snippets for a failure


class LessonService:
    def __init__(
        self,
        store: LessonStore,
        files: FileStorage,
        renderer: SceneRenderer,
        docs: RepairDocs,
        work_dir: Path,
    ) -> None:
        self.store = store
        self.files = files
        self.renderer = renderer
        self.docs = docs
        self.assembler = LessonAssembler(store, files, renderer, work_dir)

    # -- planning and code -------------------------------------------------------------------

    async def create_lesson(
        self, user: User, plan: LessonPlan, prompt: str, session_id: str, quality: Quality
    ) -> Lesson:
        drafts = [
            SceneDraft(title=s.title, goal=s.goal, narration=s.narration, visual=s.visual)
            for s in plan.scenes
        ]
        return await self.store.create_lesson(user, plan.title, prompt, session_id, quality, drafts)

    async def scene_number(self, user: User, lesson_id: str, n: int) -> int:
        """Resolve a 1-based scene number; negative numbers count from the end (-1 = last)."""
        count = len(await self.store.scenes(user, lesson_id))
        resolved = count + 1 + n if n < 0 else n
        if not 1 <= resolved <= count:
            raise NotFound(f"The lesson has scenes 1-{count}; there is no scene {n}.")
        return resolved

    async def write_code(
        self, user: User, lesson_id: str, n: int, code: str, note: str
    ) -> WrittenCode:
        """Store a new version of a scene's code, after the mechanical API fixes.

        The code is stored even if the fixer breaks (a bug of ours, logged with its traceback):
        then as written, and the render's own check reports what is wrong with it.
        """
        fixed = await self._fixed(code)
        version = await self.store.add_version(user, lesson_id, n, fixed.code, note)
        errors = [p for p in fixed.remaining if p.severity == "error"]
        return WrittenCode(version, fixed.changes, errors)

    async def _fixed(self, code: str) -> FixResult:
        for attempt in (1, 2):
            try:
                return await asyncio.to_thread(fix_code, code, self.renderer.api_index)
            except Exception:
                log.exception("fixing scene code failed (attempt %d of 2)", attempt)
        return FixResult(code=code, changes=[], remaining=[])

    # -- rendering ---------------------------------------------------------------------------

    async def render_scenes(
        self,
        user: User,
        lesson_id: str,
        numbers: list[int] | None = None,
        listener: ProgressListener = ignore_progress,
        repairing: frozenset[int] = frozenset(),
    ) -> list[RenderOutcome]:
        """Render, in parallel, each chosen scene's newest version that is not rendered yet.

        A scene already rendered is reported as it stands, without rendering it again.
        """
        lesson = await self.store.get_lesson(user, lesson_id)
        scenes = await self.store.scenes(user, lesson_id)
        chosen = [s for s in scenes if numbers is None or s.n in numbers]
        jobs: list[tuple[Scene, SceneVersion]] = []
        outcomes: list[RenderOutcome] = []
        for scene in chosen:
            latest = await self.store.latest_version(user, lesson_id, scene.n)
            if latest is None:
                continue
            if latest.status in ("pending", "rendering"):
                jobs.append((scene, latest))
                listener(SceneProgress(lesson_id, scene.n, scene.title, "queued", latest.number))
            else:
                outcomes.append(RenderOutcome(scene.n, latest))
        rendered = await asyncio.gather(
            *(
                self._render_one(user, lesson, scene, version, listener, scene.n in repairing)
                for scene, version in jobs
            )
        )
        return sorted([*outcomes, *rendered], key=lambda o: o.n)

    async def _render_one(
        self,
        user: User,
        lesson: Lesson,
        scene: Scene,
        version: SceneVersion,
        listener: ProgressListener,
        repaired: bool,
    ) -> RenderOutcome:
        if version.status == "pending":
            version = await self.store.set_status(user, version.id, "rendering")
        listener(SceneProgress(lesson.id, scene.n, scene.title, "rendering", version.number))
        result = await self.renderer.render(version.code, None, lesson.quality, owner=user.id)
        kept = await self._keep_clip(user, lesson, scene, version, result)
        if isinstance(kept, SceneVersion):
            done = kept
            listener(
                SceneProgress(
                    lesson.id,
                    scene.n,
                    scene.title,
                    "done",
                    done.number,
                    clip=await self.files.url(done.clip_key or ""),
                    poster=await self.files.url(done.poster_key or ""),
                    repaired=repaired,
                )
            )
            return RenderOutcome(scene.n, done)
        failed = await self.store.set_status(user, version.id, "failed", error=kept.error)
        listener(
            SceneProgress(
                lesson.id, scene.n, scene.title, "failed", failed.number, error=kept.error
            )
        )
        docs = await asyncio.to_thread(self._snippets, kept.error, version.code)
        return RenderOutcome(scene.n, failed, docs)

    def _snippets(self, error: RenderError, code: str) -> list[str]:
        try:
            return self.docs.snippets(error, code)
        except Exception:  # docs help a repair but must never turn a failure into a crash
            log.exception("doc lookup for a failed render failed")
            return []

    async def _keep_clip(
        self, user: User, lesson: Lesson, scene: Scene, version: SceneVersion, result: RenderResult
    ) -> SceneVersion | RenderFailed:
        """Store a good render's clip as this version's; a failure (or a full disk) as it is."""
        if not isinstance(result, RenderOk):
            return result
        try:
            return await self._store_clip(user, lesson, scene, version, result)
        except OSError as exc:
            if not is_disk_full(exc):
                raise
            log.error("storing the clip of scene %d failed: the disk is full", scene.n)
            return RenderFailed(error=disk_full_error())

    async def _store_clip(
        self, user: User, lesson: Lesson, scene: Scene, version: SceneVersion, result: RenderOk
    ) -> SceneVersion:
        prefix = f"u/{user.id}/l/{lesson.id}/s{scene.n}/v{version.number}"
        media = self.renderer.media  # the render's files, copied into the lesson's own keys
        await copy_object(media, result.video_key, self.files, f"{prefix}/clip.mp4", "video/mp4")
        await copy_object(media, result.poster_key, self.files, f"{prefix}/poster.png", "image/png")
        return await self.store.set_status(
            user,
            version.id,
            "ok",
            clip_key=f"{prefix}/clip.mp4",
            poster_key=f"{prefix}/poster.png",
            duration_s=result.duration_s,
        )

    # -- edits -------------------------------------------------------------------------------

    async def edit_scene(
        self,
        user: User,
        lesson_id: str,
        n: int,
        code: str,
        change: str,
        listener: ProgressListener = ignore_progress,
        repairing: bool = False,
    ) -> tuple[RenderOutcome, WrittenCode, Export | None]:
        """A new version of one scene, rendered alone; if it works, re-stitch the lesson.

        If it fails, the last good version stays live and the lesson is left as it was.
        """
        written = await self.write_code(user, lesson_id, n, code, f"edit: {change}")
        [outcome] = await self.render_scenes(
            user, lesson_id, [n], listener, frozenset({n}) if repairing else frozenset()
        )
        export = None
        if outcome.version.status == "ok":
            export = await self.assemble(user, lesson_id, listener)
        return outcome, written, export

    async def revert_scene(
        self, user: User, lesson_id: str, n: int, number: int | None = None
    ) -> SceneVersion:
        """Make an earlier ok version live: the one before the live one, or `number`."""
        live = await self.store.current_version(user, lesson_id, n)
        if number is None:
            older = [
                v
                for v in await self.store.versions(user, lesson_id, n)
                if v.status == "ok" and live is not None and v.number < live.number
            ]
            if not older:
                raise NotFound(f"Scene {n} has no earlier rendered version to go back to.")
            number = older[-1].number
        await self.store.pin_version(user, lesson_id, n, number)
        reverted = await self.store.current_version(user, lesson_id, n)
        assert reverted is not None  # pin_version accepts ok versions only
        return reverted

    # -- the lesson as a whole ---------------------------------------------------------------

    async def assemble(
        self, user: User, lesson_id: str, listener: ProgressListener = ignore_progress
    ) -> Export:
        return await self.assembler.assemble(user, lesson_id, listener)

    async def view(self, user: User, lesson_id: str) -> dict[str, Any]:
        """The lesson's state in the `--json` shape."""
        lesson = await self.store.get_lesson(user, lesson_id)
        scenes: list[dict[str, Any]] = []
        for scene in await self.store.scenes(user, lesson_id):
            live = await self.store.current_version(user, lesson_id, scene.n)
            latest = await self.store.latest_version(user, lesson_id, scene.n)
            clip = await self.files.url(live.clip_key) if live and live.clip_key else None
            scenes.append(scene_view(scene.n, scene.title, live, latest, clip))
        export = await self.store.latest_export(user, lesson_id)
        export_url = await self.files.url(export.video_key) if export else None
        return lesson_view(lesson.id, lesson.title, export_url, scenes)

    async def chapter_starts(self, user: User, lesson_id: str) -> list[float]:
        """Where each scene starts in the latest stitched lesson (seconds)."""
        export = await self.store.latest_export(user, lesson_id)
        if export is None:
            return []
        chapters = await self.files.local_path(export.chapters_key)
        return cue_starts(await asyncio.to_thread(chapters.read_text))

    async def render_preview(
        self, user: User, lesson_id: str, n: int, quality: Quality
    ) -> Path | None:
        """The live version of one scene rendered at another quality, outside the lesson."""
        live = await self.store.current_version(user, lesson_id, n)
        if live is None:
            return None
        result = await self.renderer.render(live.code, None, quality, owner=user.id)
        if not isinstance(result, RenderOk):
            return None
        return await self.renderer.media.local_path(result.video_key)

    async def scenes_without_code(self, user: User, lesson_id: str) -> list[int]:
        missing: list[int] = []
        for scene in await self.store.scenes(user, lesson_id):
            if await self.store.latest_version(user, lesson_id, scene.n) is None:
                missing.append(scene.n)
        return missing
