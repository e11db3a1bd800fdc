"""MCP for a tools-only server, as one state machine both transports feed decoded JSON to.

A `McpSession` is one client's conversation (a stdio connection, or an HTTP session): it answers
initialize, ping, tools/list and tools/call, ignores notifications and responses, and turns
every malformed message into a JSON-RPC error instead of an exception:
- a message that is not an object, has no "jsonrpc": "2.0" or a bad id → Invalid Request;
- params or arguments that are not objects, a missing tool name, an unknown tool → Invalid
  params; wrong argument values → an `isError` result that names them (the model can retry);
- requests other than ping before initialize → Invalid Request ("send initialize first");
- a batch (a JSON array) is answered element by element in protocol version 2025-03-26, the only
  one with JSON-RPC batching; under the others every request in it gets an Invalid Request.
"""

from __future__ import annotations

import logging
from functools import cache
from importlib.metadata import version
from typing import Any

from mcp_manim_docs.jsonrpc import (
    INTERNAL_ERROR,
    INVALID_PARAMS,
    INVALID_REQUEST,
    METHOD_NOT_FOUND,
    error_reply,
)
from mcp_manim_docs.tool_calls import SPECS, ServiceLoader, call_tool, tool_list
from mcp_manim_docs.tool_specs import INSTRUCTIONS

SUPPORTED_VERSIONS = ("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05")
BATCH_VERSIONS = frozenset({"2025-03-26"})
METHODS = ("initialize", "ping", "tools/list", "tools/call")
SERVER_NAME = "manim-docs"
log = logging.getLogger(__name__)


class RpcError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@cache
def server_info() -> dict[str, str]:
    return {"name": SERVER_NAME, "title": "Manim CE docs", "version": version("manim-tutor")}


