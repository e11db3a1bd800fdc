"""Hostile input over the real transports (a stdio child process, an HTTP server), and one
behaviour on both: the same calls give the same answers, errors, schemas and server info."""

from __future__ import annotations

import json
import socket
import subprocess
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mcp_manim_docs.jsonrpc import MAX_MESSAGE_BYTES
from tests.mcp_manim_docs.mcp_clients import (
    INITIALIZE,
    ROOT,
    Http,
    RawStdio,
    raw_stdio,
    server_command,
    server_env,
)

SEARCH = {"name": "search_manim_docs", "arguments": {"query": "plot a function", "limit": 3}}
# Every tool, with good and bad arguments: the same list goes over both transports.
CALLS: list[Any] = [
    SEARCH,
    {"name": "search_manim_docs", "arguments": {"q": "zoom into part of the scene"}},
    {"name": "search_manim_docs", "arguments": {"query": "circle", "limit": 0}},
    {"name": "search_manim_docs", "arguments": {"query": "half an emoji \ud83d"}},
    {"name": "search_manim_docs", "arguments": ["not", "an", "object"]},
    {"name": "get_manim_doc", "arguments": {"symbol": "Axes.plot"}},
    {"name": "get_manim_doc", "arguments": {"symbol": "ShowCreation"}},
    {"name": "get_manim_doc", "arguments": {}},
    {"name": "list_manim_examples", "arguments": {"query": "graph plot"}},
    {"name": "list_manim_examples"},
    {"name": "get_manim_example", "arguments": {"name": "NoSuchExample"}},
    {"name": "validate_manim_code", "arguments": {"code": "from manim import *\nShowCreation\n"}},
    {"name": "validate_manim_code", "arguments": {}},
    {"name": "manim_version", "arguments": {}},
    {"name": "no_such_tool", "arguments": {}},
    "params that are a string",
]


def call(msg_id: int, params: Any) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": msg_id, "method": "tools/call", "params": params}


def search_answers(reply: dict[str, Any]) -> bool:
    result = reply.get("result", {})
    return result.get("isError") is False and bool(result["structuredContent"]["results"])


def test_both_transports_answer_alike(stdio: RawStdio, http: Http) -> None:
    over_stdio = [stdio.request(call(i, params)) for i, params in enumerate(CALLS)]
    over_http = [http.request(call(i, params)) for i, params in enumerate(CALLS)]
    for params, ours, theirs in zip(CALLS, over_stdio, over_http, strict=True):
        assert ours == theirs, params
    listed = {"jsonrpc": "2.0", "id": "l", "method": "tools/list"}
    assert stdio.request(listed) == http.request(listed)
    again = stdio.request(INITIALIZE)  # re-initializing over stdio answers as HTTP did
    assert again == http.init
    info = again["result"]["serverInfo"]
    from importlib.metadata import version

    assert info["name"] == "manim-docs" and info["version"] == version("manim-tutor")
    assert search_answers(over_stdio[0]) and over_stdio[3]["result"]["isError"] is False
    assert (
        "`limit` must be an integer from 1 to 25" in over_stdio[2]["result"]["content"][0]["text"]
    )
    assert over_stdio[-2]["error"]["code"] == over_stdio[-1]["error"]["code"] == -32602


# --- stdio -----------------------------------------------------------------------------------


def test_stdio_survives_hostile_input(stdio: RawStdio) -> None:
    stdio.send(b"\xff\xfe not utf-8 \n")
    assert stdio.replies_until(None)[-1]["error"]["code"] == -32700
    stdio.send(b'{"jsonrpc":"2.0","id":"u","method":"tools/call","params":{"name":"search_manim_docs",'
               b'"arguments":{"query":"circle \xff"}}}\n')  # fmt: skip
    assert search_answers(stdio.replies_until("u")[-1])  # a stray byte in a string: still answered
    stdio.send(b"[" * 200_000 + b"\n")
    assert "nested too deeply" in stdio.replies_until(None)[-1]["error"]["message"]
    stdio.send(b'{"jsonrpc":"2.0","id":"t","method":"tools/call","params":{"name":"x"\n')
    assert stdio.replies_until("t")[-1]["error"]["code"] == -32700  # a cut message keeps its id
    huge = {"method": "tools/call", "params": {"name": "validate_manim_code", "arguments": {
        "code": "x" * MAX_MESSAGE_BYTES}}, "jsonrpc": "2.0", "id": "big"}  # fmt: skip
    stdio.send_message(huge)
    assert "larger than" in stdio.replies_until("big")[-1]["error"]["message"]
    stdio.send_message([{"jsonrpc": "2.0", "id": "b1", "method": "ping"}])
    assert stdio.replies_until("b1")[-1][0]["error"]["code"] == -32600  # none in 2025-11-25
    assert search_answers(stdio.request(call(99, SEARCH)))


