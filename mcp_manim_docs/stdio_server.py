"""MCP over stdio in a small JSON-RPC loop, so an IDE's agent gets its first answer fast.

Importing the MCP SDK costs about a second here (its package imports client, server and HTTP
stacks at once), which alone would spend the start-up budget; this loop needs only json and
pydantic. It speaks the subset of MCP a tools-only server needs: initialize, ping, tools/list,
tools/call, and ignores notifications. Tests drive it with the SDK's client and the Inspector.

stdout carries protocol messages only: file descriptor 1 is pointed at stderr at start-up, so
a stray print (ours or a library's, Python or C) cannot corrupt the stream.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from importlib.metadata import version
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError

from mcp_manim_docs.arguments import normalize_arguments
from mcp_manim_docs.docs_service import DocsService
from mcp_manim_docs.tool_specs import INSTRUCTIONS, READ_ONLY, TOOLS, ToolSpec, structured

SUPPORTED_VERSIONS = ("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05")
SPECS = {spec.name: spec for spec in TOOLS}
METHOD_NOT_FOUND, INVALID_PARAMS, PARSE_ERROR = -32601, -32602, -32700


class Service:
    """Loads the indexes in a thread started at once, while the client shakes hands."""

    def __init__(self, cache_dir: Path | None) -> None:
        self._service: DocsService | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._load, args=(cache_dir,), daemon=True)
        self._thread.start()

    def _load(self, cache_dir: Path | None) -> None:
        try:
            self._service = DocsService.load(cache_dir)
        except BaseException as exc:  # reported to the caller of a tool, not lost
            self._error = exc

    def get(self) -> DocsService:
        self._thread.join()
        if self._service is None:
            raise RuntimeError(f"the docs index could not be loaded: {self._error}")
        return self._service


def tool_list() -> list[dict[str, Any]]:
    return [
        {
            "name": spec.name,
            "description": spec.description,
            "inputSchema": spec.arguments.model_json_schema(),
            "annotations": READ_ONLY,
        }
        for spec in TOOLS
    ]


def call_tool(service: Service, spec: ToolSpec, arguments: dict[str, Any]) -> dict[str, Any]:
    fields = list(spec.arguments.model_fields)
    try:
        args = spec.arguments.model_validate(normalize_arguments(arguments, fields))
        value = spec.run(service.get(), args)
    except ValidationError as exc:
        return _error_result(f"Invalid arguments for {spec.name}: {exc.errors()[0]['msg']}.")
    except RuntimeError as exc:
        return _error_result(str(exc))
    data = structured(value)
    if data is None:
        return {"content": [{"type": "text", "text": str(value)}], "isError": False}
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return {
        "content": [{"type": "text", "text": text}],
        "structuredContent": data,
        "isError": False,
    }


def _error_result(message: str) -> dict[str, Any]:
    return {"content": [{"type": "text", "text": message}], "isError": True}


def handle(service: Service, message: dict[str, Any]) -> dict[str, Any] | None:
    """The reply to one message, or None for notifications."""
    method, msg_id, params = message.get("method"), message.get("id"), message.get("params") or {}
    if msg_id is None:
        return None  # notifications/initialized, cancellations: nothing to answer
    if method == "initialize":
        asked = params.get("protocolVersion")
        result: dict[str, Any] = {
            "protocolVersion": asked if asked in SUPPORTED_VERSIONS else SUPPORTED_VERSIONS[0],
            "capabilities": {"tools": {"listChanged": False}},
            "serverInfo": {"name": "manim-docs", "version": version("manim-tutor")},
            "instructions": INSTRUCTIONS,
        }
    elif method == "ping":
        result = {}
    elif method == "tools/list":
        result = {"tools": tool_list()}
    elif method == "tools/call":
        spec = SPECS.get(str(params.get("name")))
        if spec is None:
            names = ", ".join(SPECS)
            return _error(
                msg_id, INVALID_PARAMS, f"Unknown tool {params.get('name')!r}; tools: {names}"
            )
        result = call_tool(service, spec, params.get("arguments") or {})
    else:
        return _error(msg_id, METHOD_NOT_FOUND, f"Method not found: {method}")
    return {"jsonrpc": "2.0", "id": msg_id, "result": result}


def _error(msg_id: Any, code: int, message: str) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}}


def serve_stdio(cache_dir: Path | None = None) -> None:
    protocol_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything else written to stdout now lands on stderr
    sys.stdout = sys.stderr
    service = Service(cache_dir)
    run_loop(service, sys.stdin.buffer, protocol_out)


def run_loop(service: Service, stdin: BinaryIO, out: BinaryIO) -> None:
    for raw in stdin:
        if not raw.strip():
            continue
        try:
            message = json.loads(raw)
        except ValueError:
            reply: dict[str, Any] | None = _error(None, PARSE_ERROR, "Parse error: not JSON")
        else:
            reply = handle(service, message) if isinstance(message, dict) else None
        if reply is not None:
            out.write(json.dumps(reply, ensure_ascii=False).encode() + b"\n")
            out.flush()
