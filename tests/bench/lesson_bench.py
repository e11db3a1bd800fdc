"""Lesson-agent benchmarks, offline model, low quality: ratios against raw `manim render`.

Run with `make bench`; rewrites the "Lesson agent" section of docs/BENCHMARKS.md. The lesson and
the edit run as a user runs them (`tutor make`, `tutor edit`: fresh processes, empty render
cache); the raw renders of the very same scene code are taken in the same run.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from agent.settings import Settings
from agent.store.sqlite_store import SqliteLessonStore
from mcp_manim_docs.api_index import installed_manim_version, load_api_index
from tests.bench.report import replace_section
from tests.bench.run_bench import raw_render
from tools.assembler import ClipPart, assemble

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "BENCHMARKS.md"
PROMPT = "a short lesson on the Pythagorean theorem"
STITCH_REPEATS = 7


def tutor(data: Path, *args: str) -> tuple[float, dict[str, Any]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TUTOR_"))}
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "agent.cli", *args, "--json"],
        capture_output=True, text=True, env={**env, "TUTOR_DATA_DIR": str(data)}, cwd=ROOT,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"tutor {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return elapsed, json.loads(proc.stdout)


async def live_code(data: Path, lesson_id: str) -> list[str]:
    store = SqliteLessonStore.open(Settings(data_dir=data).db_path)
    try:
        user = await store.ensure_user("local")
        codes: list[str] = []
        for scene in await store.scenes(user, lesson_id):
            live = await store.current_version(user, lesson_id, scene.n)
            assert live is not None
            codes.append(live.code)
        return codes
    finally:
        store.close()


def raw_seconds(codes: list[str], tmp: Path) -> list[float]:
    times = []
    for i, code in enumerate(codes):
        scene = tmp / f"scene{i + 1}.py"
        scene.write_text(code)
        times.append(raw_render(scene, tmp / f"raw-media-{i}"))
    return times


async def stitch_seconds(view: dict[str, Any], tmp: Path) -> float:
    parts = [ClipPart(s["title"], Path(s["clip"]), "Narration. Two sentences.") for s in view["scenes"]]
    samples = []
    for i in range(STITCH_REPEATS):
        start = time.perf_counter()
        await assemble(parts, tmp / f"stitch-{i}")
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        data = tmp / "data"
        load_api_index(data / "api-index")  # built once up front, as `make setup` users have it
        print(f"tutor make {PROMPT!r}…", flush=True)
        make_s, made = tutor(data, "make", PROMPT)
        codes = await live_code(data, made["lesson"])
        print(f"raw renders of its {len(codes)} scenes…", flush=True)
        raws = raw_seconds(codes, tmp)
        print("tutor edit … 2 'make it red'…", flush=True)
        edit_s, edited = tutor(data, "edit", made["lesson"], "2", "make it red")
        assert [s["version"] for s in edited["scenes"]][:2] == [1, 2], edited
        edited_code = (await live_code(data, made["lesson"]))[1]
        [raw_edit] = raw_seconds([edited_code], tmp / "edit")
        stitch = await stitch_seconds(edited, tmp)
    write_report(len(codes), make_s, raws, edit_s, raw_edit, stitch)


def write_report(
    scenes: int, make_s: float, raws: list[float], edit_s: float, raw_edit: float, stitch: float
) -> None:
    lines = [
        f"Taken by `make bench` in one run on {time.strftime('%Y-%m-%d')}: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, manim {installed_manim_version()}, "
        "offline model, low quality, empty render cache. Ours are whole `tutor` processes (start-up, "
        "agent, docs MCP server, renders, stitching); raw is `python -m manim render -ql` of the same "
        "scene code, one after another.",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| `tutor make \"{PROMPT}\"` ({scenes} scenes) ÷ sum of raw renders of those scenes | "
        f"**{make_s / sum(raws):.2f}** ({make_s:.1f} s vs {sum(raws):.1f} s) | ≤ 0.60 |",
        f"| `tutor edit LESSON 2 \"make it red\"` ÷ one raw render of the new scene 2 | "
        f"**{edit_s / raw_edit:.2f}** ({edit_s:.1f} s vs {raw_edit:.1f} s) | ≤ 1.20 |",
        f"| stitching the {scenes}-scene lesson (stream copy, chapters, subtitles), median of "
        f"{STITCH_REPEATS} | **{stitch:.3f} s** | ≤ 0.3 s |",
        "",
        "Raw render of each scene (s): " + ", ".join(f"{t:.2f}" for t in raws),
        "",
    ]
    replace_section(OUT, "Lesson agent", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    asyncio.run(main())
