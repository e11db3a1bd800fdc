"""The REST API on two app instances sharing one PostgreSQL, one Redis and one S3 bucket, with
jobs run by a turn worker (`TUTOR_TURNS=celery`): a lesson asked for on A is followed and read
on B, every JSON log line of its job carries the request's id, a signature used on A is a
replay on B, and /ready names the queue. Real servers, a real
turn worker, real renders."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.app.api_client import Api, Key, Receiver
from tests.app.conftest import AppServer
from tests.json_logs import json_lines, who_logged
from tests.postgres_server import PostgresServer
from tests.redis_server import RedisServer
from tests.render_workers import Worker, start_worker, worker_env
from tests.s3_server import CREDENTIALS, S3Server

pytestmark = pytest.mark.render

DB = 9  # this module's Redis database


@pytest.fixture(scope="module")
def shared(
    tmp_path_factory: pytest.TempPathFactory,
    redis_server: RedisServer,
    postgres_server: PostgresServer,
    s3_server: S3Server,
    index_dir: Path,
) -> Iterator[tuple[AppServer, AppServer, Worker]]:
    if not s3_server.running:
        s3_server.start()
    common = {
        **CREDENTIALS,
        "TUTOR_DATABASE_URL": postgres_server.create_database("api_ab"),
        "TUTOR_REDIS_URL": redis_server.url(DB),
        "TUTOR_TURNS": "celery",
        "TUTOR_STORAGE": "s3",
        "TUTOR_S3_BUCKET": s3_server.new_bucket(),
        "TUTOR_S3_ENDPOINT_URL": s3_server.url,
        "CHAINLIT_AUTH_SECRET": "api-ab-test-secret-" + "x" * 40,
        "TUTOR_API_MASTER_KEY": "api-ab-master-key-" + "y" * 40,  # one for every instance
        "TUTOR_WEBHOOK_ALLOW_PRIVATE": "1",
        "TUTOR_LOG_FORMAT": "json",
    }
    root = tmp_path_factory.mktemp("api-instances")
    env = worker_env(root / "worker", redis_server.url(DB), root / "worker-cache", index_dir)
    env = {k: v for k, v in env.items() if not k.startswith("OPENAI_")}  # the offline model
    worker = start_worker(root / "worker", {**env, **common}, turns=True)
    instances = []
    for name in ("a", "b"):
        data = root / name
        data.mkdir()
        (data / "api-index").symlink_to(index_dir, target_is_directory=True)
        instances.append(AppServer(data, extra_env=dict(common)))
    a, b = instances
    a.start()
    b.start()
    yield a, b, worker
    a.stop()
    b.stop()
    worker.stop()


def test_a_job_on_a_turn_worker_is_seen_from_either_instance(
    shared: tuple[AppServer, AppServer, Worker],
) -> None:
    a, b, worker = shared
    key = Key.create(a, "ada")  # made with A's settings, honoured by B: one master key
    on_a, on_b = Api(a, key), Api(b, key)
    hooks = Receiver({key.key_id: key.secret}).start()
    try:
        made = on_a.call(
            "POST", "/lessons", {"prompt": "the sine function", "webhook_url": hooks.url + "/h"}
        )
        assert made.status_code == 202, made.text
        job = on_b.wait_job(made.json()["job"]["id"])  # followed on B
        assert job["state"] == "done" and job["progress"], job
        view = on_b.call("GET", f"/lessons/{job['lesson_id']}").json()
        assert view["all_ok"] and view["video_url"]
        [delivery] = hooks.wait_for(1)
    finally:
        hooks.stop()
    assert delivery.verified and delivery.body["state"] == "done"
    assert "started for ada" in worker.log.read_text()  # the turn ran on the worker

    # One id follows the request: A's API and webhook, the worker's turn, agent and sandbox.
    cid = made.headers["X-Request-Id"]
    assert who_logged(json_lines(a.log, worker.log), cid) >= {
        ("app", "chat.api.request_ids"),
        ("app", "chat.api.webhooks"),
        ("worker", "agent.turn_queue.worker"),
        ("worker", "agent.tutor"),
        ("worker", "tools.render.scene_runner"),
    }

    t = int(time.time())
    assert on_a.call("GET", "/lessons?once=1", t=t).status_code == 200
    replay = on_b.call("GET", "/lessons?once=1", t=t)
    assert replay.status_code == 401 and "replayed" in replay.json()["detail"]

    ready = httpx.get(b.url + "/ready").json()
    assert ready == {
        "status": "ready",
        "checks": {
            "database": "ok",
            "storage": "ok",
            "queue": "ok",
            "model": "offline (no model configured)",
        },
    }
