"""The MCP state machine and the wire format, in process: every malformed message gets a
JSON-RPC error or an isError result, never an exception."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mcp_manim_docs.docs_service import DocsService
from mcp_manim_docs.jsonrpc import MAX_MESSAGE_BYTES, WireError, decode, encode
from mcp_manim_docs.protocol import McpSession
from mcp_manim_docs.tool_calls import ServiceLoader


@pytest.fixture(scope="module")
def loader(index_dir: Path) -> ServiceLoader:
    return ServiceLoader.ready(DocsService.load(index_dir))


def session(loader: ServiceLoader, version: str | None = "2025-11-25") -> McpSession:
    mcp = McpSession(loader)
    if version is not None:
        init = {"protocolVersion": version, "capabilities": {}, "clientInfo": {"name": "t"}}
        assert "result" in mcp.handle(request(0, "initialize", init))
    return mcp


def request(msg_id: Any, method: str, params: Any = None) -> dict[str, Any]:
    message = {"jsonrpc": "2.0", "id": msg_id, "method": method}
    return message if params is None else {**message, "params": params}


def call(msg_id: Any, name: Any, arguments: Any) -> dict[str, Any]:
    return request(msg_id, "tools/call", {"name": name, "arguments": arguments})


def error_of(reply: dict[str, Any]) -> tuple[int, str]:
    assert "result" not in reply, reply
    return reply["error"]["code"], reply["error"]["message"]


def tool_error(reply: dict[str, Any]) -> str:
    assert reply["result"]["isError"] is True, reply
    return reply["result"]["content"][0]["text"]


# --- the wire --------------------------------------------------------------------------------


def test_text_that_is_not_valid_unicode_is_repaired_not_refused() -> None:
    assert decode(b'{"q": "circle \xff\xfe"}') == {"q": "circle \ufffd\ufffd"}
    assert decode(b'{"q": "half \\ud83d", "\\udc00": ["\\ud83d\\ude00"]}') == {
        "q": "half \ufffd",
        "\ufffd": ["\U0001f600"],  # a whole escaped pair is one character
    }
    assert encode({"q": "\ud83d"}) == b'{"q":"?"}'  # never fails to encode


@pytest.mark.parametrize(
    "raw",
    [b"not json", b'{"a": NaN}', b'{"a": Infinity}', b'{"a": 1e999}', b"[" * 100_000, b""],
)
def test_what_is_not_json_is_a_parse_error(raw: bytes) -> None:
    with pytest.raises(WireError) as caught:
        decode(raw)
    assert caught.value.reply()["error"]["code"] == -32700


def test_oversized_messages_are_refused_with_their_id_when_it_shows() -> None:
    padding = "x" * (MAX_MESSAGE_BYTES + 10)
    python_style = {"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"a": padding}}
    js_style = {
        "method": "tools/call",
        "params": {"a": padding, "id": 99},
        "jsonrpc": "2.0",
        "id": "j",
    }
    for message, msg_id in ((python_style, 7), (js_style, "j")):
        with pytest.raises(WireError) as caught:
            decode(json.dumps(message).encode())
        reply = caught.value.reply()
        assert reply["id"] == msg_id and reply["error"]["code"] == -32600
        assert "larger than" in reply["error"]["message"]


# --- the envelope ----------------------------------------------------------------------------


@pytest.mark.parametrize("message", [42, "ping", None, True, [1]])
def test_a_message_must_be_an_object(loader: ServiceLoader, message: Any) -> None:
    reply = session(loader, "2025-03-26").handle(message)
    reply = reply[0] if isinstance(reply, list) else reply
    assert reply["id"] is None and error_of(reply)[0] == -32600


@pytest.mark.parametrize(
    ("message", "msg_id"),
    [
        ({"id": 1, "method": "ping"}, 1),
        ({"jsonrpc": "1.0", "id": 1, "method": "ping"}, 1),
        ({"jsonrpc": "2.0", "id": 1, "method": 5}, 1),
        ({"jsonrpc": "2.0", "id": 1}, 1),
        ({"jsonrpc": "2.0", "id": None, "method": "ping"}, None),
        ({"jsonrpc": "2.0", "id": 1.5, "method": "ping"}, None),
        ({"jsonrpc": "2.0", "id": True, "method": "ping"}, None),
        ({"jsonrpc": "2.0", "id": {"a": 1}, "method": "ping"}, None),
    ],
)
def test_bad_envelopes_are_invalid_requests(
    loader: ServiceLoader, message: dict[str, Any], msg_id: Any
) -> None:
    reply = session(loader).handle(message)
    assert reply["id"] == msg_id and error_of(reply)[0] == -32600


@pytest.mark.parametrize("params", [[1, 2], "query", 3, True])
def test_params_and_arguments_that_are_not_objects(loader: ServiceLoader, params: Any) -> None:
    mcp = session(loader)
    code, message = error_of(mcp.handle(request(1, "tools/call", params)))
    assert code == -32602 and '"params" must be an object' in message
    code, message = error_of(mcp.handle(call(2, "search_manim_docs", params)))
    assert code == -32602 and '"arguments" must be an object' in message
    assert error_of(mcp.handle(call(3, params, {})))[0] == -32602  # a name that is not a string
    assert mcp.handle(request(4, "ping")) == {"jsonrpc": "2.0", "id": 4, "result": {}}


def test_notifications_and_responses_get_no_reply(loader: ServiceLoader) -> None:
    mcp = session(loader)
    assert mcp.handle({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": 5}) is None
    assert mcp.handle({"jsonrpc": "2.0", "method": "no/such/notification"}) is None
    assert mcp.handle({"jsonrpc": "2.0", "id": 9, "result": {}}) is None


def test_unknown_methods_and_tools(loader: ServiceLoader) -> None:
    mcp = session(loader)
    code, message = error_of(mcp.handle(request(1, "resources/list")))
    assert code == -32601 and "resources/list" in message
    code, message = error_of(mcp.handle(call(2, "search_docs", {})))
    assert code == -32602 and "Unknown tool 'search_docs'" in message
    assert "search_manim_docs" in message  # the tools there are
    assert error_of(mcp.handle(request(3, "x" * 100_000)))[1].count("x") < 100


def test_only_initialize_and_ping_come_before_initialize(loader: ServiceLoader) -> None:
    mcp = McpSession(loader)
    assert mcp.handle(request(1, "ping"))["result"] == {}
    for method in ("tools/list", "tools/call"):
        code, message = error_of(mcp.handle(request(2, method, {"name": "manim_version"})))
        assert code == -32600 and "initialize first" in message
    code, message = error_of(mcp.handle(request(3, "initialize", {"capabilities": {}})))
    assert code == -32602 and "protocolVersion" in message
    init = mcp.handle(request(4, "initialize", {"protocolVersion": "1999-01-01"}))
    assert init["result"]["protocolVersion"] == "2025-11-25"  # ours, when theirs is unknown
    assert "tools" in mcp.handle(request(5, "tools/list"))["result"]


def test_batches_follow_the_negotiated_protocol_version(loader: ServiceLoader) -> None:
    batch = [request(1, "ping"), {"jsonrpc": "2.0", "method": "x"}, request(2, "nope"), 7]
    replies = session(loader, "2025-03-26").handle(batch)  # the one version with batches
    assert [r["id"] for r in replies] == [1, 2, None]
    assert replies[0]["result"] == {} and error_of(replies[1])[0] == -32601
    assert session(loader, "2025-03-26").handle([{"jsonrpc": "2.0", "method": "x"}]) is None
    for version in ("2025-11-25", "2025-06-18", "2024-11-05", None):
        replies = session(loader, version).handle(batch)
        assert [r["id"] for r in replies] == [1, 2], version
        assert all("send each message on its own" in error_of(r)[1] for r in replies)
    assert error_of(session(loader).handle([]))[0] == -32600
    in_batch = session(loader, "2025-03-26").handle([request(1, "initialize", {})])
    assert "may not be batched" in error_of(in_batch[0])[1]


# --- arguments -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "arguments", "expected"),
    [
        ("validate_manim_code", {}, "`code` is required"),
        ("validate_manim_code", {"code": ""}, "`code` must not be empty"),
        ("validate_manim_code", {"code": None}, "`code` is required"),
        ("validate_manim_code", {"code": 12}, "`code` must be a string (got 12)"),
        ("search_manim_docs", {}, "`query` is required"),
        ("search_manim_docs", {"query": "a", "limit": 0}, "from 1 to 25 (got 0)"),
        ("search_manim_docs", {"query": "a", "limit": 10000}, "from 1 to 25 (got 10000)"),
        ("search_manim_docs", {"query": "a", "limit": 2.5}, "`limit` must be an integer"),
        ("search_manim_docs", {"query": "a", "limit": True}, "`limit` must be an integer"),
        ("search_manim_docs", {"query": ["a"]}, "`query` must be a string (got a list)"),
        ("search_manim_docs", {"query": {"a": 1}, "limit": -1}, "(got an object); `limit`"),
        ("get_manim_doc", {}, "`symbol` is required"),
        ("get_manim_example", {"name": 10**50}, "(got a very large number)"),
    ],
)
def test_bad_arguments_are_tool_errors_naming_the_field(
    loader: ServiceLoader, name: str, arguments: dict[str, Any], expected: str
) -> None:
    text = tool_error(session(loader).handle(call(1, name, arguments)))
    assert text.startswith(f"Invalid arguments for {name}: ") and expected in text


def test_schemas_mark_required_fields_and_ranges(loader: ServiceLoader) -> None:
    tools = {
        t["name"]: t for t in session(loader).handle(request(1, "tools/list"))["result"]["tools"]
    }
    search = tools["search_manim_docs"]["inputSchema"]
    assert "query" in search["required"]
    assert (search["properties"]["limit"]["minimum"], search["properties"]["limit"]["maximum"]) == (
        1,
        25,
    )
    assert tools["validate_manim_code"]["inputSchema"]["required"] == ["code"]
    assert tools["get_manim_doc"]["inputSchema"]["required"] == ["symbol"]
    assert tools["get_manim_example"]["inputSchema"]["required"] == ["name"]
    assert "required" not in tools["list_manim_examples"]["inputSchema"]
    assert all("outputSchema" not in t for t in tools.values())


def test_values_in_range_and_tolerated_names_still_answer(loader: ServiceLoader) -> None:
    mcp = session(loader)
    reply = mcp.handle(call(1, "search_manim_docs", {"q": "circle", "top_k": "3"}))
    assert len(reply["result"]["structuredContent"]["results"]) == 3
    reply = mcp.handle(call(2, "search_manim_docs", {"query": "circle \ud83d", "limit": None}))
    assert reply["result"]["isError"] is False
    assert json.loads(encode(reply))  # the lone surrogate cannot break the reply


def test_an_index_that_fails_to_load_is_a_tool_error_not_a_crash() -> None:
    def broken() -> DocsService:
        raise OSError("disk on fire")

    mcp = session(ServiceLoader(broken))
    text = tool_error(mcp.handle(call(1, "manim_version", {})))
    assert "could not be loaded" in text and "disk on fire" in text


def test_stdio_lines_up_to_the_limit_are_read_and_longer_ones_skipped() -> None:
    import io

    from mcp_manim_docs.stdio_server import read_lines

    fits = b'"' + b"x" * 8 + b'"'  # 10 bytes: exactly the limit
    stream = io.BytesIO(fits + b"\n" + b'{"id": 3, ' + b"y" * 50 + b"\n" + b"[1]\n" + b"z" * 30)
    lines = list(read_lines(stream, limit=10))
    assert lines[0] == fits + b"\n"
    assert isinstance(lines[1], WireError) and lines[1].msg_id == 3
    assert lines[2] == b"[1]\n"  # the long line was read past, not merged into the next
    assert isinstance(lines[3], WireError)  # a last long line without a newline


def test_http_sessions_are_bounded_in_number_and_idle_time(loader: ServiceLoader) -> None:
    from mcp_manim_docs.http_server import Sessions

    sessions = Sessions(limit=2)
    first, second, third = (sessions.add(McpSession(loader)) for _ in range(3))
    assert sessions.get(first) is None and sessions.get(second) and sessions.get(third)
    idle = Sessions(idle_s=-1)  # every session is already past its idle time
    assert idle.get(idle.add(McpSession(loader))) is None
