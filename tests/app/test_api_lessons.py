"""A whole lesson by the REST API, over real HTTP to the real app with the offline model and
real renders: create → job done → view → edit scene 2 → revert, every webhook delivery's
signature verified by a receiver on 127.0.0.1, and webhook retries against a receiver that
fails twice and then succeeds; the README's verification snippets accept those deliveries."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.app.api_client import Api, Delivery, Key, Receiver, tutor
from tests.app.conftest import ROOT, AppServer

pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def api_server(tmp_path_factory: pytest.TempPathFactory, index_dir: Path) -> Iterator[AppServer]:
    data = tmp_path_factory.mktemp("api-lessons")
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    env = {"TUTOR_WEBHOOK_ALLOW_PRIVATE": "1", "TUTOR_WEBHOOK_BACKOFF_S": "0.2"}
    server = AppServer(data, extra_env=env)
    server.add_user("bob")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def ada(api_server: AppServer) -> Api:
    return Api(api_server, Key.create(api_server, "ada"))


@pytest.fixture(scope="module")
def receiver(ada: Api) -> Iterator[Receiver]:
    hooks = Receiver({ada.key.key_id: ada.key.secret}).start()
    yield hooks
    hooks.stop()


def _scenes(view: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {s["n"]: s for s in view["scenes"]}


def test_a_whole_lesson_by_api(ada: Api, api_server: AppServer, receiver: Receiver) -> None:
    hook = receiver.url + "/hooks/tutor?source=test"
    made = ada.call("POST", "/lessons", {"prompt": "the Pythagorean theorem", "webhook_url": hook})
    assert made.status_code == 202, made.text
    lesson, job = made.json()["lesson"], made.json()["job"]
    assert job["state"] in ("queued", "running", "done") and job["kind"] == "lesson"
    done = ada.wait_job(job["id"])
    assert done["state"] == "done", done
    lesson = lesson or done["lesson_id"]
    assert done["lesson_id"] == lesson
    assert done["progress"] and all(s["stage"] == "done" for s in done["progress"])

    view = ada.call("GET", f"/lessons/{lesson}").json()
    scenes = _scenes(view)
    assert view["all_ok"] and len(scenes) >= 2 and view["video_url"]
    assert all(s["status"] == "ok" and s["version"] == 1 for s in scenes.values())
    # Each scene says its narration (espeak-ng, nothing configured), kept per version.
    assert all(s["narration"] and s["narration_s"] > 1.0 for s in scenes.values()), scenes
    assert [v["narration"] for v in scenes[2]["versions"]] == [scenes[2]["narration"]]
    clip = ada.call("GET", scenes[2]["clip_url"].removeprefix("/api/v1"))
    assert clip.status_code == 200 and clip.content[4:8] == b"ftyp"  # an MP4
    assert str(api_server.data_dir) not in json.dumps(view)  # no host paths
    listed = ada.call("GET", "/lessons").json()["lessons"]
    assert [x["id"] for x in listed] == [lesson]

    edit = ada.call(
        "POST", f"/lessons/{lesson}/scenes/2/edit", {"change": "make it red", "webhook_url": hook}
    )
    assert edit.status_code == 202, edit.text
    edited = ada.wait_job(edit.json()["job"]["id"])
    assert edited["state"] == "done" and edited["scene"] == 2, edited
    scene_2 = _scenes(ada.call("GET", f"/lessons/{lesson}").json())[2]
    assert scene_2["version"] == 2 and [v["number"] for v in scene_2["versions"]] == [1, 2]

    back = ada.call("POST", f"/lessons/{lesson}/scenes/2/revert", {"to": 1})
    assert back.status_code == 200, back.text
    assert back.json()["version"] == 1 and _scenes(back.json()["view"])[2]["version"] == 1
    again = ada.call("POST", f"/lessons/{lesson}/scenes/1/revert")
    assert again.status_code == 404 and "no earlier rendered version" in again.json()["detail"]

    shared = ada.call("POST", f"/lessons/{lesson}/share")
    assert shared.status_code == 200 and "/share/" in shared.json()["url"]
    assert httpx.get(shared.json()["url"].replace("localhost", "127.0.0.1")).status_code == 200

    deliveries = receiver.wait_for(2)
    assert len(deliveries) == 2 and all(d.verified for d in deliveries), deliveries
    assert all(d.path == "/hooks/tutor?source=test" for d in deliveries)
    assert [d.body["job"]["id"] for d in deliveries] == [job["id"], edited["id"]]
    first = deliveries[0].body
    assert (first["event"], first["state"], first["lesson"]) == ("job.done", "done", lesson)
    assert first["view"]["id"] == lesson and first["view"]["all_ok"]

    # A key acts as its user: bob's key finds none of ada's lesson or jobs.
    bob = Api(api_server, Key.create(api_server, "bob"))
    for path in (f"/lessons/{lesson}", f"/jobs/{job['id']}"):
        assert bob.call("GET", path).status_code == 404
    refused = bob.call("POST", f"/lessons/{lesson}/scenes/2/edit", {"change": "make it blue"})
    assert refused.status_code == 404
    assert bob.call("GET", "/lessons").json() == {"lessons": []}


def test_webhooks_are_retried_until_the_receiver_answers(ada: Api, api_server: AppServer) -> None:
    flaky = Receiver({ada.key.key_id: ada.key.secret}, fail_first=2).start()
    try:
        [lesson] = [x["id"] for x in ada.call("GET", "/lessons").json()["lessons"]]
        # A change the offline model does not act on: the job fails quickly, with nothing rendered.
        asked = ada.call(
            "POST",
            f"/lessons/{lesson}/scenes/1/edit",
            {"change": "hmm", "webhook_url": flaky.url + "/hook"},
        )
        assert asked.status_code == 202, asked.text
        job = ada.wait_job(asked.json()["job"]["id"])
        deliveries = flaky.wait_for(3)
    finally:
        flaky.stop()
    assert job["state"] == "failed" and "scene 1 was not changed" in job["error"], job
    assert [d.answered for d in deliveries] == [500, 500, 204]
    assert deliveries[-1].body["event"] == "job.failed"
    assert all(d.verified for d in deliveries)
    assert {d.body["job"]["id"] for d in deliveries} == {job["id"]}
    logged = [
        json.loads(line)
        for line in tutor(api_server, "webhooks", "log", "--job", job["id"], "--json").splitlines()
    ]
    assert [(a["attempt"], a["status"]) for a in logged] == [(1, 500), (2, 500), (3, 204)]
    assert [a["error"] for a in logged] == ["HTTP 500", "HTTP 500", None]
    assert_readme_verifiers_agree(deliveries, ada.key.secret)


def readme_block(language: str, starts: str) -> str:
    """The README's code block in `language` whose text contains `starts`."""
    blocks = re.findall(rf"```{language}\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    [block] = [b for b in blocks if starts in b]
    return block


def assert_readme_verifiers_agree(deliveries: list[Delivery], secret: str) -> None:
    """The README's verification snippets, Python and TypeScript as printed, accept every real
    delivery and refuse it with one byte of the body changed or the wrong secret."""
    cases = [
        {"secret": s, "header": d.signature, "path": d.path, "body": b.decode()}
        for d in deliveries
        for s, b in ((secret, d.raw), (secret, d.raw.replace(b"job", b"jab", 1)), ("x", d.raw))
    ]
    expected = [True, False, False] * len(deliveries)
    python: dict[str, Any] = {}
    exec(readme_block("python", "def verify("), python)
    assert [
        python["verify"](c["secret"], c["header"], c["path"], c["body"].encode()) for c in cases
    ] == expected
    script = readme_block("ts", "export function verify(") + TS_MAIN
    with tempfile.TemporaryDirectory() as work:
        main = Path(work) / "verify.ts"
        main.write_text(script)
        ran = subprocess.run(
            ["node", "--import", "tsx", str(main)], input=json.dumps(cases), cwd=ROOT,
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout) == expected


TS_MAIN = """
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const cases = JSON.parse(input);
  const results = cases.map((c: any) => verify(c.secret, c.header, c.path, Buffer.from(c.body, "utf8")));
  console.log(JSON.stringify(results));
});
"""
