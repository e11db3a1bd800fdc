"""Each API request runs under a correlation id, answered in `X-Request-Id` and carried by
every log line of the request and of the job it starts (agent, renders, workers, webhook).

A caller may send its own `X-Request-Id` (8 to 64 letters, digits, `_` or `-`) to find our lines
by its id; anything else is ignored and a fresh id is made."""

from __future__ import annotations

import logging
import re
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tools.logs import correlation

log = logging.getLogger(__name__)
HEADER = b"x-request-id"
GIVEN_ID = re.compile(rb"[A-Za-z0-9_-]{8,64}")


class RequestIds:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(HEADER, b"")
        with correlation(given.decode() if GIVEN_ID.fullmatch(given) else None) as cid:
            status = 0

            async def send_with_id(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                    message["headers"] = [*message.get("headers", []), (HEADER, cid.encode())]
                await send(message)

            started = time.monotonic()
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                took_ms = (time.monotonic() - started) * 1000
                log.info(
                    "API %s %s: %s in %.0f ms", scope["method"], scope["path"], status, took_ms
                )
