"""Every way a request to the REST API is refused, over real HTTP to the real app: each with
its status and plain reason, as problem+json. Also /ready, the schema and the docs."""

from __future__ import annotations

import subprocess
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.app.api_client import Api, Key, tutor
from tests.app.conftest import ROOT, AppServer


@pytest.fixture(scope="module")
def api_server(tmp_path_factory: pytest.TempPathFactory, index_dir: Path) -> Iterator[AppServer]:
    data = tmp_path_factory.mktemp("api-data")
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    server = AppServer(data, extra_env={"TUTOR_API_RATE_PER_MIN": "40"})
    server.add_user("bob")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def ada(api_server: AppServer) -> Api:
    # ada is the admin login the app made at start-up (TUTOR_ADMIN_USER).
    return Api(api_server, Key.create(api_server, "ada"))


def readme_signing_function() -> str:
    """The README's `tutor_sign` shell function, exactly as printed there."""
    readme = (ROOT / "README.md").read_text()
    start = readme.index("tutor_sign() {")
    return readme[start : readme.index("\n}\n", start) + 3]


def test_the_readmes_curl_examples_sign_correctly(ada: Api, api_server: AppServer) -> None:
    script = readme_signing_function() + textwrap.dedent("""
        code() { curl -s -o /dev/null -w '%{http_code} ' "$@"; }
        code "$API/api/v1/lessons?from=readme" -H "X-Tutor-Key: $TUTOR_KEY" \\
          -H "$(tutor_sign GET '/api/v1/lessons?from=readme')"
        body='{"prompt": ""}'
        code -X POST "$API/api/v1/lessons" -H 'Content-Type: application/json' \\
          -H "X-Tutor-Key: $TUTOR_KEY" -H "$(tutor_sign POST /api/v1/lessons "$body")" -d "$body"
        code -X POST "$API/api/v1/lessons" -H 'Content-Type: application/json' \\
          -H "X-Tutor-Key: $TUTOR_KEY" -H "$(tutor_sign POST /api/v1/lessons '{}')" -d "$body"
        """)  # fmt: skip
    env = {"PATH": "/usr/bin:/bin", "API": api_server.url, "TUTOR_KEY": ada.key.key_id,
           "TUTOR_SECRET": ada.key.secret}  # fmt: skip
    ran = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    # Signed right: the list, then the empty prompt refused for what it is (not for its
    # signature); a signature over other bytes than those sent is refused.
    assert ran.stdout.split() == ["200", "422", "401"], ran.stdout + ran.stderr


