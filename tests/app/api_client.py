"""A signed client of the REST API and a webhook receiver that checks every delivery's
signature: both real HTTP on 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac
import json
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from tests.app.conftest import ROOT, AppServer


def sign(secret: str, t: int, method: str, path: str, body: bytes) -> str:
    """The documented signature, written out here rather than imported from the app."""
    digest = hashlib.sha256(body).hexdigest()
    message = f"{t}.{method}.{path}.{digest}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def tutor(server: AppServer, *args: str, stdin: str | None = None) -> str:
    run = subprocess.run(
        [sys.executable, "-m", "agent.cli", *args], input=stdin, text=True, env=server.env(),
        cwd=ROOT, capture_output=True, check=True,
    )  # fmt: skip
    return run.stdout


@dataclass
class Key:
    key_id: str
    secret: str

    @classmethod
    def create(cls, server: AppServer, user: str) -> Key:
        made = json.loads(tutor(server, "keys", "create", user, "--json"))
        return cls(made["key_id"], made["secret"])


@dataclass
class Api:
    server: AppServer
    key: Key

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        t: int | None = None,
        signed_path: str | None = None,
        signed_body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """One signed request to `/api/v1{path}`; the signature may be made over another
        path, body or time than what is sent (to test the refusals)."""
        full = "/api/v1" + path
        sent = b"" if body is None else json.dumps(body).encode()
        at = int(time.time()) if t is None else t
        v1 = sign(
            self.key.secret, at, method, signed_path or full,
            sent if signed_body is None else signed_body,
        )  # fmt: skip
        given = {
            "X-Tutor-Key": self.key.key_id,
            "X-Tutor-Signature": f"t={at},v1={v1}",
            "Content-Type": "application/json",
        }
        return httpx.request(
            method, self.server.url + full, content=sent, headers={**given, **(headers or {})},
            timeout=60,
        )  # fmt: skip

    def wait_job(self, job_id: str, timeout_s: float = 600) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            job = self.call("GET", f"/jobs/{job_id}").json()
            if job["state"] in ("done", "failed"):
                return job
            time.sleep(1)
        raise AssertionError(f"job {job_id} did not end in {timeout_s} s")


@dataclass
class Delivery:
    path: str
    body: dict[str, Any]
    verified: bool
    answered: int
    raw: bytes = b""  # the body as received
    signature: str = ""  # its X-Tutor-Signature header


@dataclass
class Receiver:
    """Webhooks land here; the first `fail_first` deliveries are answered 500."""

    secrets: dict[str, str]
    fail_first: int = 0
    deliveries: list[Delivery] = field(default_factory=list[Delivery])
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                key = self.headers.get("X-Tutor-Key", "")
                parts = dict(
                    p.split("=", 1) for p in self.headers.get("X-Tutor-Signature", "").split(",")
                )
                secret = receiver.secrets.get(key, "")
                expected = sign(secret, int(parts.get("t", "0")), "POST", self.path, body)
                fresh = abs(time.time() - int(parts.get("t", "0"))) <= 300
                verified = (
                    bool(secret) and fresh and hmac.compare_digest(expected, parts.get("v1", ""))
                )
                failing = len(receiver.deliveries) < receiver.fail_first
                status = 500 if failing else (204 if verified else 401)
                signature = self.headers.get("X-Tutor-Signature", "")
                receiver.deliveries.append(
                    Delivery(self.path, json.loads(body), verified, status, body, signature)
                )
                self.send_response(status)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def wait_for(self, count: int, timeout_s: float = 60) -> list[Delivery]:
        deadline = time.monotonic() + timeout_s
        while len(self.deliveries) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return list(self.deliveries)
