"""CLI benchmark: `tutor render` as a fresh process ÷ raw `python -m manim render -ql` as a fresh
process, on the same scene files, taken in turns in this one run.

Each `tutor render` gets a fresh data dir (an empty render cache; the docs index, built once
per machine, linked in as `make setup` leaves it), so each one validates and renders for real.

Run with `make bench`; rewrites the "Command line" section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.report import replace_section
from tests.bench.run_bench import raw_render
from tools.check.api_index import installed_manim_version, load_api_index

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "BENCHMARKS.md"
SCENES = sorted((ROOT / "tests" / "bench" / "scenes").glob("*.py"))
REPEATS = 3


def tutor_render(scene: Path, data: Path, index: Path) -> float:
    data.mkdir()
    (data / "api-index").symlink_to(index, target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TUTOR_"))}
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "agent.cli", "render", str(scene), "--json"],
        capture_output=True, text=True, env={**env, "TUTOR_DATA_DIR": str(data)}, cwd=ROOT,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    result = json.loads(proc.stdout)
    if proc.returncode != 0 or not result["ok"] or result["cached"]:
        raise SystemExit(f"tutor render {scene.name} failed:\n{proc.stdout}\n{proc.stderr}")
    return elapsed


def main() -> None:
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        load_api_index(tmp / "index")
        for scene in SCENES:
            raws, ours = [], []
            for i in range(REPEATS):
                raws.append(raw_render(scene, tmp / f"raw-{scene.stem}-{i}"))
                ours.append(tutor_render(scene, tmp / f"tutor-{scene.stem}-{i}", tmp / "index"))
            rows.append((scene.stem, statistics.median(raws), statistics.median(ours)))
            print(f"  {scene.stem}: raw {rows[-1][1]:.2f} s, tutor {rows[-1][2]:.2f} s", flush=True)
    ratios = [ours / raw for _, raw, ours in rows]
    lines = [
        f"Taken by `make bench` in one run on {time.strftime('%Y-%m-%d')}: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, manim "
        f"{installed_manim_version()}, sandbox: bubblewrap. Each figure is the median of "
        f"{REPEATS} fresh processes, raw and ours taken in turns.",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| `tutor render FILE --json` as a fresh process (empty cache) ÷ raw "
        f"`python -m manim render -ql FILE` as a fresh process, median over {len(rows)} scenes | "
        f"**{statistics.median(ratios):.2f}** | ≤ 1.00 |",
        "",
        "| scene | raw manim (s) | `tutor render` (s) | ratio |",
        "|---|---|---|---|",
        *[f"| {name} | {raw:.2f} | {ours:.2f} | {ours / raw:.2f} |" for name, raw, ours in rows],
        "",
    ]
    replace_section(OUT, "Command line", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
