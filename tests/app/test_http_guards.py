"""HTTP-level hardening of the running app: another user's ids get 404 on every Chainlit route
that takes one, foreign origins are refused, bad file keys are 404, cookies are Secure over
HTTPS, /health tells the truth about storage, and instances do not share Chainlit's files dir.

One lesson of ada's (a real chat turn over socket.io with the offline model, real renders) is
shared by the module; bob, the second user, tries everything on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.app.chat_socket import ChatSocket
from tests.app.conftest import PASSWORDS, AppServer, free_port
from tests.app.http import Answer, login_token, request

LESSON_PROMPT = "Make a short lesson on the Pythagorean theorem"
FOREIGN = "http://127.0.0.1:1"  # another port of the same host: same site, other origin
PUBLIC_URL = "https://tutor.example.org"
LMS = "https://lms.example.org"


@dataclass
class Lesson:
    thread_id: str
    element_id: str  # a scene clip's chat element
    element_for: str  # the message it belongs to
    clip_url: str  # /tutor-files/chat/<ada's chat id>/<element id>/<name>
    message_id: str  # an assistant message of the lesson


@pytest.fixture(scope="module")
def ada(app_server: AppServer) -> str:
    return login_token(app_server, "ada", PASSWORDS["ada"])


@pytest.fixture(scope="module")
def bob(app_server: AppServer) -> str:
    return login_token(app_server, "bob", PASSWORDS["bob"])


def call(
    server: AppServer, method: str, path: str, token: str | None, body: Any = None, **kw: Any
) -> Answer:
    return request(server, method, path, token=token, body=body, **kw)


def thread_of(server: AppServer, token: str, thread_id: str) -> dict[str, Any]:
    answer = call(server, "GET", f"/project/thread/{thread_id}", token)
    assert answer.status == 200, (answer.status, answer.body[:300])
    return answer.json()


def replies(server: AppServer, token: str, thread_id: str) -> list[str]:
    """The ids of a thread's assistant messages, once stored (Chainlit stores them in tasks)."""
    deadline = time.monotonic() + 20
    while True:
        answer = call(server, "GET", f"/project/thread/{thread_id}", token)
        steps = answer.json()["steps"] if answer.status == 200 else []
        found = [s["id"] for s in steps if s["type"] == "assistant_message"]
        if found or time.monotonic() > deadline:
            assert found, steps
            return found
        time.sleep(0.2)


@pytest.fixture(scope="module")
def lesson(app_server: AppServer, ada: str) -> Lesson:
    """ada makes a lesson in a chat; its first scene clip is the target of bob's attempts."""

    async def make() -> str:
        async with ChatSocket(app_server, ada) as tab:
            await tab.turn(LESSON_PROMPT)
            return tab.thread_id

    thread_id = asyncio.run(make())
    deadline = time.monotonic() + 20
    while True:  # elements are stored by background tasks: wait for the clips' rows
        thread = thread_of(app_server, ada, thread_id)
        videos = [e for e in thread["elements"] if e["type"] == "video" and e.get("url")]
        if videos or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert videos, thread["elements"]
    return Lesson(
        thread_id=thread_id,
        element_id=videos[0]["id"],
        element_for=videos[0]["forId"],
        clip_url=videos[0]["url"],
        message_id=replies(app_server, ada, thread_id)[-1],
    )


@contextlib.asynccontextmanager
async def chatting(server: AppServer, token: str, text: str = "help") -> Any:
    """A chat session that has had its first message (Chainlit defers writes until then)."""
    async with ChatSocket(server, token) as tab:
        await tab.turn(text, timeout_s=60)
        yield tab


def fake_element(element_id: str, thread_id: str, for_id: str) -> dict[str, Any]:
    return {
        "id": element_id,
        "threadId": thread_id,
        "forId": for_id,
        "type": "custom",
        "name": "LessonPlayer",
        "display": "inline",
        "props": {"src": "https://attacker.example/x.mp4"},
    }


