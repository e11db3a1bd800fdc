"""The docs MCP server as clients use it: in memory, over a real stdio subprocess, over HTTP,
and through the MCP Inspector CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.types import CallToolResult, TextContent

from mcp_manim_docs.docs_service import DocsService
from tests.mcp_manim_docs.mcp_clients import http_server as start_http_server
from tests.mcp_manim_docs.mcp_clients import memory_session, server_env

ROOT = Path(__file__).resolve().parents[2]
GL = ROOT.parent / "shared" / "eval" / "gl"
TOOLS = {
    "search_manim_docs",
    "get_manim_doc",
    "list_manim_examples",
    "get_manim_example",
    "validate_manim_code",
    "manim_version",
}


@pytest.fixture(scope="module")
def service(index_dir: Path) -> DocsService:
    return DocsService.load(index_dir)


def text(result: CallToolResult) -> str:
    assert not result.isError, result
    return "\n".join(c.text for c in result.content if isinstance(c, TextContent))


def structured(result: CallToolResult) -> Any:
    assert not result.isError and result.structuredContent is not None, result
    return result.structuredContent


def search_symbols(result: CallToolResult) -> list[str]:
    return [r["symbol"] for r in structured(result)["results"]]


# --- in memory -----------------------------------------------------------------------------


async def test_tools_are_listed_read_only_with_descriptions(service: DocsService) -> None:
    async with memory_session(service) as session:
        init = await session.list_tools()
        assert {t.name for t in init.tools} == TOOLS
        for tool in init.tools:
            assert tool.description and len(tool.description) > 40
            assert tool.annotations is not None and tool.annotations.readOnlyHint is True


async def test_server_instructions_say_when_to_use_it(service: DocsService) -> None:
    async with memory_session(service) as session:
        init = await session.initialize()
    instructions = init.instructions or ""
    assert "ManimGL" in instructions and "search_manim_docs" in instructions


async def test_search_understands_tasks(service: DocsService) -> None:
    async with memory_session(service) as session:
        result = await session.call_tool(
            "search_manim_docs", {"query": "leave a trail behind a dot"}
        )
        symbols = search_symbols(result)
        assert "manim.TracedPath" in symbols
        results = structured(result)["results"]
        assert set(results[0]) == {"symbol", "kind", "signature", "summary", "code", "example"}
        traced = next(r for r in results if r["symbol"] == "manim.TracedPath")
        assert "TracedPath(" in traced["code"]  # one call reaches runnable code


async def test_search_tolerates_argument_names(service: DocsService) -> None:
    async with memory_session(service) as session:
        for args in (
            {"q": "zoom into part of the scene"},
            {"qeury": "zoom into part of the scene"},
        ):
            symbols = search_symbols(await session.call_tool("search_manim_docs", args))
            assert "manim.MovingCameraScene" in symbols, (args, symbols)
        limited = await session.call_tool("search_manim_docs", {"query": "circle", "top_k": 2})
        assert len(search_symbols(limited)) == 2


async def test_bad_input_gets_a_message_not_a_traceback(service: DocsService) -> None:
    async with memory_session(service) as session:
        empty = structured(await session.call_tool("search_manim_docs", {"query": "   "}))
        assert empty["results"] == [] and "Empty query" in empty["note"]
        huge = structured(await session.call_tool("search_manim_docs", {"query": "circle " * 5000}))
        assert huge["results"] and "cut" in huge["note"]
        unknown = text(await session.call_tool("get_manim_doc", {"symbol": "Axis.plott"}))
        assert "Did you mean" in unknown and "Axes.plot" in unknown
        assert "Traceback" not in unknown
        missing = text(await session.call_tool("get_manim_example", {"name": "NoSuchExample"}))
        assert "No example named" in missing
        big = structured(
            await session.call_tool("validate_manim_code", {"code": "x = 1\n" * 50_000})
        )
        assert big["ok"] is False and "limit" in big["problems"][0]["message"]


async def test_get_doc_is_tolerant_and_knows_old_names(service: DocsService) -> None:
    async with memory_session(service) as session:
        for symbol in ("Axes.plot", "manim.Axes.plot", "axes.plot", "AXES.PLOT()"):
            doc = text(await session.call_tool("get_manim_doc", {"symbol": symbol}))
            assert "x_range" in doc, symbol
        old = text(await session.call_tool("get_manim_doc", {"name": "ShowCreation"}))
        assert "Create" in old


async def test_examples_list_and_fetch(service: DocsService) -> None:
    async with memory_session(service) as session:
        listed = structured(await session.call_tool("list_manim_examples", {"query": "graph plot"}))
        names = [e["name"] for e in listed["result"]]
        assert names
        code = text(await session.call_tool("get_manim_example", {"name": names[0]}))
        compile(code, names[0], "exec")
        assert "from manim import" in code


async def test_validate_flags_every_gl_example(service: DocsService) -> None:
    async with memory_session(service) as session:
        for path in sorted(GL.glob("*.py")):
            result = structured(
                await session.call_tool("validate_manim_code", {"code": path.read_text()})
            )
            assert result["ok"] is False, path.name
            assert any(p["kind"] == "api" and p["suggestion"] for p in result["problems"]), (
                path.name
            )


async def test_version_matches_the_installed_manim(service: DocsService) -> None:
    from importlib.metadata import version

    async with memory_session(service) as session:
        info = structured(await session.call_tool("manim_version", {}))
        assert info["manim_version"] == version("manim")
        assert info["entries"] > 500 and info["examples"] > 100


# --- a real stdio subprocess ----------------------------------------------------------------


def test_the_entry_and_stdio_leave_the_mcp_sdk_unimported() -> None:
    """`tutor` imports the entry for every command, and stdio must start fast: neither pays for
    the SDK's import."""
    code = (
        "import sys, mcp_manim_docs.server, mcp_manim_docs.stdio_server, "
        "mcp_manim_docs.http_server; "
        "print(sorted(m for m in sys.modules if m == 'mcp' or m.startswith('mcp.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout


async def test_stdio_subprocess_with_the_mcp_client(index_dir: Path) -> None:
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "mcp_manim_docs", "--cache-dir", str(index_dir)],
        env=server_env(),
        cwd=str(ROOT),
    )
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        tools = await session.list_tools()
        assert {t.name for t in tools.tools} == TOOLS
        result = await session.call_tool(
            "search_manim_docs", {"query": "make a number change smoothly"}
        )
        symbols = search_symbols(result)
        assert {"manim.ValueTracker", "manim.DecimalNumber"} & set(symbols), symbols


