"""The tools as MCP sees them: their listing (input and output schemas) and one call's result.

Shared by both transports through `protocol.py`, so a tool answers the same over stdio and HTTP.
A call never raises: bad arguments, an index that failed to load or a bug in a tool all come
back as an `isError` result whose text says what went wrong.

Results are JSON text plus the same object as `structuredContent` (lists wrapped as
{"result": [...]}), whose fields the descriptions name. No tool declares an `outputSchema`:
the Python SDK client re-checks such a schema against the JSON Schema metaschema on every call
(about 9 ms, three times a search), and the hosts that feed tools to a model read the text.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from mcp_manim_docs.arguments import parse_arguments
from mcp_manim_docs.docs_service import DocsService
from mcp_manim_docs.tool_specs import READ_ONLY, TOOLS, ToolSpec, structured

SPECS = {spec.name: spec for spec in TOOLS}
log = logging.getLogger(__name__)


class ServiceLoader:
    """The docs service, loaded in a thread started at once, while the client shakes hands."""

    def __init__(self, load: Callable[[], DocsService] | None = None) -> None:
        self._service: DocsService | None = None
        self._error: str | None = None
        self._thread: threading.Thread | None = None
        if load is not None:
            self._thread = threading.Thread(target=self._load, args=(load,), daemon=True)
            self._thread.start()

    @classmethod
    def from_cache(cls, cache_dir: Path | None) -> ServiceLoader:
        from mcp_manim_docs.service_cache import load_service

        return cls(lambda: load_service(cache_dir))

    @classmethod
    def ready(cls, service: DocsService) -> ServiceLoader:
        loader = cls()
        loader._service = service
        return loader

    def _load(self, load: Callable[[], DocsService]) -> None:
        try:
            self._service = load()
        except BaseException as exc:  # reported to each caller of a tool, not lost
            self._error = f"{type(exc).__name__}: {exc}"
            log.exception("the docs index could not be loaded")

    def get(self) -> DocsService | str:
        """The service, or why there is none."""
        if self._thread is not None:
            self._thread.join()
        if self._service is None:
            return f"The docs index could not be loaded ({self._error}); see the server's log."
        return self._service


@cache
def tool_list() -> tuple[dict[str, Any], ...]:
    return tuple(
        {
            "name": spec.name,
            "description": spec.description,
            "inputSchema": spec.arguments.model_json_schema(),
            "annotations": READ_ONLY,
        }
        for spec in TOOLS
    )


def error_result(message: str) -> dict[str, Any]:
    return {"content": [{"type": "text", "text": message}], "isError": True}


def call_tool(loader: ServiceLoader, spec: ToolSpec, arguments: dict[str, Any]) -> dict[str, Any]:
    """The CallToolResult of one call (arguments already known to be an object)."""
    args = parse_arguments(spec.arguments, arguments)
    if isinstance(args, str):
        return error_result(f"Invalid arguments for {spec.name}: {args}.")
    service = loader.get()
    if isinstance(service, str):
        return error_result(service)
    try:
        value = spec.run(service, args)
    except Exception as exc:  # a bug: the caller gets a message, the log the traceback
        log.exception("tool %s failed", spec.name)
        return error_result(f"Internal error in {spec.name}: {type(exc).__name__}: {exc}")
    data = structured(value)
    if data is None:
        return {"content": [{"type": "text", "text": str(value)}], "isError": False}
    return {
        "content": [{"type": "text", "text": json.dumps(data, ensure_ascii=False, indent=2)}],
        "structuredContent": data,
        "isError": False,
    }