@pytest.mark.render
async def test_another_users_element_cannot_be_deleted_or_replaced(
    app_server: AppServer, lesson: Lesson, ada: str, bob: str
) -> None:
    clip_before = call(app_server, "GET", lesson.clip_url, ada)
    assert clip_before.status == 200 and clip_before.body
    async with chatting(app_server, bob) as tab:
        refusals: list[tuple[int, bytes]] = []
        for method in ("DELETE", "PUT"):
            for thread_id in (lesson.thread_id, tab.thread_id):  # ada's thread, or his own
                element = fake_element(lesson.element_id, thread_id, lesson.element_for)
                answer = call(
                    app_server, method, "/project/element", bob,
                    {"sessionId": tab.session_id, "element": element},
                )  # fmt: skip
                assert answer.status == 404, (method, thread_id, answer.status, answer.body)
                refusals.append((answer.status, answer.body))
        missing = fake_element(str(uuid.uuid4()), tab.thread_id, lesson.element_for)
        answer = call(
            app_server, "DELETE", "/project/element", bob,
            {"sessionId": tab.session_id, "element": missing},
        )  # fmt: skip
        assert set(refusals) == {(answer.status, answer.body)}  # the same as a missing element
        await asyncio.sleep(1)  # Chainlit writes elements from background tasks
    clip_after = call(app_server, "GET", lesson.clip_url, ada)
    assert clip_after.status == 200 and clip_after.body == clip_before.body
    still = {e["id"]: e for e in thread_of(app_server, ada, lesson.thread_id)["elements"]}
    assert still[lesson.element_id]["type"] == "video"
    assert still[lesson.element_id]["url"] == lesson.clip_url


@pytest.mark.render
async def test_the_owner_still_updates_and_removes_her_own_elements(
    app_server: AppServer, lesson: Lesson, ada: str
) -> None:
    async def element_ids() -> set[str]:
        return {e["id"] for e in thread_of(app_server, ada, lesson.thread_id)["elements"]}

    async def wait_for(condition: Any) -> None:
        for _ in range(50):
            if condition(await element_ids()):
                return
            await asyncio.sleep(0.2)
        raise AssertionError("the element change never reached the thread")

    async with ChatSocket(app_server, ada, thread_id=lesson.thread_id) as tab:  # reopened chat
        await tab.seen("resume_thread")
        new_id = str(uuid.uuid4())
        payload = {
            "sessionId": tab.session_id,
            "element": fake_element(new_id, lesson.thread_id, lesson.element_for),
        }
        put = call(app_server, "PUT", "/project/element", ada, payload)
        assert put.status == 200 and put.json() == {"success": True}, put.body
        await wait_for(lambda ids: new_id in ids)
        removed = call(app_server, "DELETE", "/project/element", ada, payload)
        assert removed.status == 200 and removed.json() == {"success": True}, removed.body
        await wait_for(lambda ids: new_id not in ids)
        # Her clip's element named with another thread is refused, like a missing one.
        moved = fake_element(lesson.element_id, tab.thread_id, lesson.element_for)
        moved["threadId"] = str(uuid.uuid4())
        answer = call(app_server, "DELETE", "/project/element", ada, {**payload, "element": moved})
        assert answer.status == 404
    assert lesson.element_id in await element_ids()


@pytest.mark.render
async def test_forged_action_payloads_reach_no_prompt_and_no_markdown(
    app_server: AppServer, lesson: Lesson, ada: str
) -> None:
    """Action payloads come back from the browser: a forged scene is refused, never echoed."""
    forged = "1** [click](https://evil.example)"
    async with ChatSocket(app_server, ada, thread_id=lesson.thread_id) as tab:
        await tab.seen("resume_thread")
        for name in ("show_code", "revert", "rerender_high"):
            action = {"id": str(uuid.uuid4()), "name": name, "payload": {"scene": forged},
                      "label": name, "forId": lesson.message_id}  # fmt: skip
            answer = call(
                app_server, "POST", "/project/action", ada,
                {"sessionId": tab.session_id, "action": action},
            )  # fmt: skip
            assert answer.status == 200, (name, answer.status, answer.body[:300])
        await asyncio.sleep(1)  # Chainlit stores messages from background tasks
    steps = thread_of(app_server, ada, lesson.thread_id)["steps"]
    outputs = [s.get("output") or "" for s in steps]
    assert not [o for o in outputs if "evil.example" in o], outputs[-5:]
    assert sum("names no scene" in o for o in outputs) == 3, outputs[-5:]


@pytest.mark.render
def test_thread_routes_answer_404_for_unknown_and_foreign_threads(
    app_server: AppServer, lesson: Lesson, ada: str, bob: str
) -> None:
    unknown = str(uuid.uuid4())
    for thread_id in (lesson.thread_id, unknown):
        answers = [
            call(app_server, "GET", f"/project/thread/{thread_id}", bob),
            call(
                app_server, "GET", f"/project/thread/{thread_id}/element/{lesson.element_id}", bob
            ),
            call(
                app_server, "PUT", "/project/thread", bob, {"threadId": thread_id, "name": "mine"}
            ),
            call(app_server, "DELETE", "/project/thread", bob, {"threadId": thread_id}),
        ]
        for answer in answers:
            assert (answer.status, answer.json()) == (404, {"detail": "Thread not found"})
    thread = thread_of(app_server, ada, lesson.thread_id)
    assert thread["name"] != "mine" and thread["elements"]
    element = call(
        app_server, "GET", f"/project/thread/{lesson.thread_id}/element/{lesson.element_id}", ada
    )
    assert element.status == 200 and element.json()["id"] == lesson.element_id


