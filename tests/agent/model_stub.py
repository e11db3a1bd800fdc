"""A local OpenAI-compatible model server for tests: chat completions over HTTP, streamed as
server-sent events with tool calls, like Ollama, vLLM or LM Studio.

What it answers is a script: a function from the request body (the whole conversation the
agent sent) to the chunks of the reply. It can also answer 429 first, as a busy model does.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Chunk = dict[str, Any]
Script = Callable[[dict[str, Any]], Iterator[Chunk]]


def chunk(delta: dict[str, Any], finish: str | None = None) -> Chunk:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "stub-model",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def tool_calls(calls: list[tuple[str, dict[str, Any]]], first_id: int) -> Iterator[Chunk]:
    """A reply calling tools: `call_{first_id}`, `call_{first_id + 1}`… in order."""
    for i, (name, args) in enumerate(calls):
        text = json.dumps(args)
        head = {"index": i, "id": f"call_{first_id + i}", "type": "function"}
        yield chunk({"tool_calls": [{**head, "function": {"name": name, "arguments": ""}}]})
        for start in range(0, len(text), 40):  # arguments arrive in pieces, as they do for real
            piece = {"index": i, "function": {"arguments": text[start : start + 40]}}
            yield chunk({"tool_calls": [piece]})
    yield chunk({}, "tool_calls")


def text_reply(words: list[str]) -> Iterator[Chunk]:
    """A final answer, streamed word by word."""
    yield chunk({"role": "assistant", "content": ""})
    for word in words:
        yield chunk({"content": word})
    yield chunk({}, "stop")


def latest_user_text(body: dict[str, Any]) -> str:
    """The newest user message of a request (the agent resends the whole conversation)."""
    for message in reversed(body["messages"]):
        if message["role"] == "user":
            content = message["content"]
            if isinstance(content, str):
                return content
            return "".join(part.get("text", "") for part in content)
    return ""


def tool_results_this_turn(body: dict[str, Any]) -> int:
    """How many tool results the agent sent back since the newest user message."""
    count = 0
    for message in reversed(body["messages"]):
        if message["role"] == "user":
            break
        count += message["role"] == "tool"
    return count


class StubServer(ThreadingHTTPServer):
    """Answers every POST with `script`, after `busy_for` requests answered 429."""

    def __init__(self, script: Script, busy_for: int = 0, retry_after: str | None = None) -> None:
        super().__init__(("127.0.0.1", 0), StubHandler)
        self.script = script
        self.busy_for = busy_for  # answer this many requests with 429, as a model under load
        self.retry_after = retry_after  # the Retry-After those answers carry, if any
        self.requests: list[dict[str, Any]] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class StubHandler(BaseHTTPRequestHandler):
    server: StubServer

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append({"path": self.path, "body": body})
        if len(self.server.requests) <= self.server.busy_for:
            return self._busy()
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for piece in self.server.script(body):
            self.wfile.write(f"data: {json.dumps(piece)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")

    def _busy(self) -> None:
        error = {"error": {"message": "Rate limit reached", "type": "rate_limit_error"}}
        text = json.dumps(error).encode()
        self.send_response(429)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(text)))
        if self.server.retry_after is not None:
            self.send_header("Retry-After", self.server.retry_after)
        self.end_headers()
        self.wfile.write(text)

    def log_message(self, format: str, *args: Any) -> None:
        pass
