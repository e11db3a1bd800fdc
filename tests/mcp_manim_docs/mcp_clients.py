"""Ways for tests to reach the docs server: the MCP SDK's client in memory, a raw stdio child
process (bytes in, lines out), and an HTTP server child process."""

from __future__ import annotations

import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncGenerator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import anyio
import httpx
from mcp import ClientSession
from mcp.shared.message import SessionMessage
from mcp.types import JSONRPCMessage

from mcp_manim_docs.docs_service import DocsService
from mcp_manim_docs.protocol import McpSession
from mcp_manim_docs.tool_calls import ServiceLoader

ROOT = Path(__file__).resolve().parents[2]
INITIALIZE = {
    "jsonrpc": "2.0",
    "id": "init",
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-11-25",
        "capabilities": {},
        "clientInfo": {"name": "raw-test", "version": "0"},
    },
}


def server_env() -> dict[str, str]:
    return {**os.environ, "PYTHONUNBUFFERED": "1"}


def server_command(index_dir: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "mcp_manim_docs", "--cache-dir", str(index_dir), *extra]


@asynccontextmanager
async def memory_session(service: DocsService) -> AsyncGenerator[ClientSession]:
    """The SDK's client over memory streams to a `McpSession`, initialized."""
    session = McpSession(ServiceLoader.ready(service))
    to_server, server_inbox = anyio.create_memory_object_stream[SessionMessage | Exception](16)
    to_client, client_inbox = anyio.create_memory_object_stream[SessionMessage | Exception](16)

    async def serve() -> None:
        async for item in server_inbox:
            if isinstance(item, Exception):
                raise item
            value = item.message.model_dump(by_alias=True, mode="json", exclude_none=True)
            reply = await anyio.to_thread.run_sync(session.handle, value)
            if reply is not None:
                await to_client.send(SessionMessage(JSONRPCMessage.model_validate(reply)))

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(serve)
        async with ClientSession(client_inbox, to_server) as client:
            await client.initialize()
            yield client
        tasks.cancel_scope.cancel()


class RawStdio:
    """The server as a child process, spoken to in raw bytes; replies are read line by line."""

    def __init__(
        self, command: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT
    ) -> None:
        self.proc = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=server_env() if env is None else env,
            cwd=cwd,
        )
        self.lines: queue.Queue[bytes] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(b"")

    def send(self, raw: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(raw)
        self.proc.stdin.flush()

    def send_message(self, message: Any) -> None:
        self.send(json.dumps(message).encode() + b"\n")

    def replies_until(self, msg_id: str | int, timeout: float = 60) -> list[Any]:
        """Every reply (or batch) up to and including the one with `msg_id`; each line must be
        JSON."""
        seen: list[Any] = []
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            assert line, f"the server closed stdout (exit {self.proc.poll()}) after {seen}"
            reply = json.loads(line)
            seen.append(reply)
            batch = reply if isinstance(reply, list) else [reply]
            if any(isinstance(r, dict) and r.get("id") == msg_id for r in batch):
                return seen

    def request(self, message: dict[str, Any], timeout: float = 60) -> Any:
        self.send_message(message)
        return self.replies_until(message["id"], timeout)[-1]

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@contextmanager
def raw_stdio(
    index_dir: Path,
    initialize: bool = True,
    command: list[str] | None = None,
    env: dict[str, str] | None = None,
    cwd: Path = ROOT,
) -> Iterator[RawStdio]:
    """A server (`command`, by default ours on `index_dir`), initialized unless told not to."""
    server = RawStdio(command or server_command(index_dir), env, cwd)
    try:
        if initialize:
            assert "result" in server.request(INITIALIZE)
            server.send_message({"jsonrpc": "2.0", "method": "notifications/initialized"})
        yield server
    finally:
        server.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def http_server(command: list[str]) -> Iterator[str]:
    """An HTTP server started by `command` plus `--port N`, until the block ends; its URL."""
    port = free_port()
    proc = subprocess.Popen(
        [*command, "--transport", "http", "--port", str(port)],
        cwd=ROOT,
        env=server_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.TransportError:
                assert proc.poll() is None, "the HTTP server exited"
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class Http:
    """A client session over plain HTTP (no SDK), to send what SDK clients would refuse to."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.client = httpx.Client(timeout=60)
        reply = self.client.post(url, json=INITIALIZE)
        assert reply.status_code == 200, reply.text
        self.session_id = reply.headers["mcp-session-id"]
        self.init = reply.json()

    def post(self, body: bytes | Any, **headers: str) -> httpx.Response:
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        all_headers = {"content-type": "application/json", "mcp-session-id": self.session_id}
        all_headers.update({k.replace("_", "-"): v for k, v in headers.items()})
        return self.client.post(self.url, content=content, headers=all_headers)

    def request(self, message: dict[str, Any]) -> Any:
        return self.post(message).json()
