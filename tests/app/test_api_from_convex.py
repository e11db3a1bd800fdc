"""convex/jobs.ts end to end: the real action, run by the stand-in Convex backend, asks the real
running app for a lesson over HTTP with a key made by `tutor keys create`, signed with Web
Crypto; the app accepts it and the lesson is made for that key's user (offline model, real
renders, low quality)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from convex import ConvexError
from convex.http_client import ConvexHttpClient

from tests.app.api_client import Api, Key
from tests.app.conftest import AppServer
from tests.convex_server import ConvexTestServer

pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def api_server(tmp_path_factory: pytest.TempPathFactory, index_dir: Path) -> Iterator[AppServer]:
    data = tmp_path_factory.mktemp("api-from-convex")
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    server = AppServer(data)
    server.add_user("bob")
    server.start()
    yield server
    server.stop()  # the lesson's renders, if still going, end with it


@pytest.fixture
def convex(api_server: AppServer, convex_server: ConvexTestServer) -> Iterator[ConvexHttpClient]:
    """A deployment configured as the README says (three `npx convex env set`), called as
    `npx convex run` calls internal functions: with the deployment's admin rights."""
    key = Key.create(api_server, "ada")
    convex_server.set_env(
        TUTOR_API_URL=api_server.url, TUTOR_API_KEY_ID=key.key_id, TUTOR_API_SECRET=key.secret
    )
    client = ConvexHttpClient(convex_server.url)
    client.set_admin_auth("stand-in-admin-key")
    yield client
    convex_server.set_env(TUTOR_API_URL=None, TUTOR_API_KEY_ID=None, TUTOR_API_SECRET=None)


def test_a_convex_action_asks_the_api_for_a_lesson(
    convex: ConvexHttpClient, api_server: AppServer
) -> None:
    made: dict[str, Any] = convex.action(
        "jobs:requestLesson", {"prompt": "the sine function", "quality": "low"}
    )
    job = made["job"]
    assert job["kind"] == "lesson" and job["state"] in ("queued", "running", "done"), made
    lesson = made["lesson"]
    deadline = time.monotonic() + 60
    while lesson is None and time.monotonic() < deadline:  # not named within the API's wait
        time.sleep(1)
        lesson = convex.action("jobs:jobStatus", {"job": job["id"]})["lesson_id"]
    assert lesson is not None

    ada = Api(api_server, Key.create(api_server, "ada"))
    view = ada.call("GET", f"/lessons/{lesson}")
    assert view.status_code == 200 and view.json()["id"] == lesson, view.text
    bob = Api(api_server, Key.create(api_server, "bob"))
    assert bob.call("GET", f"/lessons/{lesson}").status_code == 404  # ada's, not bob's
    status = convex.action("jobs:jobStatus", {"job": job["id"]})
    assert status["id"] == job["id"] and status["lesson_id"] == lesson


def test_a_refusal_comes_back_as_a_convex_error_with_the_apis_reason(
    convex: ConvexHttpClient, convex_server: ConvexTestServer
) -> None:
    with pytest.raises(ConvexError) as refused:
        convex.action("jobs:requestLesson", {"prompt": "sines", "webhookUrl": "ftp://h/x"})
    assert refused.value.data["status"] == 422
    assert "http:// or https://" in refused.value.data["message"]

    convex_server.set_env(TUTOR_API_SECRET="tsk_" + "0" * 64)
    with pytest.raises(ConvexError) as unsigned:
        convex.action("jobs:jobStatus", {"job": "job_1"})
    assert unsigned.value.data["status"] == 401
    assert "bad signature" in unsigned.value.data["message"]
