"""Lessons made through the agent (`tutor make`, the offline model) with their renders on real
`tutor worker` processes behind a real redis-server: every scene version records the worker that
rendered it (never the app), and Redis stopped during a lesson is a clear message with no
traceback, after which `tutor resume` finishes the lesson with nothing lost."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis.exceptions
from kombu.exceptions import OperationalError

from lessons.store.records import Scene, SceneVersion
from lessons.store.sqlite_store import SqliteLessonStore
from tests.redis_server import RedisServer
from tests.render_workers import Worker, two_workers, wait_for_workers
from tools.render.queue.celery_app import QueueConfig

pytestmark = pytest.mark.render

DB = 6  # this module's Redis database
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("shared-render-cache")


@pytest.fixture(scope="module")
def config(redis_server: RedisServer) -> QueueConfig:
    return QueueConfig(redis_server.url(DB), timeout_s=2.0, visibility_timeout_s=60.0)


@pytest.fixture(scope="module")
def workers(
    tmp_path_factory: pytest.TempPathFactory,
    config: QueueConfig,
    shared_cache: Path,
    index_dir: Path,
) -> Iterator[list[Worker]]:
    root = tmp_path_factory.mktemp("lesson-workers")
    with two_workers(root, config, shared_cache, index_dir, TUTOR_REDIS_TIMEOUT_S="2") as started:
        yield started


def app_data(tmp_path: Path, index_dir: Path) -> Path:
    data = tmp_path / "app"
    data.mkdir()
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    return data


def tutor(
    data: Path, config: QueueConfig, shared_cache: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    """A `tutor` command of the app, rendering through the queue only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TUTOR_"))}
    env.update(
        TUTOR_DATA_DIR=str(data),
        TUTOR_RENDERER="celery",
        TUTOR_REDIS_URL=config.redis_url,
        TUTOR_REDIS_TIMEOUT_S="2",
        TUTOR_RENDER_CACHE_DIR=str(shared_cache),
        TUTOR_RENDER_VISIBILITY_TIMEOUT_S=str(config.visibility_timeout_s),
    )
    return subprocess.run(
        [sys.executable, "-m", "agent.cli", *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=900,
    )  # fmt: skip


def stored(data: Path, lesson_id: str) -> list[tuple[Scene, list[SceneVersion]]]:
    """Each scene of the lesson with every one of its versions, read from the app's store."""

    async def read() -> list[tuple[Scene, list[SceneVersion]]]:
        with SqliteLessonStore.open(data / "tutor.db") as store:
            user = await store.get_user("local")
            assert user is not None
            return [
                (scene, await store.versions(user, lesson_id, scene.n))
                for scene in await store.scenes(user, lesson_id)
            ]

    return asyncio.run(read())


def reconnected(config: QueueConfig, count: int, timeout_s: float = 120.0) -> None:
    """Wait until `count` workers answer again after Redis came back (each reconnects on its
    own backoff; a fresh Redis may drop a connection or two meanwhile)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            wait_for_workers(config, count, timeout_s=5)
            return
        except (AssertionError, redis.exceptions.ConnectionError, OperationalError):
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def worker_pid(name: str | None) -> int:
    assert name is not None, "rendered in the app, not by a worker"
    return int(name.rsplit(":", 1)[1])


def as_json(proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return json.loads(proc.stdout)


def test_every_version_records_the_worker_that_rendered_it(
    workers: list[Worker], config: QueueConfig, shared_cache: Path, index_dir: Path, tmp_path: Path
) -> None:
    data = app_data(tmp_path, index_dir)
    made = as_json(tutor(data, config, shared_cache, "make", "the Pythagorean theorem", "--json"))
    assert [s["status"] for s in made["scenes"]] == ["ok"] * len(made["scenes"])

    pids = {w.pid for w in workers}
    scenes = stored(data, made["lesson"])
    versions = [v for _, found in scenes for v in found]
    assert len(versions) == len(scenes) >= 3  # one good render each
    rendered_by = [worker_pid(v.rendered_by) for v in versions]
    assert set(rendered_by) == pids, rendered_by  # both workers took scenes, nothing else did
    assert os.getpid() not in rendered_by

    shown = as_json(tutor(data, config, shared_cache, "show", made["lesson"], "--json"))
    assert [s["rendered_by"] for s in shown["scenes"]] == [v.rendered_by for v in versions]


def test_redis_stopped_during_a_lesson_then_resumed_loses_nothing(
    workers: list[Worker],
    config: QueueConfig,
    redis_server: RedisServer,
    shared_cache: Path,
    index_dir: Path,
    tmp_path: Path,
) -> None:
    """Slow: a lesson with Redis down, a resume still without it, then Redis back and a resume."""
    data = app_data(tmp_path, index_dir)
    queue = f"The render queue (Redis at {config.redis_url}) cannot be reached"
    redis_server.stop()
    try:
        made = tutor(data, config, shared_cache, "make", "the derivative as slope")
        out = made.stdout + made.stderr
        assert made.returncode == 1, out
        assert "Traceback" not in out, out
        assert f"environment error: {queue}" in made.stdout, out
        found = re.search(r"^Lesson ([0-9a-f]{32}):", made.stdout, re.M)
        assert found is not None, made.stdout
        lesson_id = found.group(1)
        before = stored(data, lesson_id)
        assert before and all(
            [(v.status, v.error and v.error.kind, v.rendered_by) for v in found_versions]
            == [("failed", "environment", None)]
            for _, found_versions in before
        ), before

        # Asked to finish while Redis is still down: the same clear words, nothing changes.
        early = tutor(data, config, shared_cache, "resume", lesson_id[:8], "--json")
        assert early.returncode == 1, early.stdout + early.stderr
        assert "Traceback" not in early.stdout + early.stderr, early.stderr
        error = json.loads(early.stdout)["error"]
        assert error["kind"] == "environment" and queue in error["message"], error
    finally:
        redis_server.start()
    reconnected(config, 2)

    resumed = as_json(tutor(data, config, shared_cache, "resume", lesson_id, "--json"))
    assert [s["status"] for s in resumed["scenes"]] == ["ok"] * len(before)
    assert all(s["error"] is None for s in resumed["scenes"])
    assert resumed["export"] is not None

    pids = {w.pid for w in workers}
    after = stored(data, lesson_id)
    for (scene, old), (again, versions) in zip(before, after, strict=True):
        assert again == scene  # the plan: title, goal, narration, visual, as they were
        assert versions[: len(old)] == old  # the failed attempts stay on record, untouched
        assert [v.number for v in versions] == list(range(1, len(versions) + 1))
        assert {v.code for v in versions} == {old[0].code}  # the same code, rendered again
        last = versions[-1]
        assert (last.status, last.number) == ("ok", 3), versions  # v2 failed in the early resume
        assert worker_pid(last.rendered_by) in pids
        assert all(v.status == "failed" for v in versions[:-1])
