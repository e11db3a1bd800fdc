"""Webhook URLs that are refused (no SSRF), and the per-key rate limit."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from chat.api.context import RateLimiter
from chat.api.problems import install_problems
from chat.api.webhook_urls import BadWebhook, check_webhook_url, pinned
from chat.api.webhooks import backoff_s


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.org/x", "http:// or https://"),
        ("file:///etc/passwd", "http:// or https://"),
        ("http://user:pw@example.org/", "without user or password"),
        ("http://127.0.0.1:8000/hook", "private, loopback"),
        ("http://localhost/hook", "private, loopback"),
        ("http://10.1.2.3/hook", "private, loopback"),
        ("http://169.254.169.254/latest/meta-data", "private, loopback"),
        ("http://[::1]/hook", "private, loopback"),
        ("http://[::ffff:127.0.0.1]/hook", "private, loopback"),
        ("http://0.0.0.0/hook", "private, loopback"),
    ],
)
async def test_webhooks_into_the_hosts_network_are_refused(url: str, reason: str) -> None:
    with pytest.raises(BadWebhook, match=reason):
        await check_webhook_url(url, allow_private=False)


# Found by the schema fuzzer (tests/app/test_api_fuzz.py): each was a 500.
@pytest.mark.parametrize("allow_private", [False, True])
@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://[::1/hook", "not a valid URL"),
        ("https://" + "a" * 64 + ".org/hook", "not a valid host name"),
        ("https://a..org/hook", "not a valid host name"),
        ("https://\ud800.org/hook", "not a valid host name"),
    ],
)
async def test_malformed_webhook_urls_are_refused_with_a_reason(
    url: str, reason: str, allow_private: bool
) -> None:
    with pytest.raises(BadWebhook, match=reason):
        await check_webhook_url(url, allow_private=allow_private)


async def test_private_addresses_pass_when_allowed() -> None:
    await check_webhook_url("http://127.0.0.1:9/hook", allow_private=True)
    with pytest.raises(BadWebhook):
        await check_webhook_url("gopher://127.0.0.1/", allow_private=True)


def test_a_key_over_its_rate_waits_for_the_oldest_request_to_leave_the_window() -> None:
    limiter = RateLimiter(per_minute=2)
    assert limiter.retry_after("k", now=0.0) == 0
    assert limiter.retry_after("k", now=10.0) == 0
    assert limiter.retry_after("k", now=20.0) == 40
    assert limiter.retry_after("other", now=20.0) == 0  # per key
    assert limiter.retry_after("k", now=60.5) == 0


def test_backoff_grows_and_is_jittered_and_capped() -> None:
    for attempt in range(1, 12):
        delay = backoff_s(attempt, 1.0)
        assert 0 <= delay <= min(300.0, 2 ** (attempt - 1))


def test_a_delivery_connects_to_the_checked_address_under_the_hosts_name() -> None:
    url, headers, extensions = pinned("https://hooks.example.org:8443/t?x=1", "93.184.216.34")
    assert url == "https://93.184.216.34:8443/t?x=1"
    assert headers == {"Host": "hooks.example.org:8443"}
    assert extensions == {"sni_hostname": "hooks.example.org"}
    assert pinned("http://h.example/", "2606:2800::1")[0] == "http://[2606:2800::1]/"


async def test_a_pinned_request_reaches_the_receiver_with_its_host_name() -> None:
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            seen.append(self.headers["Host"])
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        url, headers, extensions = pinned(f"http://localhost:{port}/hook", "127.0.0.1")
        async with httpx.AsyncClient() as client:
            answer = await client.post(url, headers=headers, extensions=extensions)
    finally:
        server.shutdown()
        server.server_close()
    assert answer.status_code == 204 and seen == [f"localhost:{port}"]


async def test_an_unexpected_error_is_a_plain_500_problem_without_a_traceback() -> None:
    app = FastAPI()
    install_problems(app)

    @app.get("/boom")
    async def boom() -> None:  # pyright: ignore[reportUnusedFunction]
        raise RuntimeError("a host path /srv/secret")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        answer = await client.get("/boom")
    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["detail"] == "something went wrong on our side; please try again"
    assert "/srv/secret" not in answer.text and "Traceback" not in answer.text
