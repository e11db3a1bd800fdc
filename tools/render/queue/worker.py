"""A render worker: Celery runs each job in a thread, and every job renders through one
`RenderEngine` living on an event loop of its own, so the worker keeps the engine's sandbox,
limits, render cache and warm sandboxes exactly as the app's in-process renderer has them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Coroutine
from typing import Any, Protocol

import redis.exceptions
from celery import Celery, Task
from celery.utils.time import get_exponential_backoff_interval

from tools.logs import correlation, current_id
from tools.media.quality import QualityName
from tools.render.engine import RenderEngine
from tools.render.queue.celery_app import FAILED_KEEP, FAILED_KEY, QUEUE, TASK_NAME, QueueConfig
from tools.render.result import RenderFailed, RenderOk, RenderResult

log = logging.getLogger(__name__)

# Failures a later try can get past: the worker's storage or Redis answered badly for a moment.
# A scene's own bug is a `RenderFailed` result, never an exception, so it is never retried.
TRANSIENT: tuple[type[BaseException], ...] = (
    OSError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)
BACKOFF_FACTOR_S = 1
BACKOFF_MAX_S = 60


def worker_name() -> str:
    """How results and logs name this worker: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


class RenderHost:
    """One engine on an event loop thread; Celery's job threads hand it renders."""

    def __init__(self, engine: RenderEngine) -> None:
        self.engine = engine
        self.name = worker_name()
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="render-loop")
        self._thread.daemon = True
        self._thread.start()

    def prewarm(self) -> None:
        """Start the warm sandboxes, and keep them started between jobs."""
        self.loop.call_soon_threadsafe(self.engine.prewarm, True)

    def render(
        self,
        code: str,
        scene: str | None,
        quality: QualityName,
        use_cache: bool,
        owner: str | None,
        min_duration_s: float = 0.0,
    ) -> RenderResult:
        # The app checked the code before sending it; the sandbox is the guarantee either way.
        job = self.engine.render(
            code,
            scene,
            quality,
            validate=False,
            use_cache=use_cache,
            owner=owner,
            min_duration_s=min_duration_s,
        )
        # The loop's thread has a context of its own: the job's correlation id goes along.
        return asyncio.run_coroutine_threadsafe(_under(current_id(), job), self.loop).result()

    def close(self) -> None:
        with contextlib.suppress(Exception):  # a best effort on the way out
            asyncio.run_coroutine_threadsafe(self.engine.close(), self.loop).result(timeout=30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5)


def register_render_task(app: Celery, host: RenderHost, config: QueueConfig) -> None:
    """The render task, as the workers run it (the app sends it by name only)."""

    def render(
        task: Task,
        code: str,
        scene: str | None = None,
        quality: QualityName = "low",
        use_cache: bool = True,
        owner: str | None = None,
        cid: str = "-",
        min_duration_s: float = 0.0,
    ) -> dict[str, Any]:
        job_id = str(task.request.id or "")
        with correlation(None if cid == "-" else cid):
            try:
                result = host.render(code, scene, quality, use_cache, owner, min_duration_s)
            except TRANSIENT as exc:
                tries = int(task.request.retries)
                wait = get_exponential_backoff_interval(
                    BACKOFF_FACTOR_S, tries, BACKOFF_MAX_S, full_jitter=True
                )
                log.warning(
                    "job %s: %s (try %d, again in %.1fs)", job_id[:12], exc, tries + 1, wait
                )
                if tries >= config.max_retries:
                    _remember_failure(app, job_id, host.name, cid, "worker", str(exc))
                raise task.retry(exc=exc, countdown=wait, max_retries=config.max_retries) from exc
            result = result.model_copy(update={"worker": host.name})
            _log_job(job_id, scene, quality, result)
            if isinstance(result, RenderFailed):
                message = result.error.message
                _remember_failure(app, job_id, host.name, cid, result.error.kind, message)
            return result.model_dump(mode="json")

    app.task(
        bind=True,
        name=TASK_NAME,
        acks_late=True,
        reject_on_worker_lost=True,
        max_retries=config.max_retries,
    )(render)


async def _under(cid: str, job: Coroutine[Any, Any, RenderResult]) -> RenderResult:
    with correlation(cid):
        return await job


def _log_job(job_id: str, scene: str | None, quality: str, result: RenderResult) -> None:
    """The one line per job an operator reads (the correlation id is in the log format)."""
    what = "ok" if isinstance(result, RenderOk) else f"failed ({result.error.kind})"
    cached = " (cached)" if isinstance(result, RenderOk) and result.cached else ""
    log.info(
        "job %s %s/%s: %s%s in %.2fs",
        job_id[:12],
        scene or "-",
        quality,
        what,
        cached,
        result.elapsed_s,
    )


def _remember_failure(
    app: Celery, job_id: str, worker: str, cid: str, kind: str, message: str
) -> None:
    """Keep the newest failed jobs where `tutor status` finds them."""
    entry = {
        "id": job_id,
        "worker": worker,
        "cid": cid,
        "kind": kind,
        "message": message[:300],
        "at": time.time(),
    }
    try:
        client: Any = app.backend.client  # the result store's own Redis connection
        client.lpush(FAILED_KEY, json.dumps(entry))
        client.ltrim(FAILED_KEY, 0, FAILED_KEEP - 1)
    except redis.exceptions.RedisError:
        log.warning("job %s: could not record the failure for `tutor status`", job_id[:12])


class WorkerHost(Protocol):
    """What a worker process keeps between jobs (an engine, a Tutor) on a loop of its own."""

    def prewarm(self) -> None: ...

    def close(self) -> None: ...


def run_worker(
    app: Celery, host: WorkerHost, concurrency: int, loglevel: str = "INFO", queue: str = QUEUE
) -> int:
    """Serve `queue`'s jobs until stopped (SIGTERM/SIGINT finish the running jobs first)."""
    host.prewarm()
    # Our own line per job replaces Celery's "received" and "succeeded" lines.
    for name in ("celery.app.trace", "celery.worker.strategy"):
        logging.getLogger(name).setLevel(logging.WARNING)
    worker: Any = app.Worker(
        pool="threads",
        concurrency=concurrency,
        hostname=f"tutor-{os.getpid()}@{socket.gethostname()}",
        queues=[queue],
        loglevel=loglevel,
        quiet=True,
        without_mingle=True,
        without_gossip=True,
        optimization="fair",
    )
    try:
        worker.start()
    finally:
        host.close()
    return int(worker.exitcode or 0)
