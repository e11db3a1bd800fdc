"""A render worker SIGKILLed in the middle of a lesson's render: the scene still finishes on the
other worker, exactly one version is stored per scene, and the lesson completes. A real
`tutor make` (the offline model), two real `tutor worker` processes, a real redis-server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.agent.test_lesson_workers import app_data, stored, worker_pid
from tests.redis_server import RedisServer
from tests.render_workers import Worker, two_workers
from tools.render.queue.celery_app import QueueConfig

pytestmark = pytest.mark.render

DB = 10  # this module's Redis database
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def config(redis_server: RedisServer) -> QueueConfig:
    # A killed worker's job comes back this soon (longer than any render here).
    return QueueConfig(redis_server.url(DB), timeout_s=2.0, visibility_timeout_s=15.0)


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("shared-render-cache")


@pytest.fixture(scope="module")
def workers(
    tmp_path_factory: pytest.TempPathFactory,
    config: QueueConfig,
    shared_cache: Path,
    index_dir: Path,
) -> Iterator[list[Worker]]:
    root = tmp_path_factory.mktemp("killed-workers")
    with two_workers(root, config, shared_cache, index_dir) as started:
        yield started


def started_job(client: redis.Redis, timeout_s: float) -> tuple[str, int]:
    """The first render job a worker has started: its id and the worker's pid."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for key in client.scan_iter("celery-task-meta-*"):
            state = json.loads(client.get(key) or b"{}")
            if state.get("status") == "STARTED":
                return key.decode().removeprefix("celery-task-meta-"), state["result"]["pid"]
        time.sleep(0.02)
    raise AssertionError("no render started")


def test_a_worker_killed_mid_render_the_scene_finishes_on_the_other_and_the_lesson_completes(
    workers: list[Worker], config: QueueConfig, shared_cache: Path, index_dir: Path, tmp_path: Path
) -> None:
    data = app_data(tmp_path, index_dir)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TUTOR_"))}
    env.update(
        TUTOR_DATA_DIR=str(data),
        TUTOR_RENDERER="celery",
        TUTOR_REDIS_URL=config.redis_url,
        TUTOR_RENDER_CACHE_DIR=str(shared_cache),
        TUTOR_RENDER_VISIBILITY_TIMEOUT_S=str(config.visibility_timeout_s),
    )
    make = subprocess.Popen(
        [sys.executable, "-m", "agent.cli", "make", "the Pythagorean theorem", "--json"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    client = redis.Redis.from_url(config.redis_url)
    try:
        job_id, pid = started_job(client, 180)
        [victim] = [w for w in workers if w.pid == pid]
        [survivor] = [w for w in workers if w.pid != pid]
        victim.kill()  # mid-render: the job is never acknowledged
        out, err = make.communicate(timeout=600)
        final = json.loads(client.get(f"celery-task-meta-{job_id}") or b"{}")
    finally:
        make.kill()
        client.close()
    assert make.returncode == 0, out + err
    assert "Traceback" not in out + err, err
    made = json.loads(out)
    assert [s["status"] for s in made["scenes"]] == ["ok"] * len(made["scenes"]), made
    assert made["export"], made
    # The killed job ran again on the survivor and succeeded there.
    assert final.get("status") == "SUCCESS", final
    assert worker_pid(final["result"]["worker"]) == survivor.pid, final
    # Exactly one version per scene, each rendered by a worker (never by this process).
    scenes = stored(data, made["lesson"])
    assert all(len(versions) == 1 for _, versions in scenes), scenes
    assert {worker_pid(v.rendered_by) for _, [v] in scenes} <= {victim.pid, survivor.pid}
