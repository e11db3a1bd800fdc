"""Fuzz: generated JSON-RPC, valid and not, thrown at the stdio and HTTP servers. Every reply
must be well-formed JSON-RPC, every request with a usable id must be answered, a tools/call of
a known tool must get a result (an isError one for bad arguments), and the server must stay up.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from itertools import count
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mcp_manim_docs.jsonrpc import repair_surrogates
from mcp_manim_docs.tool_calls import SPECS
from tests.mcp_manim_docs.mcp_clients import Http, RawStdio

# Once found by the fuzzer: an id the server must answer as U+FFFD (it cannot write it back).
LONE_SURROGATE_ID = {
    "jsonrpc": "2.0",
    "id": "\ud800",
    "method": "tools/call",
    "params": {"name": "get_manim_doc", "arguments": {}},
}
FUZZ = settings(
    max_examples=100,
    deadline=timedelta(seconds=10),  # generous: the machine may be busy; a hang still fails
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

text = st.text(
    st.characters(categories=["L", "N", "P", "S", "Zs", "Cc", "Cs"]), max_size=30
)  # "Cs": lone surrogates, as a sliced emoji
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | text
)
values = st.recursive(
    scalars,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(text, kids, max_size=4),
    max_leaves=12,
)
ids = st.integers(-(10**6), 10**6) | text | values
methods = (
    st.sampled_from(["initialize", "ping", "tools/list", "tools/call", "resources/list"])
    | st.sampled_from(["notifications/initialized", "notifications/cancelled"])
    | text
)
tool_names = st.sampled_from(sorted(SPECS)) | text
argument_names = st.sampled_from(["query", "limit", "symbol", "name", "code", "q", "top_k"])
arguments = st.dictionaries(argument_names | text, values, max_size=4)
params = (
    st.fixed_dictionaries({"name": tool_names}, optional={"arguments": arguments | values})
    | st.dictionaries(text, values, max_size=3)
    | values
)
messages = st.fixed_dictionaries(
    {},
    optional={
        "jsonrpc": st.just("2.0") | scalars,
        "id": ids,
        "method": methods,
        "params": params,
        "result": values,
    },
)
# Well-formed envelopes reach deeper than arbitrary objects, and calls of known tools deepest:
# weigh them in.
envelopes = st.builds(
    lambda i, m, p: {"jsonrpc": "2.0", "id": i, "method": m, "params": p}, ids, methods, params
)
tool_calls = st.builds(
    lambda i, n, a: {
        "jsonrpc": "2.0",
        "id": i,
        "method": "tools/call",
        "params": {"name": n, "arguments": a},
    },
    st.integers(0, 10**6) | text,
    st.sampled_from(sorted(SPECS)),
    arguments | values,
)
payloads = (
    tool_calls
    | envelopes
    | messages
    | st.lists(messages | envelopes | tool_calls, max_size=4)
    | values
    | st.binary(max_size=200)
)
probes = count()


def wire(payload: Any) -> bytes:
    if isinstance(payload, bytes):
        return re.sub(rb"[\r\n]", b" ", payload)
    return json.dumps(payload).encode()  # lone surrogates go out as \ud83d escapes


def check_reply(reply: Any) -> None:
    """A JSON-RPC response (or a non-empty batch of them)."""
    for item in reply if isinstance(reply, list) else [reply]:
        assert isinstance(item, dict) and item["jsonrpc"] == "2.0" and "id" in item, reply
        assert ("result" in item) != ("error" in item), reply
        if "error" in item:
            assert isinstance(item["error"]["code"], int), reply
            assert isinstance(item["error"]["message"], str), reply


def expected_id(payload: Any) -> Any | None:
    """The id a reply must carry, when the payload is one request with a usable id."""
    if not isinstance(payload, dict) or payload.get("jsonrpc") != "2.0":
        return None
    msg_id = payload.get("id")
    usable = isinstance(msg_id, str) or (isinstance(msg_id, int) and not isinstance(msg_id, bool))
    if not usable or not isinstance(payload.get("method"), str):
        return None
    # A lone UTF-16 surrogate cannot be written back as UTF-8: the server (by design, see
    # jsonrpc.py) reads it as U+FFFD, so that is the id its reply carries.
    return repair_surrogates(msg_id)


def check_answer(payload: Any, replies: list[Any]) -> None:
    msg_id = expected_id(payload)
    if msg_id is None:
        return
    answers = [r for r in replies if isinstance(r, dict) and r.get("id") == msg_id]
    assert len(answers) == 1, (payload, replies)
    params = payload.get("params")
    if (
        payload["method"] == "tools/call"
        and isinstance(params, dict)
        and params.get("name") in SPECS
        and isinstance(params.get("arguments", {}), dict)
        and "result" not in payload
    ):
        assert "result" in answers[0], (payload, answers)  # bad arguments: an isError result


def search_answers(reply: dict[str, Any]) -> None:
    assert reply["result"]["isError"] is False, reply
    assert reply["result"]["structuredContent"]["results"], reply


SEARCH = {
    "jsonrpc": "2.0",
    "id": "search",
    "method": "tools/call",
    "params": {"name": "search_manim_docs", "arguments": {"query": "plot a function"}},
}


def test_fuzz_stdio(stdio: RawStdio) -> None:
    search_answers(stdio.request(SEARCH))  # the index is loaded before the clock starts

    @FUZZ
    @given(payloads)
    @example(LONE_SURROGATE_ID)
    def throw(payload: Any) -> None:
        probe = f"probe-{next(probes)}"
        stdio.send(wire(payload) + b"\n")
        stdio.send_message({"jsonrpc": "2.0", "id": probe, "method": "ping"})
        replies = stdio.replies_until(probe, timeout=10)
        for reply in replies:
            check_reply(reply)
        assert replies[-1] == {"jsonrpc": "2.0", "id": probe, "result": {}}
        check_answer(payload, replies[:-1])

    throw()
    assert stdio.proc.poll() is None
    search_answers(stdio.request({**SEARCH, "id": "after"}))


def test_fuzz_http(http: Http) -> None:
    search_answers(http.request(SEARCH))

    @FUZZ
    @given(payloads)
    @example(LONE_SURROGATE_ID)
    def throw(payload: Any) -> None:
        response = http.post(wire(payload))
        assert response.status_code in (200, 202, 400), (payload, response.text)
        if response.status_code == 202:
            assert response.content == b"" and expected_id(payload) is None, payload
        else:
            check_reply(response.json())
            check_answer(
                payload, response.json() if isinstance(response.json(), list) else [response.json()]
            )
        ping = http.request({"jsonrpc": "2.0", "id": "probe", "method": "ping"})
        assert ping == {"jsonrpc": "2.0", "id": "probe", "result": {}}

    throw()
    search_answers(http.request({**SEARCH, "id": "after"}))
