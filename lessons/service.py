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
from lessons.narrations import SceneVoice, Voiced, target_s
from lessons.plan import LessonPlan
from lessons.ports import RepairDocs, SceneRenderer, Voice
from lessons.progress import ProgressListener, ignore_progress
from lessons.reads import LessonReads
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
from lessons.revert import pin_earlier
from lessons.scene_renders import SceneRenders
from lessons.sharing import LessonSharing
from lessons.store.protocol import LessonStore, NotFound
from lessons.store.records import Export, Lesson, SceneDraft, User
from lessons.unfinished import Unfinished, find_unfinished, requeue_blocked
from tools.check import FixResult, fix_code
from tools.media.quality import QualityName
from tools.media.voices.silent import SilentVoice
from tools.render.result import RenderOk
from tools.storage.protocol import FileStorage

log = logging.getLogger(__name__)


class LessonService(LessonReads):
    def __init__(
        self,
        store: LessonStore,
        files: FileStorage,
        renderer: SceneRenderer,
        docs: RepairDocs,
        work_dir: Path,
        voice: Voice | None = None,
        tracks_dir: Path | None = None,
    ) -> None:
        super().__init__(store, files)
        self.renderer = renderer
        self._docs = docs
        # No voice: every clip gets a silent track (still one audio format for stitching).
        # `tracks_dir` keeps each sound's encoded track for its next clip (none: no keeping).
        self._voice = SceneVoice(voice or SilentVoice(), work_dir, tracks_dir)
        self._assembler = LessonAssembler(store, files, renderer, self._voice, work_dir)
        self._renders = SceneRenders(store, files, renderer, docs, self._voice)
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
        """Stop the renderer's warm sandboxes, the stitch's ffmpeg and uploads, and close the
        store."""
        await self._assembler.close()
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

    async def speak_plan(self, user: User, lesson_id: str, speak: bool = True) -> list[Voiced]:
        """Every scene's narration spoken now, before any code (audio first): its length is
        the scene's target duration. Cached, so rendering later speaks nothing again."""
        scenes = await self._store.scenes(user, lesson_id)
        return list(await asyncio.gather(*(self._voice.voiced(s.narration, speak) for s in scenes)))

    async def scene_number(self, user: User, lesson_id: str, n: int) -> int:
        """Resolve a 1-based scene number; negative numbers count from the end (-1 = last)."""
        count = len(await self._store.scenes(user, lesson_id))
        resolved = count + 1 + n if n < 0 else n
        if not 1 <= resolved <= count:
            raise NotFound(f"The lesson has scenes 1-{count}; there is no scene {n}.")
        return resolved

    async def write_code(
        self,
        user: User,
        lesson_id: str,
        n: int,
        code: str,
        note: str,
        narration: str | None = None,
        speak: bool = True,
    ) -> WrittenCode:
        """Store a new version of a scene's code, after the mechanical API fixes, with what it
        says: `narration`, else what the scene says now (spoken unless `speak` is off).

        The code is stored even if the fixer breaks (a bug of ours, logged with its traceback):
        then as written, and the render's own check reports what is wrong with it.
        """
        # The code's check (a thread) and the narration's voice (a program) at the same time.
        fixed, voiced = await asyncio.gather(
            self._fixed(code), self._voiced(user, lesson_id, n, narration, speak)
        )
        version = await self._store.add_version(
            user, lesson_id, n, fixed.code, note, narration=voiced.narration
        )
        errors = [p for p in fixed.remaining if p.severity == "error"]
        return WrittenCode(
            version=version, fixed=fixed.changes, problems=errors, speech_warning=voiced.warning
        )

    async def _voiced(
        self, user: User, lesson_id: str, n: int, narration: str | None, speak: bool
    ) -> Voiced:
        text = narration if narration is not None else await self._said(user, lesson_id, n)
        return await self._voice.voiced(text, speak)

    async def _said(self, user: User, lesson_id: str, n: int) -> str:
        """What the scene's next version says unless told otherwise: a failed attempt's words
        (its repair keeps them), else the live clip's, else the plan's."""
        latest = await self._store.latest_version(user, lesson_id, n)
        if latest is not None and latest.status == "failed" and latest.narration is not None:
            return latest.narration.text
        live = await self._store.current_version(user, lesson_id, n)
        if live is not None and live.narration is not None:
            return live.narration.text
        return (await self._store.scene(user, lesson_id, n)).narration

    async def _fixed(self, code: str) -> FixResult:
        for attempt in (1, 2):
            try:
                # The index is read in the thread too: loading (or first building) it must
                # not stall the event loop.
                return await asyncio.to_thread(lambda: fix_code(code, self.renderer.api_index))
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
            user,
            lesson_id,
            numbers,
            self._assembler.prepared_after_a_clip(listener),
            budget.repairing() if budget else frozenset(),
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
        narration: str | None = None,
        speak: bool = True,
    ) -> EditOutcome:
        """A new version of one scene, rendered alone; if it works, re-stitch the lesson. It
        keeps the scene's narration unless given a new one.

        If it fails, the last good version stays live and the lesson is left as it was.
        """
        if budget is not None and (refusal := budget.refusal([n]) or budget.rewrite_refusal([n])):
            raise RepairLimit(refusal)
        written = await self.write_code(
            user, lesson_id, n, code, f"edit: {change}", narration, speak
        )
        self._assembler.prepare()  # the stitch follows this one render: its ffmpeg starts beside
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
        reverted = await pin_earlier(self._store, self._files, user, lesson_id, n, number, listener)
        export = await self.assemble(user, lesson_id, listener)
        return Reverted(version=reverted, export=export)

    async def narrate_scene(
        self,
        user: User,
        lesson_id: str,
        n: int,
        narration: str,
        change: str,
        listener: ProgressListener = ignore_progress,
        speak: bool = True,
    ) -> EditOutcome:
        """A new version of one scene saying `narration` over the live clip's animation, and
        the lesson re-stitched. The video is not rendered again unless the new speech outlasts
        it (then the same code is rendered with a longer final hold)."""
        live = await self._store.current_version(user, lesson_id, n)
        if live is None or live.clip_key is None:
            raise NotFound(f"Scene {n} has no rendered clip yet to narrate: render it first.")
        voiced = await self._voice.voiced(narration, speak)  # the same code, not fixed again
        version = await self._store.add_version(
            user, lesson_id, n, live.code, f"narration: {change}", narration=voiced.narration
        )
        written = WrittenCode(version=version, fixed=[], problems=[], speech_warning=voiced.warning)
        needed = target_s(version.narration) or 0.0
        if needed > (live.duration_s or 0.0):
            [outcome] = await self.render_scenes(user, lesson_id, [n], listener)
        else:
            outcome = await self._renders.revoice(
                user,
                await self._store.get_lesson(user, lesson_id),
                await self._store.scene(user, lesson_id, n),
                version,
                live,
                listener,
            )
        export = (
            await self.assemble(user, lesson_id, listener) if outcome.version.clip_key else None
        )
        live = await self._store.current_version(user, lesson_id, n)
        return EditOutcome(outcome=outcome, written=written, export=export, live=live)

    # -- the lesson as a whole ---------------------------------------------------------------

    async def assemble(
        self, user: User, lesson_id: str, listener: ProgressListener = ignore_progress
    ) -> Export:
        return await self._assembler.assemble(user, lesson_id, listener)

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
