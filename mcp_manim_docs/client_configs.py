"""`--print-config CLIENT`: the exact snippet that starts this checkout's docs server from an IDE.

IDEs and desktop apps start MCP servers with a bare environment (often no shell PATH, another
working directory), so the snippet names everything by absolute path: this interpreter (the
virtualenv's, which has the project and its dependencies), `-m mcp_manim_docs`, and the cache
directory holding the prebuilt index (`make setup` builds it), so the first answer is fast.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path

SERVER_NAME = "manim-docs"


def server_command(cache_dir: Path) -> list[str]:
    """The command line an MCP client runs: absolute paths only, nothing looked up on PATH."""
    # Not resolved: a virtualenv's python is a symlink, and only its own path finds the venv.
    python = os.path.abspath(sys.executable)
    return [python, "-m", "mcp_manim_docs", "--cache-dir", str(cache_dir.resolve())]


def client_config(client: str, cache_dir: Path) -> str:
    """What to paste (or, for Claude Code, run) to add the server to `client`."""
    command, *args = server_command(cache_dir)
    if client == "claude-code":
        return shlex.join(
            ["claude", "mcp", "add", "--scope", "user", SERVER_NAME, "--", command, *args]
        )
    if client == "vscode":  # .vscode/mcp.json
        servers = {"servers": {SERVER_NAME: {"type": "stdio", "command": command, "args": args}}}
        return json.dumps(servers, indent=2)
    if client in ("claude-desktop", "cursor"):  # claude_desktop_config.json, .cursor/mcp.json
        return json.dumps(
            {"mcpServers": {SERVER_NAME: {"command": command, "args": args}}}, indent=2
        )
    raise ValueError(f"unknown client {client!r}")
