"""MCP over streamable HTTP: POST /mcp, answered with JSON by the same `protocol.McpSession`
that serves stdio, so both transports give the same answers and errors.

A small ASGI app under uvicorn, not the SDK's session manager: each POST is answered directly
with `application/json` (no SSE stream, no per-request task group), which keeps many concurrent
calls cheap. What the spec asks of a server, and what it does with bad input:
- initialize answers with an `Mcp-Session-Id`; later requests carry it (400 without it, 404 when
  unknown or expired, so the client initializes again); DELETE ends a session; GET → 405 (this
  server has nothing to push);
- JSON-RPC errors ride in the body with status 200, except those about the envelope (parse
  error, invalid request: 400), bodies over `MAX_MESSAGE_BYTES` (413) and bodies that are not
  JSON (415);
- bound to a loopback address, it refuses other Host headers (421) and foreign Origins (403), as
  the spec asks against DNS rebinding.
"""

from __future__ import annotations

import asyncio
import secrets
import sys
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mcp_manim_docs.jsonrpc import (
    INVALID_REQUEST,
    MAX_MESSAGE_BYTES,
    PARSE_ERROR,
    WireError,
    decode,
    encode,
    error_reply,
    too_large,
)
from mcp_manim_docs.protocol import SUPPORTED_VERSIONS, McpSession, is_initialize, refuse_each
from mcp_manim_docs.tool_calls import ServiceLoader

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
SESSION_HEADER = "mcp-session-id"
_DRAIN_BYTES = 16 * MAX_MESSAGE_BYTES
HOW_TO_INITIALIZE = "send initialize, then its Mcp-Session-Id header with every request"


class ClientGone(Exception):
    """The client disconnected before its request was read."""


class Sessions:
    """Live sessions by id, least recently used first; bounded in number and idle time."""

    def __init__(self, limit: int = 1000, idle_s: float = 3600) -> None:
        self.limit, self.idle_s = limit, idle_s
        self._live: OrderedDict[str, tuple[McpSession, float]] = OrderedDict()

    def add(self, session: McpSession) -> str:
        session_id = secrets.token_hex(16)
        self._live[session_id] = (session, time.monotonic())
        while len(self._live) > self.limit:
            self._live.popitem(last=False)
        return session_id

    def get(self, session_id: str) -> McpSession | None:
        found = self._live.get(session_id)
        now = time.monotonic()
        if found is None or now - found[1] > self.idle_s:
            self._live.pop(session_id, None)
            return None
        self._live[session_id] = (found[0], now)
        self._live.move_to_end(session_id)
        return found[0]

    def drop(self, session_id: str) -> bool:
        return self._live.pop(session_id, None) is not None


def _hostname(host_header: str) -> str:
    if host_header.startswith("["):
        return host_header[1 : host_header.find("]")]
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


def _status(reply: Any) -> int:
    """400 when every error is about the envelope (the request was not understood), else 200."""
    replies = reply if isinstance(reply, list) else [reply]
    codes = [r.get("error", {}).get("code") for r in replies]
    return 400 if all(c in (PARSE_ERROR, INVALID_REQUEST) for c in codes) else 200


