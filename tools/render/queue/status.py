"""What the queue is doing, for the operator (`tutor status`): render jobs and chat turns
waiting, workers alive, jobs running and the latest failed jobs."""

from __future__ import annotations

import json
from typing import Any, Literal

import redis
from celery import Celery
from pydantic import BaseModel, Field

from tools.render.queue.celery_app import FAILED_KEY, QUEUE, TURN_QUEUE, TURN_TASK, QueueConfig


class WorkerInfo(BaseModel):
    name: str
    concurrency: int | None = None
    running: int = 0


class RunningJob(BaseModel):
    id: str
    worker: str
    kind: Literal["render", "turn"] = "render"
    scene: str | None = None
    quality: str | None = None
    cid: str | None = None
    started_at: float | None = None


class FailedJob(BaseModel):
    id: str
    worker: str
    kind: str
    message: str
    cid: str | None = None
    at: float


class QueueStatus(BaseModel):
    redis: str = Field(description="The Redis address, without a password.")
    queued: int = Field(description="Render jobs waiting for a worker.")
    turns_queued: int = Field(default=0, description="Chat turns waiting for a turn worker.")
    workers: list[WorkerInfo]
    running: list[RunningJob]
    failed: list[FailedJob] = Field(description="The newest failed jobs first.")


def queue_status(app: Celery, config: QueueConfig, wait_s: float = 1.0) -> QueueStatus:
    """Ask Redis and the workers (those that answer within `wait_s`).

    Raises `redis.exceptions.ConnectionError` (or kombu's `OperationalError`) when Redis does
    not answer.
    """
    client = redis.Redis.from_url(
        config.redis_url,
        socket_connect_timeout=config.timeout_s,
        socket_timeout=config.timeout_s,
    )
    try:
        queued = int(client.llen(QUEUE))  # type: ignore[arg-type]
        turns_queued = int(client.llen(TURN_QUEUE))  # type: ignore[arg-type]
        raw_failed: Any = client.lrange(FAILED_KEY, 0, 19)
    finally:
        client.close()
    inspect: Any = app.control.inspect(timeout=wait_s)
    stats: dict[str, Any] = inspect.stats() or {}
    active: dict[str, Any] = inspect.active() or {}
    workers = [
        WorkerInfo(
            name=name,
            concurrency=(info.get("pool") or {}).get("max-concurrency"),
            running=len(active.get(name) or []),
        )
        for name, info in sorted(stats.items())
    ]
    running = [
        RunningJob(
            id=str(job.get("id")),
            worker=name,
            kind="turn" if job.get("name") == TURN_TASK else "render",
            scene=(job.get("kwargs") or {}).get("scene"),
            quality=(job.get("kwargs") or {}).get("quality"),
            cid=(job.get("kwargs") or {}).get("cid"),
            started_at=job.get("time_start"),
        )
        for name, jobs in sorted(active.items())
        for job in jobs or []
    ]
    failed = [FailedJob.model_validate(json.loads(entry)) for entry in raw_failed]
    return QueueStatus(
        redis=config.where,
        queued=queued,
        turns_queued=turns_queued,
        workers=workers,
        running=running,
        failed=failed,
    )
