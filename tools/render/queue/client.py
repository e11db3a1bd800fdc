"""`CeleryRenderer`: the `SceneRenderer` that sends renders to `tutor worker` processes.

The app checks the shared render cache and the scene's code itself (a cache hit or a refused
scene never waits in a queue), then sends the job, with the render's cache key as its id, and
follows its state in Redis. Results name objects in the render cache the workers write to,
which must be the same storage here (a shared directory, see the README).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

from kombu.exceptions import OperationalError
from pydantic import ValidationError

from tools.check import ApiIndex, load_api_index
from tools.check.api_index import installed_manim_version
from tools.logs import current_id
from tools.media.quality import QualityName
from tools.render.cache import RenderCache, cache_key
from tools.render.errors import static_check
from tools.render.queue.celery_app import QUEUE, TASK_NAME, QueueConfig, make_celery
from tools.render.queue.watch import QueueUnreachable, State, follow_job
from tools.render.result import RenderError, RenderFailed, RenderOk, RenderResult
from tools.storage.protocol import FileStorage

log = logging.getLogger(__name__)


class CeleryRenderer:
    """Renders on Celery workers; progress and results come back through Redis."""

    def __init__(
        self,
        config: QueueConfig,
        media: FileStorage,
        api_index_dir: Path,
    ) -> None:
        self.config = config
        self.media = media
        self.cache = RenderCache(media)
        self.manim_version = installed_manim_version()
        self._index_dir = api_index_dir
        self._index: ApiIndex | None = None
        self._celery = make_celery(config)
        # Publishing is blocking (kombu); its own threads keep it off the shared default pool.
        self._sender = ThreadPoolExecutor(max_workers=4, thread_name_prefix="render-send")

    @property
    def api_index(self) -> ApiIndex:
        if self._index is None:
            self._index = load_api_index(self._index_dir)
        return self._index

    async def render(
        self,
        code: str,
        scene: str | None = None,
        quality: QualityName = "low",
        *,
        validate: bool = True,
        use_cache: bool = True,
        owner: str | None = None,
        on_started: Callable[[], None] | None = None,
        min_duration_s: float = 0.0,
    ) -> RenderResult:
        """Render one scene on a worker; failures (the queue's too) come back as data."""
        start = time.monotonic()
        key = cache_key(code, scene, quality, self.manim_version, min_duration_s=min_duration_s)
        if use_cache and (hit := await self.cache.get(key)) is not None:
            return hit.model_copy(update={"elapsed_s": time.monotonic() - start})
        warnings: list[str] = []
        if validate:
            refusal, warnings = await asyncio.to_thread(static_check, code, self.api_index, scene)
            if refusal is not None:
                return RenderFailed(error=refusal, elapsed_s=time.monotonic() - start)
        # Same scene, same id: a job sent twice, or taken again after a worker died, is one
        # render with one result. A render asked to skip the cache gets an id of its own.
        job_id = key if use_cache else f"{key}-{uuid.uuid4().hex[:12]}"
        job = {
            "code": code,
            "scene": scene,
            "quality": quality,
            "use_cache": use_cache,
            "owner": owner,
            "min_duration_s": min_duration_s,
            "cid": current_id(),
        }
        try:
            state = await follow_job(
                self.config.redis_url,
                self._celery.backend.get_key_for_task(job_id).decode(),
                partial(self._send, job_id, job),
                _stages(on_started),
                timeout_s=self.config.timeout_s,
                outage_s=3 * self.config.timeout_s,
                waiting=self._any_worker,
                waiting_every_s=self.config.worker_check_s,
            )
        except NoWorker:
            log.error("no render worker answers on %s", self.config.where)
            return RenderFailed(error=_no_worker(), elapsed_s=time.monotonic() - start)
        except (QueueUnreachable, OperationalError, OSError) as exc:
            log.error("render queue at %s unreachable: %s", self.config.where, exc)
            return RenderFailed(error=self._unreachable(), elapsed_s=time.monotonic() - start)
        result = _result_of(state, self.config.max_retries)
        return result.model_copy(
            update={
                "elapsed_s": time.monotonic() - start,
                "warnings": [*warnings, *result.warnings],
            }
        )

    async def _send(self, job_id: str, job: dict[str, Any], first: bool) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._sender, partial(self._publish, job_id, job, first))

    def _publish(self, job_id: str, job: dict[str, Any], first: bool) -> None:
        if first:  # a final state left by an earlier run of this id is not this run's answer
            self._celery.backend.forget(job_id)
        self._celery.send_task(TASK_NAME, kwargs=job, task_id=job_id, queue=QUEUE)

    async def _any_worker(self) -> None:
        """Raise `NoWorker` when no worker answers a ping (the job would wait forever)."""
        loop = asyncio.get_running_loop()
        answers = await loop.run_in_executor(self._sender, self._ping)
        if not answers:
            raise NoWorker

    def _ping(self) -> list[Any]:
        control: Any = self._celery.control
        return list(control.ping(timeout=1.0) or [])

    def _unreachable(self) -> RenderError:
        return RenderError(
            kind="environment",
            message=(
                f"The render queue (Redis at {self.config.where}) cannot be reached, so the "
                "scene was not rendered."
            ),
            hint=(
                "Start Redis, or point TUTOR_REDIS_URL at it; nothing is lost, and the scene "
                "renders when you ask again once Redis answers."
            ),
        )

    def prewarm(self, keep_warm: bool = True) -> None:
        """Nothing to start here: each worker keeps its own warm sandboxes."""

    async def close(self) -> None:
        self._sender.shutdown(wait=False, cancel_futures=True)
        self._celery.close()


class NoWorker(Exception):
    """No render worker is running."""


def _no_worker() -> RenderError:
    return RenderError(
        kind="environment",
        message="No render worker is running, so the scene was not rendered.",
        hint="Start one with `tutor worker` (same TUTOR_REDIS_URL); the scene renders when asked again.",
    )


def _stages(on_started: Callable[[], None] | None) -> Callable[[State], None]:
    """Tell the caller once when a worker starts the job (Celery's STARTED state)."""
    told: list[bool] = []

    def on_state(state: State) -> None:
        if state.get("status") == "STARTED" and on_started is not None and not told:
            told.append(True)
            on_started()

    return on_state


def _result_of(state: State, max_retries: int) -> RenderResult:
    """The render result a worker stored, or a failure saying why there is none."""
    value = state.get("result")
    if state.get("status") == "SUCCESS" and isinstance(value, dict):
        try:
            if value.get("ok"):
                return RenderOk.model_validate(value)
            return RenderFailed.model_validate(value)
        except ValidationError:
            log.exception("a worker answered with a result this app cannot read")
    reason = value.get("exc_message") if isinstance(value, dict) else None
    message = (
        f"The render worker kept failing ({reason or state.get('status')}) and gave up after "
        f"{max_retries + 1} tries; the scene's code was not at fault."
    )
    hint = "See `tutor status` and the workers' logs."
    return RenderFailed(error=RenderError(kind="environment", message=message, hint=hint))
