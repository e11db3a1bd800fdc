"""The docs server on the MCP SDK (FastMCP): streamable HTTP, and in-memory sessions in tests.

Started by `server.serve`. Tools come from `tool_specs.TOOLS`; stdio is served by `stdio_server`,
which starts faster. Never imports manim: the indexes are built by child processes and loaded
from JSON here.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncGenerator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from mcp.server.fastmcp import Context, FastMCP
from mcp.types import ToolAnnotations

from mcp_manim_docs.arguments import normalize_arguments
from mcp_manim_docs.docs_service import DocsService
from mcp_manim_docs.tool_specs import INSTRUCTIONS, READ_ONLY, TOOLS, ToolSpec


@dataclass
class Loaded:
    """The service, loading in the background so the handshake is not kept waiting."""

    task: asyncio.Task[DocsService]

    async def service(self) -> DocsService:
        return await self.task


class TolerantFastMCP(FastMCP[Loaded]):
    """Maps misspelled or aliased argument names onto the tool's parameters before validation."""

    async def call_tool(self, name: str, arguments: dict[str, Any]) -> Any:
        tool = self._tool_manager.get_tool(name)
        if tool is not None:
            arguments = normalize_arguments(arguments, tool.parameters.get("properties", {}))
        return await super().call_tool(name, arguments)


def _tool_function(spec: ToolSpec) -> Callable[..., Any]:
    """An async function whose signature is the spec's arguments, as FastMCP expects."""

    async def tool(ctx: Context[Any, Loaded, Any], **arguments: Any) -> Any:
        service = await ctx.request_context.lifespan_context.service()
        return spec.run(service, spec.arguments.model_validate(arguments))

    parameters = [inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=Context)]
    for name, info in spec.arguments.model_fields.items():
        annotation = Annotated[info.annotation, info]  # keeps the description and default
        parameters.append(
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=info.default, annotation=annotation
            )
        )
    tool.__signature__ = inspect.Signature(parameters, return_annotation=spec.returns)  # type: ignore[attr-defined]
    return tool


def build_server(
    load: Callable[[], DocsService], host: str = "127.0.0.1", port: int = 8765
) -> FastMCP[Loaded]:
    """A server whose indexes come from `load` (run once, in a thread, at start-up)."""

    @asynccontextmanager
    async def lifespan(_: FastMCP[Loaded]) -> AsyncGenerator[Loaded]:
        task = asyncio.create_task(asyncio.to_thread(load))
        try:
            yield Loaded(task)
        finally:
            task.cancel()

    mcp = TolerantFastMCP(
        "manim-docs",
        instructions=INSTRUCTIONS,
        lifespan=lifespan,
        host=host,
        port=port,
        log_level="WARNING",
    )
    for spec in TOOLS:
        mcp.add_tool(
            _tool_function(spec),
            name=spec.name,
            description=spec.description,
            annotations=ToolAnnotations(
                readOnlyHint=READ_ONLY["readOnlyHint"],
                idempotentHint=READ_ONLY["idempotentHint"],
                openWorldHint=READ_ONLY["openWorldHint"],
            ),
            structured_output=spec.returns is not str,
        )
    return mcp