def _refused(answer: httpx.Response, status: int, reason: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["status"] == status and reason in problem["detail"], problem
    assert "Traceback" not in answer.text


def test_a_signed_request_goes_through(ada: Api) -> None:
    answer = ada.call("GET", "/lessons")
    assert answer.status_code == 200 and answer.json() == {"lessons": []}


def test_tampering_with_the_body_or_the_path_is_refused(ada: Api) -> None:
    body = {"prompt": "the Pythagorean theorem"}
    signed_for = b'{"prompt": "something cheaper"}'
    _refused(ada.call("POST", "/lessons", body, signed_body=signed_for), 401, "bad signature")
    _refused(
        ada.call("GET", "/lessons", signed_path="/api/v1/lessons?page=2"), 401, "bad signature"
    )
    _refused(ada.call("GET", "/jobs/job_1", signed_path="/api/v1/jobs/job_2"), 401, "bad signature")


def test_stale_and_future_timestamps_are_refused(ada: Api) -> None:
    now = int(time.time())
    _refused(ada.call("GET", "/lessons", t=now - 310), 401, "stale timestamp")
    _refused(ada.call("GET", "/lessons", t=now + 310), 401, "timestamp in the future")
    assert ada.call("GET", "/lessons", t=now - 250).status_code == 200  # inside the window


def test_a_replayed_request_is_refused(ada: Api) -> None:
    t = int(time.time())
    assert ada.call("GET", "/lessons?replay=1", t=t).status_code == 200
    _refused(ada.call("GET", "/lessons?replay=1", t=t), 401, "replayed request")


def test_missing_malformed_unknown_and_revoked_keys_are_refused(
    ada: Api, api_server: AppServer
) -> None:
    url = api_server.url + "/api/v1/lessons"
    _refused(httpx.get(url), 401, "missing X-Tutor-Key header")
    _refused(
        httpx.get(url, headers={"X-Tutor-Key": ada.key.key_id}), 401, "missing X-Tutor-Signature"
    )
    bad_key = {"X-Tutor-Key": "ada", "X-Tutor-Signature": f"t=1,v1={'a' * 64}"}
    _refused(httpx.get(url, headers=bad_key), 401, "malformed X-Tutor-Key")
    bad_sig = {"X-Tutor-Key": ada.key.key_id, "X-Tutor-Signature": "sha256=abc"}
    _refused(httpx.get(url, headers=bad_sig), 401, "malformed X-Tutor-Signature")
    unknown = Api(api_server, Key("tk_0000000000000000", ada.key.secret))
    _refused(unknown.call("GET", "/lessons"), 401, "unknown key")
    wrong_secret = Api(api_server, Key(ada.key.key_id, "tsk_" + "0" * 64))
    _refused(wrong_secret.call("GET", "/lessons"), 401, "bad signature")
    revoked = Api(api_server, Key.create(api_server, "ada"))
    assert revoked.call("GET", "/lessons").status_code == 200
    assert "revoked" in tutor(api_server, "keys", "revoke", revoked.key.key_id)
    _refused(revoked.call("GET", "/lessons"), 401, "revoked key")
    assert "revoked" in tutor(api_server, "keys", "list", "--user", "ada")


def test_another_users_job_is_not_found_and_bad_input_is_a_clear_422(
    ada: Api, api_server: AppServer
) -> None:
    bob = Api(api_server, Key.create(api_server, "bob"))
    _refused(bob.call("GET", "/jobs/job_nope"), 404, "No job job_nope")
    _refused(bob.call("GET", "/lessons/nope"), 404, "")
    _refused(ada.call("POST", "/lessons", {"prompt": ""}), 422, "prompt")
    _refused(ada.call("POST", "/lessons", {"prompt": "x", "quality": "ultra"}), 422, "quality")
    ssrf = {"prompt": "sines", "webhook_url": "http://169.254.169.254/latest/meta-data"}
    _refused(ada.call("POST", "/lessons", ssrf), 422, "private, loopback or reserved")
    _refused(ada.call("POST", "/lessons", {"prompt": "x", "webhook_url": "ftp://h/x"}), 422, "http")


def test_a_key_over_its_rate_gets_429_with_retry_after(api_server: AppServer) -> None:
    busy = Api(api_server, Key.create(api_server, "bob"))
    # Each request differs (a query), else two in one second would be the same signature.
    answers = [busy.call("GET", f"/lessons?i={i}").status_code for i in range(40)]
    assert answers == [200] * 40
    limited = busy.call("GET", "/lessons?i=40")
    _refused(limited, 429, "rate limit")
    assert 1 <= int(limited.headers["Retry-After"]) <= 60


def test_ready_health_schema_and_docs_need_no_key_and_reveal_nothing(
    api_server: AppServer,
) -> None:
    ready = httpx.get(api_server.url + "/ready")
    assert ready.status_code == 200, ready.text
    assert ready.json() == {
        "status": "ready",
        "checks": {
            "database": "ok",
            "storage": "ok",
            "queue": "not used",
            "model": "offline (no model configured)",
        },
    }
    assert str(api_server.data_dir) not in ready.text
    assert httpx.get(api_server.url + "/health").json() == {"status": "ok"}
    schema = httpx.get(api_server.url + "/api/v1/openapi.json").json()
    assert {"/lessons", "/lessons/{lesson_id}/scenes/{n}/edit", "/jobs/{job_id}"} <= set(
        schema["paths"]
    )
    docs = httpx.get(api_server.url + "/api/v1/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
