"""The official MCP TypeScript SDK's stdio client against `python -m mcp_manim_docs`: bad input
first, then a normal search that must answer (the Node side is ts_client.mjs)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.mcp_manim_docs.mcp_clients import ROOT

SCRIPT = Path(__file__).with_name("ts_client.mjs")


def error_code(reply: dict[str, Any]) -> int:
    return reply["error"]["code"]


def tool_text(reply: dict[str, Any]) -> str:
    assert reply["result"]["isError"] is True, reply
    return reply["result"]["content"][0]["text"]


def test_typescript_sdk_client_through_bad_input(built: Path) -> None:
    node = shutil.which("node")
    assert node, "Node.js is required; `make setup` installs it and the SDK"
    assert (ROOT / "node_modules" / "@modelcontextprotocol" / "sdk").is_dir(), "run `make setup`"
    python = str(Path(sys.executable).absolute())
    run = subprocess.run(
        [node, str(SCRIPT), python, str(built)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout)
    raw = report["raw"]

    early = report["before_initialize"]
    assert (
        error_code(early["early"]) == -32600 and "initialize" in early["early"]["error"]["message"]
    )
    assert early["init"]["result"]["serverInfo"]["name"] == "manim-docs"
    assert early["late"]["result"]["isError"] is False

    for case in ("params-list", "params-string", "params-number"):
        assert error_code(raw[f'"{case}"']) == -32602, case
    for case in ("args-list", "args-string", "args-number", "name-number"):
        assert error_code(raw[f'"{case}"']) == -32602, case
    assert "`query` must be a string" in tool_text(raw['"query-number"'])
    assert "`limit` must be an integer" in tool_text(raw['"limit-word"'])
    for case in ("limit-zero", "limit-huge"):
        assert "from 1 to 25" in tool_text(raw[f'"{case}"']), case
    for case in ("surrogate-raw", "bad-utf8"):
        assert raw[f'"{case}"']["result"]["structuredContent"]["results"], case
    assert error_code(raw['"unknown-method"']) == -32601
    assert raw['["id-list"]']["id"] is None and error_code(raw['["id-list"]']) == -32600
    assert [error_code(r) for r in raw['"batch-1"']] == [-32600, -32600]  # no batches in 2025-11-25
    assert (
        error_code(raw['"oversized"']) == -32600
        and "larger than" in raw['"oversized"']["error"]["message"]
    )

    api = report["api"]
    assert api["unknown_tool"]["code"] == -32602 and "no_such_tool" in api["unknown_tool"]["thrown"]
    validate = api["validate_empty"]["result"]
    assert validate["isError"] is True and "`code` is required" in validate["content"][0]["text"]
    assert api["surrogate"]["result"]["isError"] is False
    assert len(api["tools"]) == 6
    search = api["search"]["result"]
    assert search["isError"] is False
    symbols = [r["symbol"] for r in search["structuredContent"]["results"]]
    assert {"manim.ValueTracker", "manim.DecimalNumber"} & set(symbols), symbols
    from importlib.metadata import version

    assert report["server"] == {
        "name": "manim-docs",
        "title": "Manim CE docs",
        "version": version("manim-tutor"),
    }
