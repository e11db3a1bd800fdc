"""Plain HTTP against the running app (no browser): log in, call routes with a token or cookie."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from tests.app.conftest import AppServer


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict[str, str])

    def json(self) -> Any:
        return json.loads(self.body or b"null")


def request(
    server: AppServer,
    method: str,
    path: str,
    *,
    token: str | None = None,
    body: Any = None,
    form: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> Answer:
    """One request; any status comes back as an `Answer` (no exception for 4xx/5xx)."""
    sent = dict(headers or {})
    data: bytes | None = None
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
    elif body is not None:
        data = json.dumps(body).encode()
        sent.setdefault("Content-Type", "application/json")
    if token:
        sent.setdefault("Authorization", f"Bearer {token}")
    req = urllib.request.Request(server.url + path, data=data, headers=sent, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as answer:
            return Answer(answer.status, answer.read(), dict(answer.headers.items()))
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read(), dict(error.headers.items()))


def login(server: AppServer, user: str, password: str) -> Answer:
    return request(server, "POST", "/login", form={"username": user, "password": password})


def login_token(server: AppServer, user: str, password: str) -> str:
    """The access token a successful password login hands out (Chainlit sets it as a cookie
    only; it works as a bearer token too)."""
    answer = login(server, user, password)
    assert answer.status == 200, (answer.status, answer.body[:300])
    set_cookie = next(v for k, v in answer.headers.items() if k.lower() == "set-cookie")
    return SimpleCookie(set_cookie)["access_token"].value