def test_stdio_requests_before_initialize_get_an_error(built: Path) -> None:
    with raw_stdio(built, initialize=False) as server:
        reply = server.request(call(1, SEARCH))
        assert reply["error"]["code"] == -32600 and "initialize first" in reply["error"]["message"]
        assert server.request({"jsonrpc": "2.0", "id": 2, "method": "ping"})["result"] == {}
        assert "result" in server.request(INITIALIZE)
        assert search_answers(server.request(call(3, SEARCH)))


def test_stdio_batches_answered_in_2025_03_26(built: Path) -> None:
    with raw_stdio(built, initialize=False) as server:
        init = {**INITIALIZE, "params": {**INITIALIZE["params"], "protocolVersion": "2025-03-26"}}
        assert server.request(init)["result"]["protocolVersion"] == "2025-03-26"
        server.send_message([call(1, SEARCH), {"jsonrpc": "2.0", "id": 2, "method": "ping"}])
        replies = json.loads(server.lines.get(timeout=60))
        assert [r["id"] for r in replies] == [1, 2] and search_answers(replies[0])


def test_stdio_client_that_vanishes_mid_call_ends_the_server_quietly(built: Path) -> None:
    proc = subprocess.Popen(
        server_command(built),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=server_env(),
        cwd=ROOT,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(json.dumps(INITIALIZE).encode() + b"\n")
    proc.stdin.write(json.dumps(call(1, SEARCH)).encode() + b"\n")
    proc.stdin.flush()
    proc.stdout.close()  # gone before the answers are written
    proc.stdin.close()
    assert proc.stderr is not None
    stderr = proc.stderr.read()  # until the server exits
    proc.wait(timeout=60)
    assert proc.returncode == 0 and b"Traceback" not in stderr, stderr.decode()[-2000:]


# --- HTTP ------------------------------------------------------------------------------------


def test_http_survives_hostile_input(http: Http) -> None:
    assert http.post(b"\xff not utf-8").status_code == 400
    nested = http.post(b"[" * 200_000)
    assert nested.status_code == 400 and "nested too deeply" in nested.text
    big = http.post(b" " * (MAX_MESSAGE_BYTES + 1))
    assert big.status_code == 413 and big.json()["error"]["code"] == -32600
    assert http.post(b"{}", content_type="text/plain").status_code == 415
    batch = http.post([{"jsonrpc": "2.0", "id": 1, "method": "ping"}])
    assert batch.status_code == 400 and batch.json()[0]["error"]["code"] == -32600
    note = http.post({"jsonrpc": "2.0", "method": "notifications/initialized"})
    assert note.status_code == 202 and note.content == b""
    surrogate = http.post(call(5, CALLS[3]))
    assert surrogate.status_code == 200 and surrogate.json()["result"]["isError"] is False
    wrong = http.post(call(6, {"name": 5}))
    assert wrong.status_code == 200 and wrong.json()["error"]["code"] == -32602
    assert search_answers(http.request(call(7, SEARCH)))


def test_http_sessions_and_what_the_spec_refuses(http: Http) -> None:
    no_session = http.client.post(http.url, json=call(1, SEARCH))
    assert no_session.status_code == 400 and "initialize" in no_session.json()["error"]["message"]
    assert http.post(call(2, SEARCH), mcp_session_id="nope").status_code == 404
    assert http.post(call(3, SEARCH), mcp_protocol_version="1999-01-01").status_code == 400
    assert http.client.get(http.url).status_code == 405
    assert http.client.post(http.url.replace("/mcp", "/other"), json={}).status_code == 404
    evil = {"origin": "http://evil.example", "mcp-session-id": http.session_id}
    assert http.client.post(http.url, json=call(4, SEARCH), headers=evil).status_code == 403
    assert (
        http.client.post(
            http.url, json=call(5, SEARCH), headers={"host": "evil.example"}
        ).status_code
        == 421
    )
    other = Http(http.url)
    assert (
        http.client.delete(http.url, headers={"mcp-session-id": other.session_id}).status_code
        == 200
    )
    assert other.post(call(6, SEARCH)).status_code == 404  # ended
    assert search_answers(http.request(call(7, SEARCH)))  # the first session lives on


def test_http_client_that_vanishes_mid_call(http: Http) -> None:
    body = json.dumps(
        call(1, {"name": "validate_manim_code", "arguments": {"code": "x = 1\n" * 30_000}})
    ).encode()
    where = urlsplit(http.url)
    head = (
        f"POST /mcp HTTP/1.1\r\nHost: {where.netloc}\r\nContent-Type: application/json\r\n"
        f"Mcp-Session-Id: {http.session_id}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    for cut in (len(body) // 2, len(body)):  # mid-body, and once the call is running
        with socket.create_connection((where.hostname, where.port)) as sock:
            sock.sendall(head.encode() + body[:cut])
            time.sleep(0.05)
    assert search_answers(http.request(call(2, SEARCH)))
