"""Logins against the running app: guessing is throttled, and a logged-out token is dead.

Client addresses come from `X-Forwarded-For`, which the server honours from the loopback
interface only (uvicorn's proxy headers, as behind a reverse proxy on the same host).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jwt
import pytest

from agent.auth_secret import auth_secret
from tests.app.conftest import PASSWORDS, ROOT, AppServer
from tests.app.http import Answer, login, login_token, request

PER_NAME = 10  # the default TUTOR_LOGIN_MAX_FAILURES
PER_ADDRESS = 25  # set for this module's server (default 50), to keep the test short
CY_PASSWORD = "cy-first-pw"
SWEEP_S = 1  # how often this module's server checks the open chat sockets


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, index_dir: Path) -> Iterator[AppServer]:
    data = tmp_path_factory.mktemp("login-data")
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    env = {
        "TUTOR_LOGIN_MAX_ADDRESS_FAILURES": str(PER_ADDRESS),
        "TUTOR_LOGIN_SOCKET_SWEEP_S": str(SWEEP_S),
    }
    app = AppServer(data, extra_env=env)
    for name, password in (("bob", PASSWORDS["bob"]), ("cy", CY_PASSWORD)):
        users(app, "add", name, stdin=password)
    app.start()
    yield app
    app.stop()


def users(app: AppServer, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    """`tutor users …` with the server's data dir, as an operator would run it."""
    return subprocess.run(
        [sys.executable, "-m", "agent.cli", "users", *args, "--password-stdin"],
        input=stdin + "\n", text=True, env=app.env(), cwd=ROOT, check=True,
        capture_output=True, timeout=60,
    )  # fmt: skip


def login_from(server: AppServer, address: str, user: str, password: str) -> Answer:
    return request(
        server,
        "POST",
        "/login",
        form={"username": user, "password": password},
        headers={"X-Forwarded-For": address},
    )


def header(answer: Answer, name: str) -> str:
    return next((v for k, v in answer.headers.items() if k.lower() == name.lower()), "")


# Throttling


def test_the_eleventh_try_is_refused_even_with_the_right_password(server: AppServer) -> None:
    address = "198.51.100.1"
    for _ in range(PER_NAME):
        assert login_from(server, address, "ada", "wrong").status == 401
    started = time.monotonic()
    refused = login_from(server, address, "ada", PASSWORDS["ada"])
    assert refused.status == 429, refused.body
    assert 800 <= int(header(refused, "Retry-After")) <= 900
    assert "Too many failed logins" in refused.json()["detail"]
    assert "access_token" not in header(refused, "Set-Cookie")
    assert time.monotonic() - started < 1.0
    assert login_from(server, address, "ada", "wrong").status == 429  # still counted as waiting

    # The pair is throttled, not the address or the user: bob from there, ada from elsewhere.
    assert login_from(server, address, "bob", PASSWORDS["bob"]).status == 200
    assert login_from(server, "198.51.100.2", "ada", PASSWORDS["ada"]).status == 200


def test_a_success_clears_the_count(server: AppServer) -> None:
    address = "198.51.100.3"
    for _ in range(PER_NAME - 1):
        assert login_from(server, address, "bob", "wrong").status == 401
    assert login_from(server, address, "bob", PASSWORDS["bob"]).status == 200
    for _ in range(PER_NAME):
        assert login_from(server, address, "bob", "wrong").status == 401
    assert login_from(server, address, "bob", PASSWORDS["bob"]).status == 429


def test_one_address_guessing_many_names_is_capped(server: AppServer) -> None:
    address = "198.51.100.4"
    for n in range(PER_ADDRESS):
        assert login_from(server, address, f"guess{n}", "wrong").status == 401
    refused = login_from(server, address, "bob", PASSWORDS["bob"])
    assert refused.status == 429 and int(header(refused, "Retry-After")) > 0
    assert login_from(server, "198.51.100.5", "bob", PASSWORDS["bob"]).status == 200


# Sessions


def user_status(server: AppServer, token: str, *, cookie: str | None = None) -> int:
    if cookie is None:
        return request(server, "GET", "/user", token=token).status
    return request(server, "GET", "/user", headers={"Cookie": cookie}).status


def threads_status(server: AppServer, token: str) -> int:
    body = {"pagination": {"first": 20}, "filter": {}}
    return request(server, "POST", "/project/threads", token=token, body=body).status


def cookies(token: str) -> list[str]:
    """The token as one cookie and as Chainlit's chunked cookies, beside an unrelated one."""
    half = len(token) // 2
    return [
        f"access_token={token}",
        f"theme=dark; access_token_0={token[:half]}; access_token_1={token[half:]}",
    ]