def test_stdout_carries_protocol_messages_only(index_dir: Path) -> None:
    """Read the raw stream: every line the server writes to stdout must be a JSON-RPC message."""
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "raw-test", "version": "0"}}},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
            "name": "search_manim_docs", "arguments": {"query": "Axes.plot"}}},
        {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {
            "name": "validate_manim_code", "arguments": {"code": "from manim import *\nShowCreation\n"}}},
    ]  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "mcp_manim_docs", "--cache-dir", str(index_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=server_env(),
        cwd=ROOT,
    )
    assert proc.stdin is not None
    proc.stdin.write("".join(json.dumps(m) + "\n" for m in messages).encode())
    proc.stdin.flush()
    lines = []
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    while len(lines) < 3 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
    proc.stdin.close()
    proc.wait(timeout=30)
    rest = proc.stdout.read()
    assert len(lines) == 3, (lines, proc.stderr.read() if proc.stderr else b"")
    for raw in [*lines, *rest.splitlines()]:
        message = json.loads(raw)  # fails on any log line or stray print
        assert message["jsonrpc"] == "2.0"
    replies = {json.loads(line)["id"]: json.loads(line) for line in lines}
    assert "manim.Axes.plot" in json.dumps(replies[2]["result"])


# --- streamable HTTP ------------------------------------------------------------------------


