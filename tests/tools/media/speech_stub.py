"""An OpenAI-compatible speech server on 127.0.0.1: POST /v1/audio/speech answers a real WAV
(a tone lasting `seconds_per_char` per character of the input), or an error status."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.http_stubs import serving


class SpeechStub(ThreadingHTTPServer):
    requests: list[dict[str, Any]]
    fail_with: int | None  # answer every request with this status
    seconds_per_char: float

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class SpeechHandler(BaseHTTPRequestHandler):
    server: SpeechStub

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(
            {"path": self.path, "body": body, "auth": self.headers["Authorization"]}
        )
        if self.server.fail_with is not None or self.path != "/v1/audio/speech":
            status = self.server.fail_with or 404
            return self._send(status, "application/json", b'{"error": {"message": "stub failure"}}')
        seconds = len(body["input"]) * self.server.seconds_per_char
        self._send(200, "audio/wav", _tone(seconds))

    def _send(self, status: int, kind: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _tone(seconds: float) -> bytes:
    # 22.05 kHz stereo on purpose: the voice must decode it to its own format.
    return subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-f", "lavfi",
         "-i", f"sine=frequency=330:sample_rate=22050:duration={seconds:.3f}",
         "-ac", "2", "-c:a", "pcm_s16le", "-f", "wav", "-"],
        capture_output=True, check=True, timeout=30,
    ).stdout  # fmt: skip


@contextmanager
def speech_stub(
    *, fail_with: int | None = None, seconds_per_char: float = 0.05
) -> Iterator[SpeechStub]:
    server = SpeechStub(("127.0.0.1", 0), SpeechHandler)
    server.requests, server.fail_with, server.seconds_per_char = [], fail_with, seconds_per_char
    with serving(server):
        yield server
