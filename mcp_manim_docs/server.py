"""The Manim docs MCP server: wires `DocsService` to MCP tools over stdio or streamable HTTP.

Never imports manim (on stdio its log lines would corrupt the protocol on stdout): the indexes
are built by child processes whose stdout goes nowhere, and loaded from JSON here.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from mcp.server.fastmcp import Context, FastMCP
from mcp.types import ToolAnnotations
from pydantic import Field

from mcp_manim_docs.arguments import normalize_arguments
from mcp_manim_docs.docs_service import DocsService, ExampleSummary, SearchAnswer, VersionInfo
from mcp_manim_docs.problems import CheckResult

INSTRUCTIONS = """\
Documentation of the Manim Community Edition (CE) version installed here, and a checker for
Manim code. Use it whenever you write or fix Manim code: LLMs often mix up ManimGL and old CE
APIs (ShowCreation, TextMobject, GraphScene, axes.get_graph...) and guess signatures.
- search_manim_docs: find the class or method for a task, in plain words ("zoom into part of the
  scene", "make a number change smoothly") or by name.
- get_manim_doc: the signature, parameters and examples of one symbol ("Axes.plot").
- list_manim_examples / get_manim_example: complete scenes that render.
- validate_manim_code: check code before rendering (syntax, unsafe constructs, API misuse, with
  the CE replacement for old API).
- manim_version: the version these docs describe.
"""

READ_ONLY = ToolAnnotations(readOnlyHint=True, idempotentHint=True, openWorldHint=False)


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


def build_server(
    load: Callable[[], DocsService], host: str = "127.0.0.1", port: int = 8000
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

    async def service(ctx: Context[Any, Loaded, Any]) -> DocsService:
        return await ctx.request_context.lifespan_context.service()

    @mcp.tool(annotations=READ_ONLY)
    async def search_manim_docs(
        ctx: Context[Any, Loaded, Any],
        query: Annotated[
            str, Field(description="What you want to do, in words, or a symbol name.")
        ] = "",
        limit: Annotated[int, Field(description="How many results (1-25).")] = 5,
    ) -> SearchAnswer:
        """Search the installed Manim CE's documentation and our how-to guides.

        Understands task phrasing ("leave a trail behind a dot", "zoom into part of the scene")
        as well as names ("Axes.plot"). Returns qualified symbols with signature and summary;
        follow up with get_manim_doc for details.
        """
        return (await service(ctx)).search(query, limit)

    @mcp.tool(annotations=READ_ONLY)
    async def get_manim_doc(
        ctx: Context[Any, Loaded, Any],
        symbol: Annotated[
            str, Field(description="e.g. 'Axes.plot', 'manim.MathTex', 'ValueTracker'.")
        ] = "",
    ) -> str:
        """Full documentation of one symbol: signature, parameters with defaults, returns, bases,
        related symbols and example names. Tolerates case, 'manim.' prefixes and module paths;
        ManimGL / removed names (ShowCreation, TextMobject, get_graph) get their CE replacement.
        """
        return (await service(ctx)).get_doc(symbol)

    @mcp.tool(annotations=READ_ONLY)
    async def list_manim_examples(
        ctx: Context[Any, Loaded, Any],
        query: Annotated[str, Field(description="Words to match; empty lists a selection.")] = "",
    ) -> list[ExampleSummary]:
        """Runnable example scenes from the docs and guides matching the words."""
        return (await service(ctx)).list_examples(query)

    @mcp.tool(annotations=READ_ONLY)
    async def get_manim_example(
        ctx: Context[Any, Loaded, Any],
        name: Annotated[str, Field(description="Example name from list_manim_examples.")] = "",
    ) -> str:
        """The complete code of an example scene (`from manim import *` + the Scene class)."""
        return (await service(ctx)).get_example(name)

    @mcp.tool(annotations=READ_ONLY)
    async def validate_manim_code(
        ctx: Context[Any, Loaded, Any],
        code: Annotated[str, Field(description="A complete scene file.")] = "",
    ) -> CheckResult:
        """Check Manim code without rendering: syntax errors, unsafe constructs (files,
        processes, eval), unknown names and keyword arguments, and ManimGL / removed API —
        each problem with its line and the CE replacement."""
        return (await service(ctx)).validate(code)

    @mcp.tool(annotations=READ_ONLY)
    async def manim_version(ctx: Context[Any, Loaded, Any]) -> VersionInfo:
        """The Manim CE version these docs describe, and the index size."""
        return (await service(ctx)).version()

    return mcp


Transport = Literal["stdio", "http"]


def serve(
    transport: Transport = "stdio",
    host: str = "127.0.0.1",
    port: int = 8765,
    cache_dir: Path | None = None,
) -> None:
    """Run the server until the client goes away (stdio) or the process is stopped (http)."""
    server = build_server(lambda: DocsService.load(cache_dir), host=host, port=port)
    server.run("stdio" if transport == "stdio" else "streamable-http")
