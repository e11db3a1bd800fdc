"""API jobs: a turn of the agent, run where the chat's turns run (this process, or a turn
worker with TUTOR_TURNS=celery), its state and per-scene progress kept in the store for every
app instance to read, and a webhook when it ends.

A job's supervisor runs in the app instance that took the request: if that instance stops,
a job still `running` stays so (the lesson itself can be resumed).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

from agent.tutor import TurnObserver, TurnOptions, TurnResult
from chat import runtime
from chat.api.context import api_settings, api_store
from chat.api.views import api_view
from chat.api.webhooks import deliver
from lessons.progress import SceneProgress
from lessons.store.api_records import ApiJob, JobKind, SceneStep
from lessons.store.records import User
from tools.media.quality import QualityName

log = logging.getLogger(__name__)
_tasks: set[asyncio.Task[None]] = set()  # kept until done, so none is collected mid-way
FAILED_TURN = "the job failed on our side; please try again"


def new_job_id() -> str:
    return "job_" + uuid.uuid4().hex


class Progress:
    """Scene progress events, kept per scene and written to the job (one write at a time)."""

    def __init__(self, job_id: str) -> None:
        self.job_id = job_id
        self.steps: dict[int, SceneStep] = {}
        self.lesson_id: str | None = None
        self._dirty = asyncio.Event()
        self._writer: asyncio.Task[None] | None = None

    def on_progress(self, event: SceneProgress) -> None:
        self.lesson_id = self.lesson_id or event.lesson_id
        if event.n > 0:
            error = event.error.message if event.error else None
            self.steps[event.n] = SceneStep(
                n=event.n, title=event.title, stage=event.stage, version=event.version, error=error
            )
        self._dirty.set()
        if self._writer is None:
            self._writer = asyncio.get_running_loop().create_task(self._write())

    async def _write(self) -> None:
        store = await api_store()
        while True:
            await self._dirty.wait()
            self._dirty.clear()
            try:
                await store.update_job(
                    self.job_id, lesson_id=self.lesson_id, progress=self.ordered()
                )
            except Exception:
                log.exception("job %s: progress not saved", self.job_id)

    def ordered(self) -> list[SceneStep]:
        return [self.steps[n] for n in sorted(self.steps)]

    async def stop(self) -> None:
        if self._writer is not None:
            self._writer.cancel()


async def start_job(
    user: User,
    key_id: str,
    secret: str,
    *,
    kind: JobKind,
    message: str,
    session_id: str,
    lesson_id: str | None,
    scene: int | None,
    quality: QualityName | None,
    webhook_url: str | None,
) -> ApiJob:
    """Record a queued job and start its turn in the background."""
    store = await api_store()
    job = await store.create_job(user, new_job_id(), key_id, kind, lesson_id, scene, webhook_url)
    task = asyncio.get_running_loop().create_task(
        _run(job, user, secret, message, session_id, TurnOptions(quality=quality))
    )
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)
    return job


async def _turn(
    user: User,
    session_id: str,
    message: str,
    lesson_id: str | None,
    progress: Progress,
    options: TurnOptions,
) -> TurnResult:
    observer = TurnObserver(progress=progress.on_progress)
    if (remote := runtime.remote_turns()) is not None:
        return await remote.turn(
            user, session_id, message, lesson_id=lesson_id, observer=observer, options=options
        )
    tutor = await runtime.get_tutor()
    return await tutor.turn(
        user, session_id, message, lesson_id=lesson_id, observer=observer, options=options
    )


async def _run(
    job: ApiJob, user: User, secret: str, message: str, session_id: str, options: TurnOptions
) -> None:
    store = await api_store()
    progress = Progress(job.id)
    await store.update_job(job.id, state="running")
    error: str | None = None
    try:
        result = await _turn(user, session_id, message, job.lesson_id, progress, options)
        lesson_id = result.lesson_id or progress.lesson_id or job.lesson_id
        if not result.ok or lesson_id is None:
            error = result.reply or "the agent made no lesson from this prompt"
        elif job.kind == "edit" and job.scene not in progress.steps:
            error = f"scene {job.scene} was not changed: {result.reply}".strip()
        elif failed := [s for s in progress.steps.values() if s.stage == "failed"]:
            error = "; ".join(f"scene {s.n} failed: {s.error or 'render failed'}" for s in failed)
    except Exception:
        log.exception("API job %s failed", job.id)
        lesson_id, error = progress.lesson_id or job.lesson_id, FAILED_TURN
    await progress.stop()
    done = await store.update_job(
        job.id,
        state="failed" if error else "done",
        lesson_id=lesson_id,
        progress=progress.ordered(),
        error=error,
    )
    if done.webhook_url:
        await _notify(done, user, secret)


async def _notify(job: ApiJob, user: User, secret: str) -> None:
    store = await api_store()
    view: dict[str, Any] | None = None
    if job.lesson_id:
        try:
            view = (await api_view(user, job.lesson_id)).model_dump(mode="json")
        except Exception:
            log.exception("job %s: no view for the webhook", job.id)
    payload = {
        "event": f"job.{job.state}",
        "lesson": job.lesson_id,
        "job": job_json(job),
        "state": job.state,
        "view": view,
    }
    assert job.webhook_url is not None
    await deliver(
        store,
        api_settings(),
        url=job.webhook_url,
        job_id=job.id,
        key_id=job.key_id,
        secret=secret,
        payload=payload,
    )


def job_json(job: ApiJob) -> dict[str, Any]:
    """The job as the API shows it (no key id, no user id)."""
    shown = job.model_dump(mode="json", exclude={"user_id", "key_id"})
    return shown
