"""Transient failures inside a worker (its storage throttled, Redis gone for a moment) are tried
again with backoff, a bounded number of times; then the render fails as `environment`, and the
operator sees it in `tutor status`. A real redis-server and a real Celery worker (in a thread);
the engine is a stand-in whose storage fails the first times."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from celery.contrib.testing.worker import start_worker

from tests.redis_server import RedisServer
from tools.render.queue.celery_app import QueueConfig, make_celery
from tools.render.queue.client import CeleryRenderer
from tools.render.queue.status import queue_status
from tools.render.queue.worker import RenderHost, register_render_task
from tools.render.result import RenderFailed, RenderOk
from tools.storage.local import LocalStorage

DB = 4


class ThrottledStorageEngine:
    """Fails like storage that refuses writes for a while (`failures` times per code), then
    renders."""

    def __init__(self, failures: dict[str, int]) -> None:
        self.failures = failures
        self.calls: dict[str, int] = {}

    async def render(self, code: str, *args: Any, **kw: Any) -> RenderOk:
        self.calls[code] = self.calls.get(code, 0) + 1
        if self.calls[code] <= self.failures[code]:
            raise OSError("storage throttled: SlowDown")
        return RenderOk(
            video_key="renders/x/video.mp4", poster_key="renders/x/poster.png", duration_s=1.0
        )

    def prewarm(self, keep_warm: bool = True) -> None:
        pass

    async def close(self) -> None:
        pass


async def test_transient_failures_are_retried_a_bounded_number_of_times(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    config = QueueConfig(redis_server.url(DB), timeout_s=2.0, max_retries=2)
    engine = ThrottledStorageEngine({"brief": 2, "lasting": 100})
    app = make_celery(config)
    host = RenderHost(engine)
    register_render_task(app, host, config)
    renderer = CeleryRenderer(config, LocalStorage(tmp_path), tmp_path / "index")
    try:
        with start_worker(app, pool="threads", perform_ping_check=False, shutdown_timeout=30):
            brief = await renderer.render("brief", "S", validate=False)
            lasting = await renderer.render("lasting", "S", validate=False)
            failed = queue_status(app, config, wait_s=0.2).failed
    finally:
        await renderer.close()
        host.close()
        app.close()

    assert isinstance(brief, RenderOk), brief  # two failures, then the render
    assert brief.worker == host.name and engine.calls["brief"] == 3

    assert isinstance(lasting, RenderFailed), lasting  # bounded: 1 try + 2 retries
    assert engine.calls["lasting"] == config.max_retries + 1
    assert lasting.error.kind == "environment"
    assert "3 tries" in lasting.error.message and "not at fault" in lasting.error.message
    assert failed[0].kind == "worker" and "throttled" in failed[0].message


async def test_with_no_worker_running_a_render_says_so_instead_of_waiting(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    config = QueueConfig(redis_server.url(DB + 1), timeout_s=2.0, worker_check_s=1.0)
    renderer = CeleryRenderer(config, LocalStorage(tmp_path), tmp_path / "index")
    try:
        result = await asyncio.wait_for(renderer.render("alone", "S", validate=False), 30)
    finally:
        await renderer.close()
    assert isinstance(result, RenderFailed), result
    assert result.error.kind == "environment"
    assert "No render worker is running" in result.error.message
    assert "tutor worker" in (result.error.hint or "")
