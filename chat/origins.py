"""Only the app's own origin (and configured ones) may call it from a browser.

A page on another port of the same host is *same-site*, so the browser sends it the SameSite=lax
login cookie; without this guard it could read the API and open the chat socket as the user.
Any HTTP request or websocket handshake whose `Origin` header names another origin gets 403.
Requests without `Origin` (same-origin navigations and GETs, curl, scripts) pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
_WEB_SCHEME = {"ws": "http", "wss": "https"}


def normalize_origin(origin: str) -> str | None:
    """`scheme://host[:port]`, lower-case, default port dropped; None when it is no origin."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    if port is None or port == _DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def configured_origins(public_url: str | None, allowed: str) -> list[str]:
    """The public URL's origin and every comma-separated entry that is an origin."""
    found = [normalize_origin(o) for o in [public_url or "", *allowed.split(",")] if o.strip()]
    return sorted({o for o in found if o})


def _authority(netloc: str, scheme: str) -> str | None:
    """`host[:port]` of a Host header or an origin, lower-case, without the scheme's default."""
    try:
        parts = urlsplit(f"//{netloc}")
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"


def same_host(origin: str, host_header: str | None, request_scheme: str) -> bool:
    """Whether `origin` names the host and port this request was sent to (its Host header)."""
    normalized = normalize_origin(origin)
    if normalized is None or not host_header:
        return False
    scheme, _, netloc = normalized.partition("://")
    ours = _authority(host_header, _WEB_SCHEME.get(request_scheme, request_scheme))
    return ours is not None and _authority(netloc, scheme) == ours


class OriginGuard:
    """ASGI middleware: 403 for a request or websocket handshake from a foreign `Origin`."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str] = ()) -> None:
        self.app = app
        self.allowed = {o for o in (normalize_origin(a) for a in allowed) if o}

    def allows(self, origin: str, host_header: str | None, scheme: str) -> bool:
        return normalize_origin(origin) in self.allowed or same_host(origin, host_header, scheme)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is None or self.allows(origin, headers.get("host"), scope.get("scheme", "http")):
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})  # the server answers 403
        else:
            refusal = PlainTextResponse("Cross-origin request refused.", status_code=403)
            await refusal(scope, receive, send)
