"""Renders on real `tutor worker` processes through a real redis-server: results name the worker
that rendered them (never this process), progress arrives through Redis, a worker SIGKILLed
mid-render hands its job to the other worker, and a stopped Redis is a clear environment error
that ends when Redis is back."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import redis

from tests.redis_server import RedisServer
from tests.render_workers import Worker, two_workers
from tools.render.cache import cache_key
from tools.render.queue.celery_app import QueueConfig, make_celery
from tools.render.queue.client import CeleryRenderer
from tools.render.queue.status import queue_status
from tools.render.result import RenderFailed, RenderOk
from tools.storage.local import LocalStorage

pytestmark = pytest.mark.render

DB = 3  # this module's Redis database

SCENE = """from manim import *


class Tiny(Scene):
    def construct(self):
        self.play(Create(Square(color={color})), run_time=0.5)
"""

SLOW = """from manim import *


class Slow(Scene):
    def construct(self):
        self.play(Rotate(Square(), PI), run_time=3)
"""

BROKEN = """from manim import *


class Broken(Scene):
    def construct(self):
        self.play(Create(Circle()), run_time=0.2)
        raise ValueError("a bug in the scene")
"""


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("shared-render-cache")


@pytest.fixture(scope="module")
def config(redis_server: RedisServer) -> QueueConfig:
    # A short visibility timeout (longer than any render here, even on a busy machine), so a
    # killed worker's job comes back within seconds.
    return QueueConfig(redis_server.url(DB), timeout_s=2.0, visibility_timeout_s=15.0)


@pytest.fixture(scope="module")
def workers(
    tmp_path_factory: pytest.TempPathFactory,
    config: QueueConfig,
    shared_cache: Path,
    index_dir: Path,
) -> Iterator[list[Worker]]:
    root = tmp_path_factory.mktemp("workers")
    with two_workers(root, config, shared_cache, index_dir, TUTOR_REDIS_TIMEOUT_S="2") as started:
        yield started


@pytest.fixture
async def renderer(
    config: QueueConfig, shared_cache: Path, index_dir: Path, workers: list[Worker]
) -> AsyncIterator[CeleryRenderer]:
    del workers  # started and ready
    renderer = CeleryRenderer(config, LocalStorage(shared_cache), index_dir)
    yield renderer
    await renderer.close()


def pids(workers: list[Worker]) -> set[int]:
    return {w.pid for w in workers}


def worker_pid(result: RenderOk | RenderFailed) -> int:
    assert result.worker is not None, "rendered in this process, not by a worker"
    return int(result.worker.rsplit(":", 1)[1])


async def test_renders_run_in_the_two_workers(
    renderer: CeleryRenderer, workers: list[Worker], config: QueueConfig
) -> None:
    started: list[str] = []
    results = await asyncio.gather(
        *(
            renderer.render(
                SCENE.format(color=color), "Tiny", on_started=lambda c=color: started.append(c)
            )
            for color in ("RED", "BLUE")
        )
    )
    assert all(isinstance(r, RenderOk) for r in results), results
    rendered_by = {worker_pid(r) for r in results}
    assert rendered_by == pids(workers)  # one each, and neither was this process
    assert os.getpid() not in rendered_by
    assert sorted(started) == ["BLUE", "RED"]  # "rendering" arrived through Redis for each
    for r in results:
        assert isinstance(r, RenderOk)
        assert (await renderer.media.local_path(r.video_key)).stat().st_size > 0

    # The same scene again: the shared render cache answers, no worker is asked.
    again = await renderer.render(SCENE.format(color="RED"), "Tiny")
    assert isinstance(again, RenderOk) and again.cached and again.worker is None

    # A narration longer than the clip reaches the worker: the last frame is held that long.
    held = await renderer.render(SCENE.format(color="RED"), "Tiny", min_duration_s=1.5)
    assert isinstance(held, RenderOk) and not held.cached and worker_pid(held) in pids(workers)
    assert held.duration_s == pytest.approx(1.5, abs=0.1)

    # A bug in the scene is data, rendered once and never retried; the operator sees it.
    broken = await renderer.render(BROKEN, "Broken")
    assert isinstance(broken, RenderFailed) and broken.error.kind == "runtime", broken
    assert worker_pid(broken) in pids(workers)
    app = make_celery(config)
    try:
        status = queue_status(app, config)
    finally:
        app.close()
    assert len(status.workers) == 2 and status.queued == 0
    assert status.failed[0].kind == "runtime"
    logs = "".join(w.log.read_text() for w in workers)
    assert logs.count(" Broken/low: failed (runtime)") == 1, logs


def test_a_lesson_made_with_two_workers_renders_only_in_them(
    workers: list[Worker], config: QueueConfig, shared_cache: Path, index_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "app"
    data.mkdir()
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TUTOR_"))}
    env.update(
        TUTOR_DATA_DIR=str(data),
        TUTOR_RENDERER="celery",
        TUTOR_REDIS_URL=config.redis_url,
        TUTOR_RENDER_CACHE_DIR=str(shared_cache),
        TUTOR_RENDER_VISIBILITY_TIMEOUT_S=str(config.visibility_timeout_s),
    )
    before = {w.pid: len(w.log.read_text()) for w in workers}
    made = subprocess.run(
        [sys.executable, "-m", "agent.cli", "make", "the Pythagorean theorem", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    scenes = json.loads(made.stdout)["scenes"]
    assert [s["status"] for s in scenes] == ["ok"] * len(scenes)
    jobs = {
        w.pid: [line for line in w.log.read_text()[before[w.pid] :].splitlines() if " job " in line]
        for w in workers
    }
    assert sum(len(lines) for lines in jobs.values()) == len(scenes), jobs
    assert all(jobs.values()), f"a worker rendered nothing: {jobs}"
    cids = {line.split("[", 1)[1].split("]", 1)[0] for lines in jobs.values() for line in lines}
    assert len(cids) == 1  # the command's correlation id, carried into every worker's line


def status_cli(url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTOR_")}
    env["TUTOR_REDIS_URL"] = url
    env["TUTOR_REDIS_TIMEOUT_S"] = "2"
    return subprocess.run(
        [sys.executable, "-m", "agent.cli", "status", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_redis_stopped_is_a_clear_error_and_work_flows_once_it_is_back(
    renderer: CeleryRenderer, redis_server: RedisServer, workers: list[Worker]
) -> None:
    redis_server.stop()
    try:
        began = time.monotonic()
        result = await renderer.render(SCENE.format(color="GREEN"), "Tiny")
        waited = time.monotonic() - began
        assert isinstance(result, RenderFailed), result
        assert result.error.kind == "environment"
        assert (
            "render queue" in result.error.message and "cannot be reached" in result.error.message
        )
        assert "Start Redis" in (result.error.hint or "")
        assert waited < 15, f"waited {waited:.1f}s for an unreachable Redis"

        down = status_cli(renderer.config.redis_url)
        assert down.returncode == 1
        assert json.loads(down.stdout)["error"]["kind"] == "environment"
        assert "Traceback" not in down.stderr
    finally:
        redis_server.start()
    # Back: the workers reconnect by themselves and new work flows.
    result = await asyncio.wait_for(renderer.render(SCENE.format(color="GREEN"), "Tiny"), 120)
    assert isinstance(result, RenderOk), result
    assert worker_pid(result) in pids(workers)
    # Each worker reconnects on its own backoff schedule, so `tutor status` may see one before the
    # other: poll it (bounded) until both answer.
    deadline = time.monotonic() + 60
    while True:
        up = status_cli(renderer.config.redis_url)
        assert up.returncode == 0, up.stderr
        answering = len(json.loads(up.stdout)["workers"])
        if answering == 2 or time.monotonic() > deadline:
            break
        await asyncio.sleep(1)
    assert answering == 2, f"{answering} of 2 workers reconnected within 60 s of Redis coming back"


async def test_a_worker_killed_mid_render_hands_the_job_to_the_other(
    renderer: CeleryRenderer, workers: list[Worker], config: QueueConfig, shared_cache: Path
) -> None:
    """Last in the module: it kills one of the two workers."""
    client = redis.Redis.from_url(config.redis_url)
    killed: list[int] = []

    def on_started() -> None:
        if killed:
            return  # the second start is the other worker's
        state = json.loads(client.get(f"celery-task-meta-{job_id}") or b"{}")
        assert state["status"] == "STARTED"
        victim = next(w for w in workers if w.pid == state["result"]["pid"])
        victim.kill()
        killed.append(victim.pid)

    job_id = cache_key(SLOW, "Slow", "low", renderer.manim_version)  # the job's id is its key
    result = await asyncio.wait_for(renderer.render(SLOW, "Slow", on_started=on_started), 120)
    client.close()
    assert isinstance(result, RenderOk), result
    assert killed, "the job never started"
    survivor = pids(workers) - set(killed)
    assert worker_pid(result) in survivor  # finished on the other worker
    entries = list((shared_cache / "renders").glob("*/*"))
    slow = [e for e in entries if e.name.startswith(result.video_key.split("/")[2])]
    assert len(slow) == 1  # one render stored, once
    assert sorted(p.name for p in slow[0].iterdir()) == ["meta.json", "poster.png", "video.mp4"]