class McpHttpApp:
    """The ASGI app: POST/DELETE /mcp."""

    def __init__(self, loader: ServiceLoader, loopback_only: bool = True) -> None:
        self.loader = loader
        self.sessions = Sessions()
        self.loopback_only = loopback_only

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if scope["path"].rstrip("/") != "/mcp":
            return await _respond(send, 404, _error("Not found: the MCP endpoint is /mcp."))
        refusal = self._refusal(headers)
        if refusal is not None:
            return await _respond(send, *refusal)
        try:
            if scope["method"] == "POST":
                await self._post(headers, receive, send)
            elif scope["method"] == "DELETE":
                await self._delete(headers, send)
            else:
                allow = [(b"allow", b"POST, DELETE")]
                body = _error("Method not allowed: POST JSON-RPC messages to /mcp.")
                await _respond(send, 405, body, allow)
        except (ClientGone, OSError):
            return  # the client left; nobody is waiting for an answer

    def _refusal(self, headers: dict[str, str]) -> tuple[int, bytes] | None:
        host = _hostname(headers.get("host", ""))
        if self.loopback_only and host not in LOOPBACK:
            return 421, _error(f"Misdirected request: host {host!r} is not this loopback server.")
        origin = headers.get("origin")
        if origin and urlsplit(origin).hostname not in LOOPBACK | {host}:
            return 403, _error(f"Forbidden: requests from origin {origin!r} are refused.")
        return None

    async def _post(self, headers: dict[str, str], receive: Receive, send: Send) -> None:
        if "json" not in headers.get("content-type", "application/json").lower():
            return await _respond(send, 415, _error("Unsupported media type: send JSON."))
        body = await _read_body(receive)
        if isinstance(body, WireError):
            return await _respond(send, 413, encode(body.reply()))
        try:
            value = decode(body)
        except WireError as error:
            return await _respond(send, 400, encode(error.reply()))
        asked = headers.get("mcp-protocol-version")
        if asked is not None and asked not in SUPPORTED_VERSIONS:
            message = f"Unsupported MCP-Protocol-Version {asked[:40]!r}; supported: "
            reply = refuse_each(value, INVALID_REQUEST, message + ", ".join(SUPPORTED_VERSIONS))
            return await _respond(send, 400, encode(reply))
        extra: list[tuple[bytes, bytes]] = []
        session_id = headers.get(SESSION_HEADER)
        if is_initialize(value) or session_id is None:  # without a session, ping alone answers
            session = McpSession(self.loader, HOW_TO_INITIALIZE)
        else:
            found = self.sessions.get(session_id)
            if found is None:
                message = "Invalid Request: unknown or expired session; initialize again."
                return await _respond(
                    send, 404, encode(refuse_each(value, INVALID_REQUEST, message))
                )
            session = found
        reply = await asyncio.to_thread(session.handle, value)
        if is_initialize(value) and session.protocol_version is not None:
            extra.append((SESSION_HEADER.encode(), self.sessions.add(session).encode()))
        if reply is None:
            return await _respond(send, 202, b"", extra)
        await _respond(send, _status(reply), encode(reply), extra)

    async def _delete(self, headers: dict[str, str], send: Send) -> None:
        session_id = headers.get(SESSION_HEADER)
        if session_id is None:
            return await _respond(send, 400, _error("Bad request: no Mcp-Session-Id header."))
        if not self.sessions.drop(session_id):
            return await _respond(send, 404, _error("Unknown or expired session."))
        await _respond(send, 200, b"")


def _error(message: str) -> bytes:
    return encode(error_reply(None, INVALID_REQUEST, message))


async def _read_body(receive: Receive) -> bytes | WireError:
    """The request body; past MAX_MESSAGE_BYTES the rest is read and dropped (up to a bound), so
    the client, still sending, gets to read the 413."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size <= MAX_MESSAGE_BYTES:
            chunks.append(chunk)
        if not message.get("more_body", False) or size > _DRAIN_BYTES:
            break
    if size > MAX_MESSAGE_BYTES:
        return too_large(b"".join(chunks)[:4096])
    return b"".join(chunks)


async def _respond(
    send: Send, status: int, body: bytes, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    headers = [(b"content-length", str(len(body)).encode()), *(extra or [])]
    if body:
        headers.append((b"content-type", b"application/json"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def serve_http(cache_dir: Path | None, host: str, port: int) -> None:
    """Serve until the process is stopped; the index loads while the first client connects."""
    import uvicorn

    app = McpHttpApp(ServiceLoader.from_cache(cache_dir), loopback_only=host in LOOPBACK)
    print(f"Manim docs MCP server: http://{host}:{port}/mcp", file=sys.stderr, flush=True)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="off",
        ws="none",
        server_header=False,
        timeout_graceful_shutdown=2,
    )
