"""Revocable logins: every login token names a server-side session, checked on each request.

A login (password or OAuth) starts a session in the lesson store and puts its id in the
token's user metadata. `SessionGuard` looks at every HTTP request and socket.io handshake:
a token is taken off the request unless it is one we signed, unexpired, naming a live
session (so tokens of ended or expired sessions, and tokens minted before sessions existed,
go). Chainlit then sees no login and answers 401 or refuses the socket, while public pages
such as the login page still load; chat sockets already open with such a token are closed
within `socket_sweep_s`. Cookies are parsed exactly as Chainlit parses them, and
every token cookie goes when any is dead, so no quoting or duplicate trick slips one past.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import chainlit as cl
import jwt
from chainlit.auth import get_token_from_cookies
from chainlit.auth.jwt import get_jwt_secret
from chainlit.config import config
from chainlit.server import sio
from chainlit.session import ws_sessions_sid
from fastapi import Request
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Receive, Scope, Send

from lessons.store.records import User

log = logging.getLogger(__name__)

SESSION_KEY = "login_session"  # in the token's user metadata
_token_cookie = re.compile(r"access_token(_\d+)?")  # Chainlit's default name; see use_cookie


def use_cookie(name: str) -> None:
    """The login token cookie's name (CHAINLIT_AUTH_COOKIE_NAME, as Chainlit reads it); the
    token may be split over `name_0`, `name_1`… when it is long."""
    global _token_cookie
    _token_cookie = re.compile(rf"{re.escape(name)}(_\d+)?")


class SessionStore(Protocol):
    async def open_login_session(self, user: User, lifetime_s: float) -> str: ...

    async def login_session_user(self, session_id: str) -> User | None: ...

    async def end_login_session(self, session_id: str) -> bool: ...


StoreProvider = Callable[[], Awaitable[SessionStore]]


async def start_session(store: SessionStore, user: User, chat_user: cl.User) -> cl.User:
    """`chat_user` carrying a new session of `user`, which lasts as long as Chainlit's token."""
    session_id = await store.open_login_session(user, config.project.user_session_timeout)
    return cl.User(
        identifier=chat_user.identifier,
        display_name=chat_user.display_name,
        metadata={**chat_user.metadata, SESSION_KEY: session_id},
    )


def without_session(user: cl.User) -> cl.User:
    """The user as Chainlit may persist it: the session id stays in the token only."""
    if SESSION_KEY not in user.metadata:
        return user
    metadata = {k: v for k, v in user.metadata.items() if k != SESSION_KEY}
    return cl.User(identifier=user.identifier, display_name=user.display_name, metadata=metadata)


async def end_request_session(store: SessionStore, request: Request) -> None:
    """End the session(s) named by the request's token (cookie and bearer): a logout."""
    for token in (
        get_token_from_cookies(request.cookies),
        _bearer(request.headers.get("authorization")),
    ):
        claims = _claims(token)
        if claims is not None and (session_id := _session_id(claims)):
            await store.end_login_session(session_id)


