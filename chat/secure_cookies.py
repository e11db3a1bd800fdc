"""Cookies set over HTTPS carry `Secure`, so the login never travels over plain HTTP.

Chainlit marks its auth cookie Secure only when CHAINLIT_COOKIE_SAMESITE=none. A request counts
as HTTPS when the server saw it so (`scope["scheme"]`; uvicorn takes `X-Forwarded-Proto` from the
proxies in FORWARDED_ALLOW_IPS, by default 127.0.0.1 only), or always when the app's public URL
is https.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


def with_secure(set_cookie: bytes) -> bytes:
    attributes = [a.strip().lower() for a in set_cookie.split(b";")[1:]]
    return set_cookie if b"secure" in attributes else set_cookie + b"; Secure"


class SecureCookies:
    """ASGI middleware: every `Set-Cookie` of an HTTPS response gets `Secure`."""

    def __init__(self, app: ASGIApp, always: bool = False) -> None:
        self.app = app
        self.always = always

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not (self.always or scope.get("scheme") == "https"):
            await self.app(scope, receive, send)
            return

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (name, with_secure(value) if name.lower() == b"set-cookie" else value)
                    for name, value in message.get("headers", [])
                ]
            await send(message)

        await self.app(scope, receive, send_secure)
