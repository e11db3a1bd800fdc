"""`tutor docs-mcp --print-config CLIENT` prints a snippet that works as printed: spawned with a
bare PATH, an empty HOME and another working directory, it initializes, lists the tools and
answers a search."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mcp_manim_docs.server import CLIENTS
from tests.mcp_manim_docs.mcp_clients import ROOT, raw_stdio, server_env

SEARCH = {
    "jsonrpc": "2.0",
    "id": "search",
    "method": "tools/call",
    "params": {"name": "search_manim_docs", "arguments": {"query": "leave a trail behind a dot"}},
}


def tutor(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agent.cli", "docs-mcp", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=True,
    )


@pytest.fixture(scope="module")
def data_dir(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir as `make setup` leaves it: the indexes prebuilt under api-index/."""
    data = tmp_path_factory.mktemp("data")
    shutil.copytree(built, data / "api-index")
    return data


def command_of(client: str, printed: str) -> list[str]:
    if client == "claude-code":
        words = shlex.split(printed)
        assert words[:3] == ["claude", "mcp", "add"] and "manim-docs" in words
        return words[words.index("--") + 1 :]
    config = json.loads(printed)
    entry = config["servers" if client == "vscode" else "mcpServers"]["manim-docs"]
    assert entry.get("type", "stdio") == "stdio"
    return [entry["command"], *entry["args"]]


@pytest.mark.parametrize("client", CLIENTS)
def test_printed_config_starts_the_server(client: str, data_dir: Path, tmp_path: Path) -> None:
    env = {**server_env(), "TUTOR_DATA_DIR": str(data_dir)}
    command = command_of(client, tutor("--print-config", client, env=env).stdout)
    assert Path(command[0]).is_absolute() and command[1:3] == ["-m", "mcp_manim_docs"]
    assert command[3:] == ["--cache-dir", str((data_dir / "api-index").resolve())]
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    bare = {"PATH": "/usr/bin:/bin", "HOME": str(home)}
    with raw_stdio(data_dir, command=command, env=bare, cwd=elsewhere) as server:
        listed = server.request({"jsonrpc": "2.0", "id": "list", "method": "tools/list"})
        assert len(listed["result"]["tools"]) == 6
        reply = server.request(SEARCH)
        symbols = [r["symbol"] for r in reply["result"]["structuredContent"]["results"]]
        assert "manim.TracedPath" in symbols
    assert not any(home.iterdir())  # nothing needed from, or left in, the home directory


def test_build_index_is_quick_when_the_index_is_there(data_dir: Path) -> None:
    env = {**server_env(), "TUTOR_DATA_DIR": str(data_dir)}
    before = {p.name: p.stat().st_mtime for p in (data_dir / "api-index").iterdir()}
    start = time.monotonic()
    done = tutor("--build-index", env=env)
    assert time.monotonic() - start < 30 and "docs index ready" in done.stderr
    assert {p.name: p.stat().st_mtime for p in (data_dir / "api-index").iterdir()} == before


def test_the_module_prints_configs_too(built: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "mcp_manim_docs",
            "--print-config",
            "cursor",
            "--cache-dir",
            str(built),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=server_env(),
        check=True,
    ).stdout
    entry = json.loads(out)["mcpServers"]["manim-docs"]
    assert entry["command"] == os.path.abspath(sys.executable)
    assert entry["args"][-1] == str(built.resolve())
