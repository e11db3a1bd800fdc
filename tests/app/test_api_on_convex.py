"""The REST API with `TUTOR_STORE=convex`: keys made by `tutor keys create`, signed requests,
the replay refusal, one lesson as a job with its webhook, and `tutor webhooks log`, all kept
in Convex's tables (our functions, behind the stand-in Convex server) and none in SQLite."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.api_client import Api, Key, Receiver, tutor
from tests.app.conftest import AppServer
from tests.convex_server import SECRET, ConvexTestServer

pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def api_server(
    tmp_path_factory: pytest.TempPathFactory, index_dir: Path, convex_server: ConvexTestServer
) -> Iterator[AppServer]:
    convex_server.reset()
    data = tmp_path_factory.mktemp("api-on-convex")
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    env = {
        "TUTOR_STORE": "convex",
        "CONVEX_URL": convex_server.url,
        "TUTOR_CONVEX_SECRET": SECRET,
        "TUTOR_WEBHOOK_ALLOW_PRIVATE": "1",  # the receiver is on 127.0.0.1
    }
    server = AppServer(data, extra_env=env)
    server.start()
    yield server
    server.stop()


def test_the_api_keeps_keys_replays_jobs_and_webhooks_in_convex(
    api_server: AppServer, convex_server: ConvexTestServer
) -> None:
    ada = Api(api_server, Key.create(api_server, "ada"))  # ada: the app's admin login
    t = int(time.time())
    listed = ada.call("GET", "/lessons?n=1", t=t)
    assert listed.status_code == 200 and listed.json() == {"lessons": []}, listed.text
    replayed = ada.call("GET", "/lessons?n=1", t=t)
    assert replayed.status_code == 401 and "replayed request" in replayed.json()["detail"]
    assert ada.call("GET", "/jobs/job_missing").status_code == 404

    receiver = Receiver({ada.key.key_id: ada.key.secret}).start()
    try:
        body = {"prompt": "the sine function", "quality": "low", "webhook_url": receiver.url}
        made = ada.call("POST", "/lessons", body)
        assert made.status_code == 202, made.text
        done = ada.wait_job(made.json()["job"]["id"], timeout_s=300)
        [delivery] = receiver.wait_for(1)
    finally:
        receiver.stop()
    assert done["state"] == "done" and done["lesson_id"], done
    assert delivery.verified and delivery.body["job"]["id"] == done["id"]

    logged = [
        json.loads(line) for line in tutor(api_server, "webhooks", "log", "--json").splitlines()
    ]
    assert [(a["job_id"], a["attempt"], a["status"]) for a in logged] == [(done["id"], 1, 204)]
    [key] = [json.loads(line) for line in tutor(api_server, "keys", "list", "--json").splitlines()]
    assert (key["key_id"], key["user"], key["revoked_at"]) == (ada.key.key_id, "ada", None)

    counts = convex_server.counts()
    assert (counts["apiKeys"], counts["apiJobs"], counts["webhookAttempts"]) == (1, 1, 1)
    assert counts["apiSignatures"] >= 3 and counts["lessons"] == 1
    assert not (api_server.data_dir / "tutor.db").exists()  # nothing went to SQLite
