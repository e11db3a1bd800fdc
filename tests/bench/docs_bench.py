"""Docs MCP server benchmarks → the "Docs server" section of docs/BENCHMARKS.md.

Measures: index build time and size (cold), stdio spawn → initialize → first search answer,
20 concurrent calls on one HTTP session, in-process search latency, recall@5, and how many
docstring examples render through the sandbox (and, for those that do not, whether raw manim
renders them).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

from mcp_manim_docs.search_answer import DEFAULT_MAX_CHARS
from mcp_manim_docs.service_cache import load_service
from tests.bench.report import replace_section
from tests.mcp_manim_docs.answer_measures import measure_answers, real_question_recall
from tests.mcp_manim_docs.example_render import render_check_examples
from tests.mcp_manim_docs.mcp_clients import http_server, server_command
from tests.mcp_manim_docs.search_latency import measure_search_latency
from tests.mcp_manim_docs.test_search import REAL_QUESTIONS, load_queries, recall_at_5
from tools.check.api_index import installed_manim_version
from tools.render.engine import EngineConfig, RenderEngine
from tools.storage.local import LocalStorage

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "BENCHMARKS.md"
SPAWNS = int(os.environ.get("BENCH_SPAWNS", "7"))
CONCURRENT, ROUNDS = 20, 5


def cold_build(cache: Path) -> tuple[float, int]:
    """Build the indexes and the service snapshot as `make setup` does; (seconds, bytes)."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mcp_manim_docs", "--build-index", "--cache-dir", str(cache)],
        check=True,
        cwd=ROOT,
    )
    elapsed = time.perf_counter() - start
    size = sum(f.stat().st_size for f in cache.rglob("*") if f.is_file())
    return elapsed, size


async def spawn_to_first_answer(cache: Path) -> float:
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "mcp_manim_docs", "--cache-dir", str(cache)],
        cwd=str(ROOT),
    )
    start = time.perf_counter()
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        result = await session.call_tool("search_manim_docs", {"query": "plot a function"})
        elapsed = time.perf_counter() - start
        assert not result.isError
    return elapsed


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


async def http_concurrency(cache: Path, queries: list[str]) -> tuple[float, float]:
    """p95 latency (s) of CONCURRENT search calls at once on one HTTP session, over ROUNDS
    rounds: through the MCP Python SDK's client, and as plain HTTP POSTs (the server's share)."""
    with http_server(server_command(cache)) as url:
        return await measure_http(url, queries[:CONCURRENT])


