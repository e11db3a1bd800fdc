"""What can be done to a lesson: plan it, write and render scenes, edit, revert, stitch.

The one way in to lessons and their files for the agent's tools, the command line and the chat:
nothing outside `lessons/` reaches the store or the file storage behind it. Every call takes
the acting user.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from pathlib import Path

from lessons.assembly import LessonAssembler
from lessons.plan import LessonPlan
from lessons.ports import RepairDocs, SceneRenderer
from lessons.progress import ProgressListener, SceneProgress, ignore_progress
from lessons.repairs import RepairBudget
from lessons.results import (
    EditOutcome,
    PublicLesson,
    RenderOutcome,
    RepairLimit,
    Reverted,
    ShareLink,
    WrittenCode,
)
from lessons.scene_renders import SceneRenders
from lessons.sharing import LessonSharing
from lessons.store.protocol import LessonStore, NotFound
from lessons.store.records import Export, Lesson, Scene, SceneDraft, SceneVersion, User
from lessons.unfinished import Unfinished, find_unfinished, requeue_blocked
from lessons.view import LessonView, scene_view
from tools.check import FixResult, fix_code
from tools.media.quality import QualityName
from tools.media.webvtt import cue_starts
from tools.render.result import RenderOk
from tools.storage.protocol import FileStorage

log = logging.getLogger(__name__)


class LessonService:
    def __init__(
        self,
        store: LessonStore,
        files: FileStorage,
        renderer: SceneRenderer,
        docs: RepairDocs,
        work_dir: Path,
    ) -> None:
        self._store = store
        self._files = files
        self.renderer = renderer
        self._docs = docs
        self._assembler = LessonAssembler(store, files, renderer, work_dir)
        self._renders = SceneRenders(store, files, renderer, docs)
        self._sharing = LessonSharing(store, self._assembler)

    def warm_up(self, keep_warm: bool = True) -> None:
        """Start render sandboxes ahead of the first renders (kept warm in a long-running app)."""
        self.renderer.prewarm(keep_warm)

    async def load_api_index(self) -> None:
        """Build or load the Manim API index the code checks need (~10 s the first time)."""
        await asyncio.to_thread(lambda: self.renderer.api_index)

    async def resume_uploads(self) -> None:
        """Upload files an earlier run saved while the storage was unreachable (in the background)."""
        await self._files.start()

    async def finish_uploads(self, timeout_s: float = 0.0) -> list[str]:
        """Keys saved here and still waiting for the storage, after trying them for `timeout_s`."""
        return await self._files.drain(timeout_s)

    async def close(self) -> None:
        """Stop the renderer's warm sandboxes and uploads, and close the store."""
        await self.renderer.close()
        await self._files.close()
        self._store.close()

    # -- planning and code -------------------------------------------------------------------

    async def create_lesson(
        self, user: User, plan: LessonPlan, prompt: str, session_id: str, quality: QualityName
    ) -> Lesson:
        drafts = [
            SceneDraft(title=s.title, goal=s.goal, narration=s.narration, visual=s.visual)
            for s in plan.scenes
        ]
        return await self._store.create_lesson(
            user, plan.title, prompt, session_id, quality, drafts
        )

    async def scene_number(self, user: User, lesson_id: str, n: int) -> int:
        """Resolve a 1-based scene number; negative numbers count from the end (-1 = last)."""
        count = len(await self._store.scenes(user, lesson_id))
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
        version = await self._store.add_version(user, lesson_id, n, fixed.code, note)
        errors = [p for p in fixed.remaining if p.severity == "error"]
        return WrittenCode(version=version, fixed=fixed.changes, problems=errors)

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
        budget: RepairBudget | None = None,
    ) -> list[RenderOutcome]:
        """Render, in parallel, each chosen scene's newest version that is not rendered yet.

        A scene already rendered is reported as it stands, without rendering it again. With a
        `budget` (a turn's), scenes past their repair limit raise `RepairLimit` and every
        result is counted against it.
        """
        if budget is not None and (refusal := budget.refusal(numbers or [])) is not None:
            raise RepairLimit(refusal)
        outcomes = await self._renders.render(
            user, lesson_id, numbers, listener, budget.repairing() if budget else frozenset()
        )
        if budget is not None:
            for outcome in outcomes:
                budget.record(outcome.n, outcome.version)
        return outcomes

    # -- edits -------------------------------------------------------------------------------

    async def edit_scene(
        self,
        user: User,
        lesson_id: str,
        n: int,
        code: str,
        change: str,
        listener: ProgressListener = ignore_progress,
        budget: RepairBudget | None = None,
    ) -> EditOutcome:
        """A new version of one scene, rendered alone; if it works, re-stitch the lesson.

        If it fails, the last good version stays live and the lesson is left as it was.
        """
        if budget is not None and (refusal := budget.refusal([n]) or budget.rewrite_refusal([n])):
            raise RepairLimit(refusal)
        written = await self.write_code(user, lesson_id, n, code, f"edit: {change}")
        [outcome] = await self.render_scenes(user, lesson_id, [n], listener, budget)
        export = None
        if outcome.version.status == "ok":
            export = await self.assemble(user, lesson_id, listener)
        live = await self._store.current_version(user, lesson_id, n)
        return EditOutcome(outcome=outcome, written=written, export=export, live=live)

    async def revert_scene(
        self,
        user: User,
        lesson_id: str,
        n: int,
        number: int | None = None,
        listener: ProgressListener = ignore_progress,
    ) -> Reverted:
        """Make an earlier ok version live (the one before the live one, or `number`), and
        re-stitch the lesson with it."""
        live = await self._store.current_version(user, lesson_id, n)
        if number is None:
            older = [
                v
                for v in await self._store.versions(user, lesson_id, n)
                if v.status == "ok" and live is not None and v.number < live.number
            ]
            if not older:
                raise NotFound(f"Scene {n} has no earlier rendered version to go back to.")
            number = older[-1].number
        scene = await self._store.pin_version(user, lesson_id, n, number)
        reverted = await self._store.current_version(user, lesson_id, n)
        assert reverted is not None  # pin_version accepts ok versions only
        clip, poster = await self.url(reverted.clip_key), await self.url(reverted.poster_key)
        listener(
            SceneProgress(
                lesson_id,
                n,
                scene.title,
                "done",
                reverted.number,
                clip,
                poster,
                clip_key=reverted.clip_key,
                poster_key=reverted.poster_key,
                layout=tuple(reverted.layout),
            )
        )
        export = await self.assemble(user, lesson_id, listener)
        return Reverted(version=reverted, export=export)

    # -- the lesson as a whole ---------------------------------------------------------------

    async def assemble(
        self, user: User, lesson_id: str, listener: ProgressListener = ignore_progress
    ) -> Export:
        return await self._assembler.assemble(user, lesson_id, listener)

    async def view(self, user: User, lesson_id: str) -> LessonView:
        """The lesson's state (the `--json` shape)."""
        lesson = await self._store.get_lesson(user, lesson_id)
        scenes = []
        for state in await self._store.scene_states(user, lesson_id):
            live, scene = state.current, state.scene
            clip = await self.url(live.clip_key if live else None)
            scenes.append(scene_view(scene.n, scene.title, live, state.latest, clip))
        export = await self._store.latest_export(user, lesson_id)
        return LessonView(
            lesson=lesson.id,
            title=lesson.title,
            export=await self.url(export.video_key if export else None),
            scenes=scenes,
        )

    async def chapter_starts(self, user: User, lesson_id: str) -> list[float]:
        """Where each scene starts in the latest stitched lesson (seconds)."""
        export = await self._store.latest_export(user, lesson_id)
        if export is None:
            return []
        chapters = await self._files.local_path(export.chapters_key)
        return cue_starts(await asyncio.to_thread(chapters.read_text))

    async def render_preview(
        self, user: User, lesson_id: str, n: int, quality: QualityName
    ) -> Path | None:
        """The live version of one scene rendered at another quality, outside the lesson."""
        live = await self._store.current_version(user, lesson_id, n)
        if live is None:
            return None
        result = await self.renderer.render(live.code, None, quality, owner=user.id)
        if not isinstance(result, RenderOk):
            return None
        return await self.renderer.media.local_path(result.video_key)

    async def unfinished(self, user: User, lesson_id: str) -> Unfinished:
        """Scenes a crash left unrendered, scenes without code, scenes whose render could not run."""
        return await find_unfinished(self._store, user, lesson_id)

    async def render_again(
        self, user: User, lesson_id: str, numbers: list[int], listener: ProgressListener
    ) -> list[RenderOutcome]:
        """Render these scenes' unrendered versions; one whose render could not run (Redis was
        down…) is rendered as a new version of the same code, the failed one kept on record."""
        await requeue_blocked(self._store, user, lesson_id, numbers)
        return await self.render_scenes(user, lesson_id, numbers, listener)

    # -- reading lessons ---------------------------------------------------------------------

    async def lesson(self, user: User, lesson_id: str) -> Lesson:
        """The user's lesson; NotFound for a missing one or another user's."""
        return await self._store.get_lesson(user, lesson_id)

    async def lessons(self, user: User) -> list[Lesson]:
        """The user's lessons, most recently updated first."""
        return await self._store.list_lessons(user)

    async def lessons_in_session(self, user: User, session_id: str) -> list[Lesson]:
        """The user's lessons made in one conversation, most recently updated first."""
        return await self._store.lessons_in_session(user, session_id)

    async def scene(self, user: User, lesson_id: str, n: int) -> Scene:
        return await self._store.scene(user, lesson_id, n)

    async def scene_count(self, user: User, lesson_id: str) -> int:
        return len(await self._store.scenes(user, lesson_id))

    async def live_version(self, user: User, lesson_id: str, n: int) -> SceneVersion | None:
        """The version whose clip is shown: pinned by a revert, else the latest ok one."""
        return await self._store.current_version(user, lesson_id, n)

    async def latest_version(self, user: User, lesson_id: str, n: int) -> SceneVersion | None:
        return await self._store.latest_version(user, lesson_id, n)

    async def versions(self, user: User, lesson_id: str, n: int) -> list[SceneVersion]:
        """Every version of the scene, oldest first."""
        return await self._store.versions(user, lesson_id, n)

    async def latest_export(self, user: User, lesson_id: str) -> Export | None:
        return await self._store.latest_export(user, lesson_id)

    # -- share links -------------------------------------------------------------------------

    async def share(
        self,
        user: User,
        lesson_id: str,
        expires_in: timedelta | None = None,
        listener: ProgressListener = ignore_progress,
    ) -> ShareLink:
        """Publish the lesson: its stitched video (stitched now if it never was) and a link."""
        return await self._sharing.share(user, lesson_id, expires_in, listener)

    async def unshare(self, user: User, lesson_id: str) -> int:
        """Revoke every live link of the lesson; how many there were."""
        return await self._sharing.unshare(user, lesson_id)

    async def active_share(self, user: User, lesson_id: str) -> ShareLink | None:
        return await self._sharing.active(user, lesson_id)

    async def shared_lesson(self, token: str) -> PublicLesson | None:
        """What a share link shows now (no user: the token is the permission); None when the
        token is unknown, revoked or expired."""
        return await self._sharing.shared_lesson(token)

    # -- files -------------------------------------------------------------------------------

    async def url(self, key: str | None) -> str | None:
        """Where a client fetches a stored file (None for no file)."""
        return await self._files.url(key) if key else None

    async def local_file(self, key: str) -> Path:
        """A readable local copy of a stored file; FileNotFoundError when there is none."""
        return await self._files.local_path(key)

    async def has_file(self, key: str) -> bool:
        return await self._files.exists(key)

    async def put_file(self, key: str, source: Path, content_type: str) -> None:
        """Store a file the chat made (an uploaded element) under `key`."""
        await self._files.put(key, source, content_type)

    async def delete_file(self, key: str) -> None:
        await self._files.delete(key)
