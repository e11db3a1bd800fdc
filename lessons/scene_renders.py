"""Rendering a lesson's scenes: each newest unrendered version through the renderer, held as
long as its narration and given it as sound, its clip kept under the version's own keys; a
failure stored with doc snippets for the repair."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from lessons.narrations import SceneVoice, hold_for
from lessons.ports import RepairDocs, SceneRenderer
from lessons.progress import ProgressListener, SceneProgress
from lessons.results import RenderOutcome
from lessons.store.protocol import LessonStore
from lessons.store.records import ClipFiles, Lesson, Narration, Scene, SceneVersion, User
from tools.media.voices.speech import Speech
from tools.render.arrival_order import ArrivalOrder, Ticket
from tools.render.disk_full import disk_full_error, is_disk_full
from tools.render.result import RenderError, RenderFailed, RenderOk, RenderResult
from tools.storage.protocol import FileStorage

log = logging.getLogger(__name__)


class SceneRenders:
    def __init__(
        self,
        store: LessonStore,
        files: FileStorage,
        renderer: SceneRenderer,
        docs: RepairDocs,
        voice: SceneVoice,
    ) -> None:
        self._store = store
        self._files = files
        self._renderer = renderer
        self._docs = docs
        self._voice = voice
        self._running: dict[str, asyncio.Task[RenderOutcome]] = {}  # by version id
        self._arrivals = ArrivalOrder()  # per lesson: scenes reach the renderer in order

    async def render(
        self,
        user: User,
        lesson_id: str,
        numbers: list[int] | None,
        listener: ProgressListener,
        repairing: frozenset[int],
    ) -> list[RenderOutcome]:
        """Each chosen scene's newest unrendered version, rendered in parallel; the others as
        they stand. `repairing`: scenes whose good render this turn is a repair."""
        ticket = self._arrivals.take(lesson_id)  # before any await: see _render_one
        try:
            lesson, jobs, outcomes = await self._chosen(user, lesson_id, numbers, listener)
        except BaseException:
            self._arrivals.leave(ticket)
            raise
        places = self._arrivals.split(ticket, len(jobs))  # in scene order, in the call's place
        rendered = await asyncio.gather(
            *(
                self._shared(user, lesson, scene, version, listener, scene.n in repairing, place)
                for (scene, version), place in zip(jobs, places, strict=True)
            )
        )
        return sorted([*outcomes, *rendered], key=lambda o: o.n)

    async def _chosen(
        self, user: User, lesson_id: str, numbers: list[int] | None, listener: ProgressListener
    ) -> tuple[Lesson, list[tuple[Scene, SceneVersion]], list[RenderOutcome]]:
        """The lesson, its chosen scenes still to render (announced as queued), and the
        outcomes of those already rendered."""
        lesson = await self._store.get_lesson(user, lesson_id)
        states = await self._store.scene_states(user, lesson_id)
        chosen = [s for s in states if numbers is None or s.scene.n in numbers]
        jobs: list[tuple[Scene, SceneVersion]] = []
        outcomes: list[RenderOutcome] = []
        for scene, latest in ((s.scene, s.latest) for s in chosen):
            if latest is None:
                continue
            if latest.status in ("pending", "rendering"):
                jobs.append((scene, latest))
                if latest.id not in self._running:
                    listener(
                        SceneProgress(lesson_id, scene.n, scene.title, "queued", latest.number)
                    )
            else:
                outcomes.append(RenderOutcome(n=scene.n, version=latest))
        return lesson, jobs, outcomes

    def _shared(
        self,
        user: User,
        lesson: Lesson,
        scene: Scene,
        version: SceneVersion,
        listener: ProgressListener,
        repaired: bool,
        place: Ticket,
    ) -> asyncio.Task[RenderOutcome]:
        """The version's render: the one under way (started as soon as the model's stream had
        the code, say), else a new one. A version is never rendered twice at once."""
        running = self._running.get(version.id)
        if running is None:
            running = asyncio.create_task(
                self._render_one(user, lesson, scene, version, listener, repaired, place)
            )
            self._running[version.id] = running
            running.add_done_callback(lambda _: self._running.pop(version.id, None))
            # Out of line if it ended before reaching the renderer (an error, a cancel).
            running.add_done_callback(lambda _: self._arrivals.leave(place))
        else:
            self._arrivals.leave(place)  # that render already has its own place in line
        return running

    async def _render_one(
        self,
        user: User,
        lesson: Lesson,
        scene: Scene,
        version: SceneVersion,
        listener: ProgressListener,
        repaired: bool,
        place: Ticket,
    ) -> RenderOutcome:
        if version.status == "pending":
            version = await self._store.set_status(user, version.id, "rendering")
        started = SceneProgress(lesson.id, scene.n, scene.title, "rendering", version.number)
        try:
            speech = await self._voice.speech(narration_of(version, scene))
            # The store and the voice answer in any order; the renderer is asked in the order
            # the scenes were, so a lesson's renders start with scene 1. No await between
            # leaving and the renderer taking its own place in line.
            await self._arrivals.turn(place)
            self._arrivals.leave(place)
            result = await self._renderer.render(
                version.code,
                None,
                lesson.quality,
                owner=user.id,
                on_started=lambda: self._started(listener, started, speech),
                min_duration_s=hold_for(speech),
            )
        except asyncio.CancelledError:
            # Stopped before a result (its code was rewritten, or the app is stopping): the
            # version is not rendering any more, and a later render may pick it up again.
            try:
                await asyncio.shield(self._store.set_status(user, version.id, "pending"))
            except Exception as exc:  # a store already closed: resuming finds it "rendering"
                log.warning("version %s stays marked rendering: %s", version.id, exc)
            raise
        kept = await self._keep_clip(user, lesson, scene, version, result, speech)
        if isinstance(kept, SceneVersion):
            await self._announce(lesson, scene, kept, listener, repaired)
            return RenderOutcome(n=scene.n, version=kept)
        failed = await self._store.set_status(
            user, version.id, "failed", error=kept.error, rendered_by=result.worker
        )
        listener(
            SceneProgress(
                lesson.id, scene.n, scene.title, "failed", failed.number, error=kept.error
            )
        )
        docs = await asyncio.to_thread(self._snippets, kept.error, version.code)
        return RenderOutcome(n=scene.n, version=failed, docs=docs)

    def _started(
        self, listener: ProgressListener, started: SceneProgress, speech: Speech | None
    ) -> None:
        listener(started)
        # Its narration track is encoded while it renders (not before: a scene waiting for a
        # render slot would take CPU from the ones rendering).
        self._voice.prepare_track(speech)

    async def revoice(
        self,
        user: User,
        lesson: Lesson,
        scene: Scene,
        version: SceneVersion,
        source: SceneVersion,
        listener: ProgressListener,
    ) -> RenderOutcome:
        """`version` made from `source`'s clip with its own narration laid over it: the video
        stream is `source`'s, bit for bit, with no render (its speech must fit the clip)."""
        assert source.clip_key is not None
        version = await self._store.set_status(user, version.id, "rendering")
        speech = await self._voice.speech(narration_of(version, scene))
        video = await self._files.local_path(source.clip_key)
        prefix = clip_prefix(user, lesson, scene, version)
        await self._put_narrated(video, speech, f"{prefix}/clip.mp4")
        if source.poster_key:
            poster = await self._files.local_path(source.poster_key)
            await self._files.put(f"{prefix}/poster.png", poster, "image/png")
        done = await self._store.set_status(
            user,
            version.id,
            "ok",
            clip=ClipFiles(
                clip_key=f"{prefix}/clip.mp4",
                poster_key=f"{prefix}/poster.png" if source.poster_key else None,
                duration_s=source.duration_s,
            ),
            rendered_by=source.rendered_by,
            layout=source.layout,
        )
        await self._announce(lesson, scene, done, listener, repaired=False)
        return RenderOutcome(n=scene.n, version=done)

    async def _announce(
        self,
        lesson: Lesson,
        scene: Scene,
        done: SceneVersion,
        listener: ProgressListener,
        repaired: bool,
    ) -> None:
        listener(
            SceneProgress(
                lesson.id,
                scene.n,
                scene.title,
                "done",
                done.number,
                clip=await self._files.url(done.clip_key or ""),
                poster=await self._files.url(done.poster_key or ""),
                clip_key=done.clip_key,
                poster_key=done.poster_key,
                repaired=repaired,
                layout=tuple(done.layout),
            )
        )

    def _snippets(self, error: RenderError, code: str) -> list[str]:
        try:
            return self._docs.snippets(error, code)
        except Exception:  # docs help a repair but must never turn a failure into a crash
            log.exception("doc lookup for a failed render failed")
            return []

    async def _keep_clip(
        self,
        user: User,
        lesson: Lesson,
        scene: Scene,
        version: SceneVersion,
        result: RenderResult,
        speech: Speech | None,
    ) -> SceneVersion | RenderFailed:
        """Store a good render's clip, with its narration, as this version's; a failure (or a
        full disk) as it is."""
        if not isinstance(result, RenderOk):
            return result
        try:
            return await self._store_clip(user, lesson, scene, version, result, speech)
        except OSError as exc:
            if not is_disk_full(exc):
                raise
            log.error("storing the clip of scene %d failed: the disk is full", scene.n)
            return RenderFailed(error=disk_full_error())

    async def _store_clip(
        self,
        user: User,
        lesson: Lesson,
        scene: Scene,
        version: SceneVersion,
        result: RenderOk,
        speech: Speech | None,
    ) -> SceneVersion:
        prefix = clip_prefix(user, lesson, scene, version)
        media = self._renderer.media  # the render's files, copied into the lesson's own keys
        await self._put_narrated(
            await media.local_path(result.video_key), speech, f"{prefix}/clip.mp4"
        )
        poster = await media.local_path(result.poster_key)
        await self._files.put(f"{prefix}/poster.png", poster, "image/png")
        return await self._store.set_status(
            user,
            version.id,
            "ok",
            clip=ClipFiles(
                clip_key=f"{prefix}/clip.mp4",
                poster_key=f"{prefix}/poster.png",
                duration_s=result.duration_s,
            ),
            rendered_by=result.worker,
            layout=result.layout,
        )

    async def _put_narrated(self, video: Path, speech: Speech | None, key: str) -> None:
        narrated = await self._voice.lay_over(video, speech)
        try:
            await self._files.put(key, narrated, "video/mp4")
        finally:
            narrated.unlink(missing_ok=True)


def clip_prefix(user: User, lesson: Lesson, scene: Scene, version: SceneVersion) -> str:
    return f"u/{user.id}/l/{lesson.id}/s{scene.n}/v{version.number}"


def narration_of(version: SceneVersion, scene: Scene) -> Narration:
    """What a version says; one made before narration was voiced says the scene's text."""
    if version.narration is not None:
        return version.narration
    return Narration(text=scene.narration, voice="", speech_s=0.0)