@dataclass
class Socket:
    """A socket.io client over engine.io long-polling, as a browser falls back to."""

    server: AppServer
    path: str
    headers: dict[str, str]
    answer: str  # the server's answer to the connect: "40{…}" accepted, "44{…}" refused

    @classmethod
    def connect(cls, server: AppServer, cookie: str) -> Socket:
        base = "/ws/socket.io/?EIO=4&transport=polling"
        headers = {"Cookie": cookie, "Origin": server.url}
        opened = request(server, "GET", base, headers=headers)
        assert opened.status == 200, opened.body
        sid = json.loads(opened.body.decode()[1:])["sid"]
        path = f"{base}&sid={urllib.parse.quote(sid)}"
        auth = {"sessionId": str(uuid.uuid4()), "clientType": "webapp", "userEnv": "{}"}
        assert post_text(server, path, ("40" + json.dumps(auth)).encode(), headers) == 200
        answer = request(server, "GET", path, headers=headers).body.decode()
        return cls(server, path, headers, answer)

    def packets(self) -> list[str]:
        """The next packets the server sends (waits for at least one)."""
        return (
            request(self.server, "GET", self.path, headers=self.headers).body.decode().split("\x1e")
        )

    def close(self) -> None:
        post_text(self.server, self.path, b"41", self.headers)


def socket_answer(server: AppServer, cookie: str) -> str:
    """The answer to a socket.io connect sent with this cookie."""
    socket = Socket.connect(server, cookie)
    socket.close()
    return socket.answer


def post_text(server: AppServer, path: str, data: bytes, headers: dict[str, str]) -> int:
    sent = urllib.request.Request(
        server.url + path, data=data, method="POST",
        headers=headers | {"Content-Type": "text/plain;charset=UTF-8"},
    )  # fmt: skip
    with urllib.request.urlopen(sent, timeout=30) as answer:
        return answer.status


def test_a_logged_out_token_is_dead_everywhere(server: AppServer) -> None:
    token = login_token(server, "bob", PASSWORDS["bob"])
    other = login_token(server, "bob", PASSWORDS["bob"])  # bob's second browser
    assert user_status(server, token) == 200
    assert threads_status(server, token) == 200
    assert all(user_status(server, token, cookie=c) == 200 for c in cookies(token))
    tricks = [f'access_token="{token}"', f"access_token={other}; access_token={token}"]
    assert [user_status(server, token, cookie=c) for c in tricks] == [200, 200]
    assert socket_answer(server, cookies(token)[0]).startswith("40")

    assert request(server, "POST", "/logout", token=token).status == 200

    assert user_status(server, token) == 401
    assert threads_status(server, token) == 401
    assert [user_status(server, token, cookie=c) for c in cookies(token)] == [401, 401]
    assert socket_answer(server, cookies(token)[0]).startswith("44")
    # Parsed as Chainlit parses cookies: a quoted value, or a dead token after a live one
    # (the last one counts), gets nothing past.
    assert [user_status(server, token, cookie=c) for c in tricks] == [401, 401]
    assert request(server, "POST", "/auth/jwt", token=token).status == 401  # no re-minting
    # The login page still loads for a browser holding the dead cookie.
    assert request(server, "GET", "/", headers={"Cookie": cookies(token)[0]}).status == 200
    # Only that login ended.
    assert user_status(server, other) == 200


def test_logout_by_cookie_ends_the_session_too(server: AppServer) -> None:
    token = login_token(server, "bob", PASSWORDS["bob"])
    cookie = cookies(token)[1]
    assert request(server, "POST", "/logout", headers={"Cookie": cookie}).status == 200
    assert user_status(server, token) == 401


def test_a_new_password_ends_every_session(server: AppServer) -> None:
    first = login_token(server, "cy", CY_PASSWORD)
    second = login_token(server, "cy", CY_PASSWORD)
    assert user_status(server, first) == user_status(server, second) == 200
    chat = Socket.connect(server, f"access_token={first}")  # a chat open in cy's browser
    assert chat.answer.startswith("40")

    changed = users(server, "passwd", "cy", stdin="cy-second-pw")

    assert user_status(server, first) == user_status(server, second) == 401
    assert "2 login sessions ended" in changed.stdout
    # The open chat is cut within the sweep interval (set to SWEEP_S for this server).
    deadline = time.monotonic() + SWEEP_S + 5
    while "41" not in (packets := chat.packets()) and time.monotonic() < deadline:
        assert packets == ["2"], packets  # only pings meanwhile
    assert "41" in packets
    assert threads_status(server, first) == 401
    assert login(server, "cy", CY_PASSWORD).status == 401
    fresh = login_token(server, "cy", "cy-second-pw")
    assert user_status(server, fresh) == 200


def test_tokens_without_a_session_are_refused(server: AppServer) -> None:
    """A token as this app minted before sessions existed: well signed, but naming none."""
    live = jwt.decode(
        login_token(server, "bob", PASSWORDS["bob"]), options={"verify_signature": False}
    )
    old = live | {"metadata": {"tutor_id": live["metadata"]["tutor_id"]}}  # no login_session
    token = jwt.encode(old, auth_secret(server.data_dir), algorithm="HS256")
    assert user_status(server, token) == 401
    assert user_status(server, token, cookie=f"access_token={token}") == 401


def test_the_session_id_is_not_shown_or_kept_in_the_chat_history(server: AppServer) -> None:
    token = login_token(server, "bob", PASSWORDS["bob"])
    session = jwt.decode(token, options={"verify_signature": False})["metadata"]["login_session"]
    profile = request(server, "GET", "/user", token=token)
    assert profile.status == 200 and session not in profile.body.decode()
    for db in [*server.data_dir.glob("chat.db*"), *server.data_dir.glob("tutor.db*")]:
        assert session.encode() not in db.read_bytes(), db.name