async def measure_http(url: str, batch: list[str]) -> tuple[float, float]:
    """The measurement of `http_concurrency`, on a server already listening at `url`."""
    sdk: list[float] = []
    async with (
        streamable_http_client(url) as (read, write, _),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        await session.call_tool("search_manim_docs", {"query": "warm up"})

        async def sdk_call(query: str) -> None:
            start = time.perf_counter()
            result = await session.call_tool("search_manim_docs", {"query": query})
            sdk.append(time.perf_counter() - start)
            assert not result.isError

        for _ in range(ROUNDS):
            await asyncio.gather(*(sdk_call(q) for q in batch))
    plain: list[float] = []
    async with httpx.AsyncClient(timeout=60) as client:
        init = {"jsonrpc": "2.0", "id": 0, "method": "initialize",
                "params": {"protocolVersion": "2025-11-25"}}  # fmt: skip
        headers = {"mcp-session-id": (await client.post(url, json=init)).headers["mcp-session-id"]}

        async def plain_call(n: int, query: str) -> None:
            params = {"name": "search_manim_docs", "arguments": {"query": query}}
            body = {"jsonrpc": "2.0", "id": n, "method": "tools/call", "params": params}
            start = time.perf_counter()
            reply = await client.post(url, json=body, headers=headers)
            plain.append(time.perf_counter() - start)
            assert reply.json()["result"]["isError"] is False

        for _ in range(ROUNDS):
            await asyncio.gather(*(plain_call(n, q) for n, q in enumerate(batch)))
    return p95(sdk), p95(plain)


def raw_manim_renders(code: str, name: str, work: Path) -> bool:
    scene = work / f"{name}.py"
    scene.write_text(code)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "manim",
            "render",
            "-ql",
            "--media_dir",
            str(work / "media"),
            str(scene),
            name,
        ],
        capture_output=True,
        timeout=300,
    )
    return proc.returncode == 0


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        cache = tmp / "cache"
        print("cold index build…", flush=True)
        build_s, size = cold_build(cache)
        load_start = time.perf_counter()
        service = load_service(cache)  # what a server does at start-up: read the snapshot
        load_s = time.perf_counter() - load_start
        print("stdio spawn → first answer…", flush=True)
        spawns = [await spawn_to_first_answer(cache) for _ in range(SPAWNS)]
        queries = load_queries()
        print(f"HTTP: {CONCURRENT} concurrent calls on one session…", flush=True)
        http_sdk_p95, http_plain_p95 = await http_concurrency(cache, [q for q, _ in queries])
        p50, p95 = measure_search_latency(service.search_engine, [q for q, _ in queries])
        recall, misses = recall_at_5(service.search_engine, queries)
        real_at1, real_at5, real_misses = real_question_recall(service.search_engine)
        asked = [q for q, _ in [*queries, *load_queries(REAL_QUESTIONS)]]
        answers = measure_answers(service, asked)
        print(f"examples: rendering {len(service.docs.examples)} through the sandbox…", flush=True)
        engine = RenderEngine(
            EngineConfig(
                data_dir=tmp / "render",
                workers=os.cpu_count() or 2,
                api_index_dir=cache,
                timeout_s=240,
            ),
            LocalStorage(tmp / "render" / "cache"),
        )
        ok_names, failed = await render_check_examples(engine, list(service.docs.examples.values()))
        (tmp / "raw").mkdir()
        raw_ok = {
            name: raw_manim_renders(service.docs.examples[name].code, name, tmp / "raw")
            for name in failed
        }
    lines = [
        f"Taken by `make bench` on {time.strftime('%Y-%m-%d')}, manim {installed_manim_version()}.",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| stdio spawn → initialize → first search answer (median of {SPAWNS}) | **{statistics.median(spawns) * 1000:.0f} ms** | ≤ 800 ms |",
        f"| HTTP, {CONCURRENT} concurrent search calls on one session, p95 ({ROUNDS} rounds; MCP Python SDK client / plain HTTP POSTs) | **{http_sdk_p95 * 1000:.0f} ms** / {http_plain_p95 * 1000:.0f} ms | ≤ 250 ms |",
        f"| search latency in-process, p50 / p95 ({len(queries)} queries) | **{p50:.2f} / {p95:.2f} ms** | p95 ≤ 10 ms |",
        f"| recall@5 on tests/mcp_manim_docs/docs_queries.tsv | **{recall:.2f}** | ≥ 0.9 |",
        f"| recall@5 / recall@1 on real user questions (tests/mcp_manim_docs/real_questions.tsv) | **{real_at5:.2f} / {real_at1:.2f}** | ≥ 0.95 / ≥ 0.75 |",
        f"| search answer with code, default budget ({DEFAULT_MAX_CHARS} chars), {answers.answers} queries: top result with code / any result with code / within budget | **{answers.top_with_code:.0%} / {answers.any_code:.0%} / {answers.within_budget:.0%}** | code in one call, always within budget |",
        f"| search answer size, median / max | {answers.median_chars:.0f} / {answers.max_chars} chars | ≤ {DEFAULT_MAX_CHARS} |",
        f"| search answer (search + snippets + budget) in-process, p50 / p95 | {answers.median_ms:.2f} / {answers.p95_ms:.2f} ms | — |",
        f"| index build, cold (`--build-index`: a child process imports manim and introspects; then the snapshot) | {build_s:.1f} s | — |",
        f"| index size on disk (with the snapshot) | {size / 1e6:.1f} MB | — |",
        f"| index load, warm (server start-up work: reading the snapshot) | {load_s * 1000:.0f} ms | — |",
        f"| docstring / guide examples rendered through the sandbox | **{len(ok_names)} of {len(ok_names) + len(failed)}** | all that raw manim renders |",
        f"| of the others, rendered by raw `manim render -ql` | {sum(raw_ok.values())} of {len(raw_ok)} | 0 |",
        "",
    ]
    if failed:
        lines += ["Examples that did not render through the sandbox:", ""]
        lines += [
            f"- `{name}` ({err}){' — raw manim renders it' if raw_ok.get(name) else ' — raw manim fails too'}"
            for name, err in sorted(failed.items())
        ]
        lines.append("")
    if misses:
        lines += ["Search misses (query → top 5):", ""] + [f"- {m}" for m in misses] + [""]
    if real_misses:
        lines += ["Real questions missed (query → top 5):", ""]
        lines += [f"- {m}" for m in real_misses] + [""]
    replace_section(OUT, "Docs server", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    asyncio.run(main())