@pytest.mark.render
def test_threads_cannot_be_shared_while_sharing_is_off(
    app_server: AppServer, lesson: Lesson, ada: str, bob: str
) -> None:
    share = {"threadId": lesson.thread_id, "isShared": True}
    assert call(app_server, "PUT", "/project/thread/share", ada, share).status == 404
    for token in (bob, ada, None):
        answer = call(app_server, "GET", f"/project/share/{lesson.thread_id}", token)
        assert answer.status in (401, 404) if token is None else answer.status == 404
    metadata = thread_of(app_server, ada, lesson.thread_id).get("metadata") or {}
    assert "is_shared" not in (metadata if isinstance(metadata, dict) else {})


@pytest.mark.render
async def test_feedback_only_on_ones_own_messages(
    app_server: AppServer, lesson: Lesson, ada: str, bob: str
) -> None:
    def feedback_on(step_id: str) -> Any:
        steps = thread_of(app_server, ada, lesson.thread_id)["steps"]
        return next(s for s in steps if s["id"] == step_id).get("feedback")

    rated = call(
        app_server, "PUT", "/feedback", ada,
        {"sessionId": "-", "feedback": {"forId": lesson.message_id, "value": 1, "threadId": lesson.thread_id}},
    )  # fmt: skip
    assert rated.status == 200, rated.body
    feedback_id = rated.json()["feedbackId"]
    async with chatting(app_server, bob) as tab:
        bobs = replies(app_server, bob, tab.thread_id)
        attempts = [
            ("PUT", {"sessionId": tab.session_id, "feedback": {"forId": lesson.message_id, "value": 0}}),
            ("PUT", {"sessionId": tab.session_id, "feedback": {"id": feedback_id, "forId": bobs[0], "value": 0}}),
            ("DELETE", {"feedbackId": feedback_id}),
        ]  # fmt: skip
        for method, body in attempts:
            answer = call(app_server, method, "/feedback", bob, body)
            assert answer.status == 404, (method, body, answer.status, answer.body)
    assert feedback_on(lesson.message_id)["value"] == 1
    assert call(app_server, "DELETE", "/feedback", ada, {"feedbackId": feedback_id}).status == 200
    assert not (feedback_on(lesson.message_id) or {}).get("value")


def test_bad_file_keys_are_404_without_a_traceback(app_server: AppServer, ada: str) -> None:
    chat_id = call(app_server, "GET", "/user", ada).json()["id"]
    base = f"/tutor-files/chat/{chat_id}"
    log = app_server.log
    assert log is not None
    logged = len(log.read_bytes())
    for key in (
        "/x//clip.mp4",
        "/./clip.mp4",
        "/x/",
        "/x%5Cclip.mp4",
        "/x\\clip.mp4",
        "/clip.mp4%00",
        "/x%00/clip.mp4",
        "/" + "a" * 300,
        "/" + "/".join(["a" * 200] * 30),
    ):
        answer = call(app_server, "GET", base + key, ada)
        assert answer.status == 404, (key, answer.status)
    time.sleep(0.3)
    assert b"Traceback" not in log.read_bytes()[logged:]


# -- origins ----------------------------------------------------------------------------------


