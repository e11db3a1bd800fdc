"""The docs server's entry: `python -m mcp_manim_docs` and `tutor docs-mcp` both start here.

The server, end to end:
- `docs_service.py` — what each tool does, as plain functions over indexes loaded once;
- `tool_specs.py` — each tool's name, description (the model's prompt) and input model;
- `arguments.py` — the misspelled argument names both transports accept;
- `stdio_server.py` — stdio, a small JSON-RPC loop (the default: IDE agents and our own agent);
- `fastmcp_server.py` — streamable HTTP, and in-memory sessions in tests, on the SDK's FastMCP.
`serve()` below picks one. Transports are imported only when chosen: the MCP SDK alone takes
about a second to import, which the stdio start-up and every other `tutor` command are spared.
"""

from __future__ import annotations

import argparse
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
    from mcp_manim_docs.fastmcp_server import build_server

    build_server(lambda: DocsService.load(cache_dir), host=host, port=port).run("streamable-http")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The server's options, on `python -m mcp_manim_docs` and on `tutor docs-mcp` alike."""
    parser.add_argument("--transport", choices=["stdio", "http"], default="stdio")
    parser.add_argument("--host", default="127.0.0.1", help="HTTP only; loopback unless told.")
    parser.add_argument("--port", type=int, default=8765, help="HTTP only.")
    parser.add_argument(
        "--cache-dir", type=Path, default=None, help="Where the built indexes are cached."
    )


def run(args: argparse.Namespace, default_cache_dir: Path | None = None) -> None:
    """Serve as parsed by `add_arguments`; `tutor` passes its configured cache dir as default."""
    serve(args.transport, args.host, args.port, args.cache_dir or default_cache_dir)


def main(argv: list[str] | None = None) -> None:
    """`python -m mcp_manim_docs [--transport stdio|http] [--host H] [--port N] [--cache-dir DIR]`."""
    parser = argparse.ArgumentParser(
        prog="python -m mcp_manim_docs",
        description="MCP server with the documentation of the installed Manim CE.",
    )
    add_arguments(parser)
    run(parser.parse_args(argv))
