"""Command line of the docs server (shared by `python -m mcp_manim_docs` and `tutor docs-mcp`)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--transport", choices=["stdio", "http"], default="stdio")
    parser.add_argument("--host", default="127.0.0.1", help="HTTP only; loopback unless told.")
    parser.add_argument("--port", type=int, default=8765, help="HTTP only.")
    parser.add_argument(
        "--cache-dir", type=Path, default=None, help="Where the built indexes are cached."
    )


def run(args: argparse.Namespace, default_cache_dir: Path | None = None) -> None:
    from mcp_manim_docs.serve import serve  # deferred: the MCP stack is slow to import

    serve(args.transport, args.host, args.port, args.cache_dir or default_cache_dir)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m mcp_manim_docs",
        description="MCP server with the documentation of the installed Manim CE.",
    )
    add_arguments(parser)
    run(parser.parse_args(argv))