def test_foreign_origins_are_refused_and_granted_nothing(app_server: AppServer, ada: str) -> None:
    threads = {"pagination": {"first": 20, "cursor": None}, "filter": {}}
    polling = "/ws/socket.io/?EIO=4&transport=polling"
    for origin in (FOREIGN, "null", "http://localhost:1", "https://127.0.0.1:1"):
        sent = {"Origin": origin}
        for method, path, body in (("GET", "/user", None), ("POST", "/project/threads", threads), ("GET", polling, None)):  # fmt: skip
            answer = call(app_server, method, path, ada, body, headers=sent)
            assert answer.status == 403, (origin, path, answer.status)
            assert not any(k.lower().startswith("access-control-") for k in answer.headers)
        preflight = call(
            app_server, "OPTIONS", "/project/threads", None,
            headers={**sent, "Access-Control-Request-Method": "POST"},
        )  # fmt: skip
        assert preflight.status == 403 and "access-control-allow-origin" not in {
            k.lower() for k in preflight.headers
        }
    own = {"Origin": app_server.url}
    assert call(app_server, "GET", "/user", ada, headers=own).json()["identifier"] == "ada"
    assert call(app_server, "POST", "/project/threads", ada, threads, headers=own).status == 200

    async def handshake(origin: str | None) -> int:
        url = app_server.url.replace("http", "ws") + "/ws/socket.io/?EIO=4&transport=websocket"
        async with aiohttp.ClientSession(headers={"Cookie": f"access_token={ada}"}) as client:
            try:
                async with client.ws_connect(url, origin=origin) as ws:
                    await ws.receive(timeout=5)
                    return 101
            except aiohttp.WSServerHandshakeError as refused:
                return refused.status

    assert asyncio.run(handshake(FOREIGN)) == 403
    assert asyncio.run(handshake(app_server.url)) == 101


EVIL_PAGE = "<!doctype html><title>another app on this host</title><p>hello</p>"
PROBE = """async ({app, clip}) => {
  const out = {};
  async function attempt(name, url, init) {
    try { const r = await fetch(url, init); out[name] = {status: r.status, body: (await r.text()).slice(0, 200)}; }
    catch (e) { out[name] = {error: String(e)}; }
  }
  await attempt('user', app + '/user', {credentials: 'include'});
  await attempt('threads', app + '/project/threads', {method: 'POST', credentials: 'include',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({pagination: {first: 20, cursor: null}, filter: {}})});
  await attempt('clip', app + clip, {credentials: 'include'});
  await attempt('polling', app + '/ws/socket.io/?EIO=4&transport=polling', {credentials: 'include'});
  out.socket = await new Promise(resolve => {
    const seen = [];
    const ws = new WebSocket(app.replace('http', 'ws') + '/ws/socket.io/?EIO=4&transport=websocket');
    ws.onopen = () => seen.push('open');
    ws.onerror = () => seen.push('error');
    ws.onmessage = m => {
      const data = String(m.data);
      seen.push(data.slice(0, 60));
      if (data.startsWith('0')) ws.send('40' + JSON.stringify({sessionId: '6a1c8f52-5d6e-4a34-9d7e-0c3b1f0e2a11',
                                                           clientType: 'webapp', threadId: null, userEnv: '{}'}));
      if (data.startsWith('40')) ws.close();
    };
    ws.onclose = () => resolve(seen);
    setTimeout(() => resolve(seen), 8000);
  });
  return out;
}"""


@pytest.fixture
def evil_site(tmp_path: Path) -> Iterator[str]:
    """A page served on another port of 127.0.0.1 (same site as the app, another origin)."""
    (tmp_path / "index.html").write_text(EVIL_PAGE)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    site = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{site.server_address[1]}/index.html"
    site.shutdown()
    site.server_close()


@pytest.mark.render
@pytest.mark.browser
async def test_a_page_on_another_port_reads_nothing_and_opens_no_socket(
    app_server: AppServer, lesson: Lesson, browser: Any, evil_site: str
) -> None:
    context = await browser.new_context()
    app_page = await context.new_page()
    await app_page.goto(app_server.url)
    await app_page.fill("#email", "ada")
    await app_page.fill("#password", PASSWORDS["ada"])
    await app_page.click("button[type=submit]")
    await app_page.wait_for_selector("#chat-input", timeout=30_000)
    own = await app_page.evaluate(
        "async clip => [await (await fetch('/user')).json(), (await fetch(clip)).status]",
        lesson.clip_url,
    )
    assert own == [own[0], 200] and own[0]["identifier"] == "ada"  # the app's own page works

    evil = await context.new_page()
    await evil.goto(evil_site)
    found = await evil.evaluate(PROBE, {"app": app_server.url, "clip": lesson.clip_url})
    for name in ("user", "threads", "clip", "polling"):
        assert "error" in found[name], (name, found[name])  # nothing readable
    assert "open" not in found["socket"], found["socket"]
    assert not any(m.startswith("40") for m in found["socket"]), found["socket"]
    await context.close()


# -- a second instance: settings, full storage, and Chainlit's files dir ----------------------


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory, index_dir: Path) -> Iterator[AppServer]:
    """Another instance from the same checkout, public behind HTTPS, its storage "full"."""
    data = tmp_path_factory.mktemp("second-data")
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    server = AppServer(
        data,
        ready_path="/auth/config",  # its /health is meant to say 503
        extra_env={
            "TUTOR_PUBLIC_URL": PUBLIC_URL,
            "TUTOR_ALLOWED_ORIGINS": f"{LMS}, not an origin",
            "TUTOR_HEALTH_MIN_FREE_MB": str(10**12),  # more than any disk: "full"
        },
    )
    server.start()
    yield server
    server.stop()