@pytest.fixture
def http_server(index_dir: Path) -> Iterator[str]:
    command = [sys.executable, "-m", "agent.cli", "docs-mcp", "--cache-dir", str(index_dir)]
    with start_http_server(command) as url:
        yield url


async def test_http_transport(http_server: str) -> None:
    async with (
        streamable_http_client(http_server) as (read, write, _),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        result = await session.call_tool("get_manim_doc", {"symbol": "MovingCameraScene"})
        assert "MovingCameraScene" in text(result)
        search = await session.call_tool("search_manim_docs", {"query": "draw a dashed line"})
        assert "manim.DashedLine" in search_symbols(search)


# --- the MCP Inspector CLI ------------------------------------------------------------------


def inspector(*args: str, index_dir: Path) -> subprocess.CompletedProcess[str]:
    npx = shutil.which("npx")
    assert npx, "npx (Node.js) is required; `make setup` installs the inspector"
    return subprocess.run(
        [npx, "--no-install", "@modelcontextprotocol/inspector", "--cli",
         sys.executable, "-m", "mcp_manim_docs", "--cache-dir", str(index_dir), *args],
        capture_output=True, text=True, cwd=ROOT, timeout=180, env=server_env(),
    )  # fmt: skip


def test_inspector_cli_lists_tools_and_searches(index_dir: Path) -> None:
    listed = inspector("--method", "tools/list", index_dir=index_dir)
    assert listed.returncode == 0, listed.stderr
    assert {t["name"] for t in json.loads(listed.stdout)["tools"]} == TOOLS
    called = inspector(
        "--method", "tools/call", "--tool-name", "search_manim_docs",
        "--tool-arg", "query=put an object in the top left corner", index_dir=index_dir,
    )  # fmt: skip
    assert called.returncode == 0, called.stderr
    assert "to_corner" in called.stdout


# --- the stdio loop's protocol edges --------------------------------------------------------


def test_stdio_loop_answers_protocol_errors_as_json_rpc(service: DocsService) -> None:
    import io

    from mcp_manim_docs.protocol import McpSession
    from mcp_manim_docs.stdio_server import run_loop
    from mcp_manim_docs.tool_calls import ServiceLoader

    def call(msg_id: int, name: str, arguments: Any) -> bytes:
        params = {"name": name, "arguments": arguments}
        return json.dumps(
            {"jsonrpc": "2.0", "id": msg_id, "method": "tools/call", "params": params}
        ).encode()

    init = {
        "jsonrpc": "2.0",
        "id": 0,
        "method": "initialize",
        "params": {"protocolVersion": "2025-06-18"},
    }
    requests = [
        json.dumps(init).encode(),
        b"this is not json",
        json.dumps({"jsonrpc": "2.0", "id": 1, "method": "resources/list"}).encode(),
        call(2, "no_such_tool", {}),
        call(3, "search_manim_docs", {"query": "circle", "limit": "many"}),
        json.dumps({"jsonrpc": "2.0", "id": 4, "method": "ping"}).encode(),
    ]  # fmt: skip
    out = io.BytesIO()
    stdin = io.BytesIO(b"\n".join(requests) + b"\n")
    run_loop(McpSession(ServiceLoader.ready(service)), stdin, out)
    replies = [json.loads(line) for line in out.getvalue().splitlines()][1:]
    assert replies[0]["error"]["code"] == -32700
    assert (
        replies[1]["error"]["code"] == -32601 and "resources/list" in replies[1]["error"]["message"]
    )
    assert replies[2]["error"]["code"] == -32602
    assert "search_manim_docs" in replies[2]["error"]["message"]
    assert replies[3]["result"]["isError"] is True
    assert "`limit` must be an integer" in replies[3]["result"]["content"][0]["text"]
    assert replies[4] == {"jsonrpc": "2.0", "id": 4, "result": {}}