def describe(value: Any) -> str:
    """What kind of JSON value this is, for messages."""
    if isinstance(value, bool):
        return "a boolean"
    kinds = {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number"}
    return kinds.get(type(value), "null")


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _valid_id(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def refuse_each(value: Any, code: int, message: str) -> Any:
    """An error for every request in a message or batch (one with id null when none has an id)."""
    items = value if isinstance(value, list) else [value]
    ids = [m["id"] for m in items if isinstance(m, dict) and _valid_id(m.get("id"))]
    replies = [error_reply(i, code, message) for i in ids or [None]]
    return replies if isinstance(value, list) else replies[0]


def is_initialize(value: Any) -> bool:
    return isinstance(value, dict) and value.get("method") == "initialize" and "id" in value


class McpSession:
    """One client's MCP conversation; `handle` takes a decoded message or batch."""

    def __init__(self, loader: ServiceLoader, how_to_initialize: str = "initialize first") -> None:
        self.loader = loader
        self.protocol_version: str | None = None
        self.how_to_initialize = how_to_initialize

    def handle(self, value: Any) -> Any | None:
        """The reply (an object, or a list for a batch), or None when nothing is to be sent."""
        if isinstance(value, list):
            return self._batch(value)
        return self._message(value, batched=False)

    def _batch(self, items: list[Any]) -> list[dict[str, Any]] | dict[str, Any] | None:
        if not items:
            return error_reply(None, INVALID_REQUEST, "Invalid Request: an empty batch.")
        if self.protocol_version not in BATCH_VERSIONS:
            why = (
                f"MCP {self.protocol_version} has no JSON-RPC batches (only 2025-03-26 has)"
                if self.protocol_version
                else "JSON-RPC batches come only after initialize, and only in MCP 2025-03-26"
            )
            message = f"Invalid Request: {why}; send each message on its own."
            return refuse_each(items, INVALID_REQUEST, message)
        replies = [self._message(item, batched=True) for item in items]
        return [r for r in replies if r is not None] or None

    def _message(self, message: Any, batched: bool) -> dict[str, Any] | None:
        if not isinstance(message, dict):
            return error_reply(
                None,
                INVALID_REQUEST,
                f"Invalid Request: a JSON-RPC message is an object, not {describe(message)}.",
            )
        msg_id = message.get("id")
        reply_id = msg_id if _valid_id(msg_id) else None
        if message.get("jsonrpc") != "2.0":
            return error_reply(
                reply_id, INVALID_REQUEST, 'Invalid Request: "jsonrpc" must be "2.0".'
            )
        if "method" not in message:
            if "result" in message or "error" in message:
                return None  # a response: this server sends no requests, so nothing awaits it
            return error_reply(reply_id, INVALID_REQUEST, 'Invalid Request: no "method".')
        method = message["method"]
        if not isinstance(method, str):
            return error_reply(reply_id, INVALID_REQUEST, 'Invalid Request: "method" is a string.')
        if "id" not in message:
            return None  # a notification (initialized, cancelled, ...): nothing to answer
        if reply_id is None:
            return error_reply(
                None, INVALID_REQUEST, 'Invalid Request: "id" must be a string or an integer.'
            )
        params = message.get("params")
        if params is None:
            params = {}
        if not isinstance(params, dict):
            return error_reply(
                msg_id,
                INVALID_PARAMS,
                f'Invalid params: "params" must be an object, not {describe(params)}.',
            )
        try:
            result = self._dispatch(method, params, batched)
        except RpcError as exc:
            return error_reply(msg_id, exc.code, exc.message)
        except Exception as exc:  # a bug of ours: answer, log, and stay up
            log.exception("%s failed", _short(method))
            return error_reply(msg_id, INTERNAL_ERROR, f"Internal error: {type(exc).__name__}.")
        return {"jsonrpc": "2.0", "id": msg_id, "result": result}

    def _dispatch(self, method: str, params: dict[str, Any], batched: bool) -> dict[str, Any]:
        if method not in METHODS:
            raise RpcError(
                METHOD_NOT_FOUND,
                f"Method not found: {_short(method)!r}. This server has tools only "
                "(initialize, ping, tools/list, tools/call).",
            )
        if method == "initialize":
            if batched:
                raise RpcError(INVALID_REQUEST, "Invalid Request: initialize may not be batched.")
            return self._initialize(params)
        if method == "ping":
            return {}
        if self.protocol_version is None:
            raise RpcError(
                INVALID_REQUEST,
                f"Invalid Request: {method} before initialize; {self.how_to_initialize}.",
            )
        if method == "tools/list":
            if params.get("cursor") is not None:
                raise RpcError(INVALID_PARAMS, "Invalid params: unknown cursor (one page only).")
            return {"tools": list(tool_list())}
        return self._call(params)

    def _initialize(self, params: dict[str, Any]) -> dict[str, Any]:
        asked = params.get("protocolVersion")
        if not isinstance(asked, str):
            raise RpcError(
                INVALID_PARAMS,
                'Invalid params: initialize needs "protocolVersion", a string such as '
                f'"{SUPPORTED_VERSIONS[0]}".',
            )
        self.protocol_version = asked if asked in SUPPORTED_VERSIONS else SUPPORTED_VERSIONS[0]
        return {
            "protocolVersion": self.protocol_version,
            "capabilities": {"tools": {"listChanged": False}},
            "serverInfo": server_info(),
            "instructions": INSTRUCTIONS,
        }

    def _call(self, params: dict[str, Any]) -> dict[str, Any]:
        name = params.get("name")
        names = ", ".join(SPECS)
        if not isinstance(name, str):
            raise RpcError(
                INVALID_PARAMS, f'Invalid params: "name" must be a tool name, one of: {names}.'
            )
        spec = SPECS.get(name)
        if spec is None:
            raise RpcError(INVALID_PARAMS, f"Unknown tool {_short(name)!r}; tools: {names}.")
        arguments = params.get("arguments")
        if arguments is None:
            arguments = {}
        if not isinstance(arguments, dict):
            raise RpcError(
                INVALID_PARAMS,
                f'Invalid params: "arguments" must be an object, not {describe(arguments)}.',
            )
        return call_tool(self.loader, spec, arguments)