def test_health_is_503_when_storage_is_full(second: AppServer) -> None:
    answer = call(second, "GET", "/health", None)
    assert answer.status == 503
    body = answer.json()
    assert body["status"] == "unavailable"
    assert any("free" in p for p in body["problems"]), body
    assert "/" not in "".join(body["problems"])  # names the problem, not a path


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make `path` refuse new files for real, also to root (chmod does not stop root)."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o500)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], check=False).returncode:
        pytest.fail(
            "cannot make the data dir read-only as root: needs chattr on ext2/3/4, xfs, btrfs"
        )
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


def test_health_is_503_while_the_data_dir_refuses_writes(app_server: AppServer) -> None:
    assert call(app_server, "GET", "/health", None).json() == {"status": "ok"}
    with read_only(app_server.data_dir):
        with pytest.raises(OSError):  # the condition is real: nothing can create a file there
            (app_server.data_dir / "probe").write_bytes(b"x")
        answer = call(app_server, "GET", "/health", None)
    assert answer.status == 503, answer.body
    assert answer.json() == {
        "status": "unavailable",
        "problems": ["the data directory does not accept writes"],
    }
    assert call(app_server, "GET", "/health", None).status == 200


def set_cookies(answer: Answer) -> list[str]:
    return [v for k, v in answer.headers.items() if k.lower() == "set-cookie"]


def test_the_auth_cookie_is_secure_over_https(app_server: AppServer, second: AppServer) -> None:
    form = {"username": "ada", "password": PASSWORDS["ada"]}
    plain = request(app_server, "POST", "/login", form=form)
    assert plain.status == 200 and "secure" not in set_cookies(plain)[0].lower()
    # Behind a TLS proxy on this host (uvicorn trusts X-Forwarded-Proto from 127.0.0.1 only).
    proxied = request(
        app_server, "POST", "/login", form=form, headers={"X-Forwarded-Proto": "https"}
    )
    assert proxied.status == 200
    assert all("; Secure" in c for c in set_cookies(proxied)), set_cookies(proxied)
    # With an https public URL every cookie is Secure, whatever the hop in front says.
    public = request(second, "POST", "/login", form=form)
    assert public.status == 200
    assert set_cookies(public) and all("; Secure" in c for c in set_cookies(public))


def test_configured_origins_get_cors_and_others_do_not(second: AppServer) -> None:
    for origin in (LMS, PUBLIC_URL):
        answer = call(second, "GET", "/auth/config", None, headers={"Origin": origin})
        assert answer.status == 200
        assert answer.headers.get("access-control-allow-origin") == origin
    for origin in (FOREIGN, "https://evil.example.org", "not an origin"):
        assert call(second, "GET", "/auth/config", None, headers={"Origin": origin}).status == 403


def test_stopping_another_instance_leaves_this_ones_files(
    app_server: AppServer, second: AppServer, ada: str
) -> None:
    async def store_an_element() -> Answer:
        async with ChatSocket(app_server, ada) as tab:
            element = fake_element(str(uuid.uuid4()), tab.thread_id, str(uuid.uuid4()))
            return call(
                app_server, "PUT", "/project/element", ada,
                {"sessionId": tab.session_id, "element": element},
            )  # fmt: skip

    assert asyncio.run(store_an_element()).status == 200  # Chainlit copies it to its files dir
    second.stop()  # a clean shutdown: Chainlit deletes its files directory
    answer = asyncio.run(store_an_element())
    assert answer.status == 200, answer.body  # old: 500, its files dir was deleted


def test_share_links_need_no_login_and_unknown_ones_are_404(app_server: AppServer) -> None:
    """The share page is ours (ahead of Chainlit's catch-all), asks for no login, and answers
    an unknown link with the same 404 as a revoked one."""
    for path in ("/share/" + "x" * 32, "/share/" + "x" * 32 + "/lesson.mp4", "/share/nope"):
        answer = request(app_server, "GET", path)  # no token, no cookie
        assert answer.status == 404, (path, answer.status)
        headers = {k.lower(): v for k, v in answer.headers.items()}
        assert headers.get("referrer-policy") == "no-referrer"
        assert headers.get("x-robots-tag", "").startswith("noindex")
        assert b'<div id="root">' not in answer.body  # not Chainlit's page
