"""The docs server's entry: `python -m mcp_manim_docs` and `tutor docs-mcp` both start here.

The server, end to end:
- `docs_service.py` — what each tool does, as plain functions over indexes loaded once;
- `tool_specs.py` — each tool's name, description (the model's prompt) and input model;
- `arguments.py` — argument names tolerated, values validated with clear messages;
- `tool_calls.py` — the tool listing (schemas) and one call's result;
- `jsonrpc.py` + `protocol.py` — JSON-RPC on the wire, and MCP as one state machine;
- `stdio_server.py` (the default: IDE agents and our own agent) and `http_server.py`
  (streamable HTTP) — thin transports over that state machine, so both answer alike;
- `client_configs.py` — `--print-config`: the snippet an IDE needs for this checkout.
`serve()` below picks a transport. None imports the MCP SDK, which alone takes about a second
to import: the stdio start-up and every other `tutor` command are spared it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Literal

Transport = Literal["stdio", "http"]
CLIENTS = ("claude-code", "claude-desktop", "cursor", "vscode")


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
    from mcp_manim_docs.http_server import serve_http

    serve_http(cache_dir, host, port)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The server's options, on `python -m mcp_manim_docs` and on `tutor docs-mcp` alike."""
    parser.add_argument("--transport", choices=["stdio", "http"], default="stdio")
    parser.add_argument("--host", default="127.0.0.1", help="HTTP only; loopback unless told.")
    parser.add_argument("--port", type=int, default=8765, help="HTTP only.")
    parser.add_argument(
        "--cache-dir", type=Path, default=None, help="Where the built indexes are cached."
    )
    parser.add_argument(
        "--print-config",
        choices=CLIENTS,
        metavar="CLIENT",
        help=f"Print what adds this server to an MCP client ({', '.join(CLIENTS)}) and exit.",
    )
    parser.add_argument(
        "--build-index",
        action="store_true",
        help="Build the docs and API indexes into the cache dir if missing, then exit.",
    )


def run(args: argparse.Namespace, default_cache_dir: Path | None = None) -> None:
    """Serve as parsed by `add_arguments`; `tutor` passes its configured cache dir as default."""
    cache_dir: Path | None = args.cache_dir or default_cache_dir
    if args.print_config or args.build_index:
        from tools.check.api_index import default_cache_dir as tools_cache_dir

        cache_dir = cache_dir or tools_cache_dir()
        if args.build_index:
            build_indexes(cache_dir)
        if args.print_config:
            from mcp_manim_docs.client_configs import client_config

            print(client_config(args.print_config, cache_dir))
        return
    serve(args.transport, args.host, args.port, cache_dir)


def build_indexes(cache_dir: Path) -> None:
    """Build what the server loads at start-up (the indexes of this manim version and the
    service's snapshot), unless it is already there."""
    import sys

    from mcp_manim_docs.service_cache import load_service

    version = load_service(cache_dir, save_in_background=False).docs.manim_version
    print(f"manim {version} docs index ready in {cache_dir.resolve()}", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    """`python -m mcp_manim_docs [--transport stdio|http] [--host H] [--port N] [--cache-dir DIR]
    [--print-config CLIENT] [--build-index]`."""
    parser = argparse.ArgumentParser(
        prog="python -m mcp_manim_docs",
        description="MCP server with the documentation of the installed Manim CE.",
    )
    add_arguments(parser)
    run(parser.parse_args(argv))
