"""The Convex lesson store against SQLite: (1) one store call's median latency against the
stand-in Convex server (our real functions in convex-test, on 127.0.0.1), over each Convex
client; (2) in the running app, a 5-scene lesson from prompt to the whole lesson playable in a
real browser with `TUTOR_STORE=convex` ÷ the same with SQLite.

Run with `make bench`; rewrites the "Lessons in Convex" section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import asyncio
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from lessons.store.convex_store import ConvexLessonStore
from lessons.store.protocol import LessonStore
from lessons.store.records import ClipFiles, SceneDraft
from lessons.store.sqlite_store import SqliteLessonStore
from tests.bench.report import replace_section
from tests.bench.s3_bench import one_lesson
from tests.convex_server import SECRET, ConvexTestServer
from tools.check.api_index import installed_manim_version, load_api_index

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "BENCHMARKS.md"
CALLS = 200  # per operation and store
RUNS = 5  # app lessons per store, alternating (the machine is shared: medians need several)
DRAFTS = [SceneDraft(title=f"S{i}", goal="g", narration="n", visual="v") for i in range(5)]


async def median_ms(call: Callable[[], Awaitable[Any]]) -> float:
    times: list[float] = []
    for _ in range(CALLS):
        start = time.perf_counter()
        await call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def store_latency(store: LessonStore) -> dict[str, float]:
    ada = await store.ensure_user("ada")
    lesson = await store.create_lesson(ada, "T", "p", "chat", "low", DRAFTS)

    async def add_and_finish() -> None:
        version = await store.add_version(ada, lesson.id, 2, "code", "edit")
        await store.set_status(ada, version.id, "ok", clip=ClipFiles(clip_key="c.mp4"))

    return {
        "get_lesson (query)": await median_ms(lambda: store.get_lesson(ada, lesson.id)),
        "current_version (query)": await median_ms(
            lambda: store.current_version(ada, lesson.id, 2)
        ),
        "add_version + set_status ok (2 mutations)": await median_ms(add_and_finish),
    }


async def main() -> None:
    server = ConvexTestServer()
    server.start()
    latency: dict[str, dict[str, float]] = {}
    app: dict[str, list[float]] = {"sqlite": [], "convex": []}
    scenes = 0
    try:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            with SqliteLessonStore.open(tmp / "bench.db") as sqlite:
                latency["SQLite"] = await store_latency(sqlite)
            for transport in ("http", "websocket"):
                server.reset()
                convex = ConvexLessonStore.open(server.url, SECRET, transport)
                latency[f"Convex ({transport})"] = await store_latency(convex)
            load_api_index(tmp / "index")
            for run in range(RUNS):
                for store in ("sqlite", "convex") if run % 2 == 0 else ("convex", "sqlite"):
                    server.reset()
                    env = {} if store == "sqlite" else {
                        "TUTOR_STORE": "convex", "CONVEX_URL": server.url,
                        "TUTOR_CONVEX_SECRET": SECRET,
                    }  # fmt: skip
                    print(f"run {run + 1}/{RUNS}, {store} store…", flush=True)
                    seconds, scenes = await one_lesson(tmp, tmp / "index", f"{store}-{run}", env)
                    app[store].append(seconds)
    finally:
        server.stop()
    ops = list(latency["SQLite"])
    lite, cvx = statistics.median(app["sqlite"]), statistics.median(app["convex"])
    each = {k: ", ".join(f"{t:.1f}" for t in v) for k, v in app.items()}
    lines = [
        f"Taken by `make bench` in one run on {time.strftime('%Y-%m-%d')}: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, manim "
        f"{installed_manim_version()}. Convex is the stand-in server of the tests (our functions "
        "in convex-test under Node, on this machine), so these numbers leave out the network "
        "to a real deployment and its own speed.",
        "",
        f"One store call, median of {CALLS} (ms):",
        "",
        "| call | " + " | ".join(latency) + " |",
        "|---|" + "---|" * len(latency),
        *(f"| {op} | " + " | ".join(f"{latency[s][op]:.2f}" for s in latency) + " |" for op in ops),
        "",
        f"In the running app: a {scenes}-scene lesson, from the prompt to the whole lesson "
        "playable in headless Chromium, offline model, low quality, a fresh app and empty "
        f"render cache each time; {RUNS} lessons per store, alternating; medians shown.",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| SQLite (s: {each['sqlite']}) | {lite:.1f} s | |",
        f"| Convex, http transport (s: {each['convex']}) | {cvx:.1f} s | |",
        f"| Convex ÷ SQLite | **{cvx / lite:.2f}** | ≤ 1.15 |",
        "",
    ]
    replace_section(OUT, "Lessons in Convex", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    asyncio.run(main())