class SessionGuard:
    """ASGI middleware: takes tokens of dead sessions off HTTP requests and socket handshakes;
    every `socket_sweep_s` it also closes open chat sockets whose session has ended."""

    def __init__(self, app: ASGIApp, sessions: StoreProvider, socket_sweep_s: float = 0) -> None:
        self.app = app
        self.sessions = sessions
        self.socket_sweep_s = socket_sweep_s
        self._sweep: asyncio.Task[None] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._sweep is None and self.socket_sweep_s > 0:  # started on the server's loop
            self._sweep = asyncio.create_task(sweep_sockets(self.sessions, self.socket_sweep_s))
        if scope["type"] in ("http", "websocket"):
            headers: list[tuple[bytes, bytes]] = list(scope["headers"])
            kept = await self._live_only(headers)
            if kept is not None:
                scope = {**scope, "headers": kept}
        await self.app(scope, receive, send)

    async def _live_only(
        self, headers: list[tuple[bytes, bytes]]
    ) -> list[tuple[bytes, bytes]] | None:
        """The headers without tokens of dead sessions, or None when all tokens are live."""
        cookie_tokens = _cookie_tokens(headers)
        drop_cookies = cookie_tokens is None or not await self._all_live(cookie_tokens)
        bearers = [_bearer(v.decode("latin-1")) for k, v in headers if k == b"authorization"]
        drop_bearers = not await self._all_live([b for b in bearers if b is not None])
        if not (drop_cookies or drop_bearers):
            return None
        kept: list[tuple[bytes, bytes]] = []
        for name, value in headers:
            if name == b"cookie" and drop_cookies:
                value = _without_token_cookies(value)
                if not value:
                    continue
            elif drop_bearers and name == b"authorization" and _bearer(value.decode("latin-1")):
                continue
            kept.append((name, value))
        return kept

    async def _all_live(self, tokens: list[str]) -> bool:
        if not tokens:
            return True
        sessions = await self.sessions()
        for token in tokens:
            if not await token_live(sessions, token):
                return False
        return True


async def token_live(store: SessionStore, token: str) -> bool:
    """True only for a token we signed, unexpired, whose session is live."""
    claims = _claims(token)
    session_id = None if claims is None else _session_id(claims)
    if claims is None or session_id is None:
        return False
    try:
        user = await store.login_session_user(session_id)
    except Exception:  # cannot tell: refuse rather than let a revoked token through
        log.exception("could not check a login session; treating it as ended")
        return False
    return user is not None and user.name == claims.get("identifier")


def _cookie_tokens(headers: list[tuple[bytes, bytes]]) -> list[str] | None:
    """The token Chainlit would read from the cookies (parsed as it parses them), if any;
    None when several Cookie headers carry token cookies (no browser sends that)."""
    carrying = [
        parsed
        for name, value in headers
        if name == b"cookie"
        and any(map(_token_cookie.fullmatch, parsed := cookie_parser(value.decode("latin-1"))))
    ]
    if len(carrying) > 1:
        return None
    token = get_token_from_cookies(carrying[0]) if carrying else None
    return [token] if token else []


async def sweep_sockets(store: StoreProvider, every_s: float) -> None:
    """Forever: close the open chat sockets of ended sessions (a logout, a new password)."""
    while True:
        await asyncio.sleep(every_s)
        try:
            if closed := await close_dead_sockets(await store()):
                log.info("closed %d chat socket(s) of ended login sessions", closed)
        except Exception:
            log.exception("could not check the open chat sockets' login sessions")


async def close_dead_sockets(store: SessionStore) -> int:
    """Disconnect every connected socket whose token is no longer live; how many."""
    closed = 0
    for socket_id, session in list(ws_sessions_sid.items()):
        if not sio.manager.is_connected(socket_id, "/"):
            continue  # already gone; Chainlit forgets it after its session timeout
        if session.token is None or not await token_live(store, session.token):
            await sio.disconnect(socket_id)
            closed += 1
    return closed


def _claims(token: str | None) -> dict[str, Any] | None:
    secret = get_jwt_secret()  # the secret Chainlit signs tokens with
    if not token or not secret:
        return None
    try:
        claims: dict[str, Any] = jwt.decode(token, secret, algorithms=["HS256"])
    except jwt.InvalidTokenError:
        return None
    return claims


def _session_id(claims: dict[str, Any]) -> str | None:
    metadata = claims.get("metadata")
    found = metadata.get(SESSION_KEY) if isinstance(metadata, dict) else None
    return found if isinstance(found, str) and found else None


def _bearer(authorization: str | None) -> str | None:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def _without_token_cookies(value: bytes) -> bytes:
    parts = value.decode("latin-1").split(";")
    kept = [p for p in parts if not _token_cookie.fullmatch(p.partition("=")[0].strip())]
    return ";".join(kept).strip().encode("latin-1")
