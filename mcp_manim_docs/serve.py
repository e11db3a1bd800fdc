"""Run the docs server on a transport."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

Transport = Literal["stdio", "http"]


def serve(
    transport: Transport = "stdio",
    host: str = "127.0.0.1",
    port: int = 8765,
    cache_dir: Path | None = None,
) -> None:
    """Serve until the client goes away (stdio) or the process is stopped (http)."""
    if transport == "stdio":
        from mcp_manim_docs.stdio_server import serve_stdio

        serve_stdio(cache_dir)
        return
    from mcp_manim_docs.docs_service import DocsService
    from mcp_manim_docs.server import build_server

    build_server(lambda: DocsService.load(cache_dir), host=host, port=port).run("streamable-http")
