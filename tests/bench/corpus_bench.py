"""Real-world Manim code (tests/corpus) through the pipeline → docs/BENCHMARKS.md.

Needs a local copy of the corpus files (tests/corpus/README.md): they are public code from
other repositories and stay out of this one. Measures:
- Manim CE: of the scenes raw `manim render -ql` renders, how many render here (static check
  with the scene named, sandbox, cache), and why the others are refused;
- short ManimGL scenes: after `fix_code`, how many render, how many the check stops (with the
  line and reason), and how many fail only at render time (the check should have named them);
- ManimGL files: `check` and `fix` time per file, and that neither crashes.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from tests.bench.report import replace_section
from tests.corpus.manifest import CORPUS, CorpusFile, of_kind
from tools.check import ApiIndex, check_code, fix_code, load_api_index
from tools.render.engine import EngineConfig, RenderEngine
from tools.render.result import RenderOk
from tools.storage.local import LocalStorage

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "BENCHMARKS.md"


async def ce_scenes(engine: RenderEngine) -> tuple[int, dict[str, str]]:
    jobs = [(f, scene) for f in of_kind("ce") for scene in f.raw_ok]
    results = await asyncio.gather(*(engine.render(f.path.read_text(), s) for f, s in jobs))
    refused = {
        f"{f.path.name}::{scene}": f"{r.error.kind}: {r.error.message}"
        for (f, scene), r in zip(jobs, results, strict=True)
        if not isinstance(r, RenderOk)
    }
    return len(jobs), refused


async def gl_short(
    engine: RenderEngine, index: ApiIndex
) -> tuple[list[str], dict[str, str], dict[str, str]]:
    rendered: list[str] = []
    stopped: dict[str, str] = {}
    at_render: dict[str, str] = {}
    for gl in of_kind("gl_short"):
        fixed = fix_code(gl.path.read_text(), index).code
        scene = gl.scenes[0] if gl.scenes else None
        # As `tutor render --scene` checks: what that scene runs (other classes only warn).
        problems = check_code(fixed, index, scene=scene).problems
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            stopped[gl.path.name] = errors[0].message  # it starts with "line N:"
            continue
        result = await engine.render(fixed, scene)
        if isinstance(result, RenderOk):
            rendered.append(gl.path.name)
        else:
            at_render[gl.path.name] = f"{result.error.kind}: {result.error.message}"
    return rendered, stopped, at_render


def gl_files(index: ApiIndex) -> tuple[list[float], list[float], int, list[CorpusFile]]:
    check_s: list[float] = []
    fix_s: list[float] = []
    flagged = 0
    files = of_kind("gl_files")
    for gl in files:
        code = gl.path.read_text()
        start = time.perf_counter()
        flagged += not check_code(code, index).ok
        check_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        fix_code(code, index)
        fix_s.append(time.perf_counter() - start)
    return check_s, fix_s, flagged, files


def _listed(items: dict[str, str]) -> list[str]:
    return [f"- `{name}`: {why[:160]}" for name, why in sorted(items.items())]


async def run(data: Path) -> str:
    index = load_api_index(data / "api-index")
    config = EngineConfig(
        data_dir=data, workers=2, timeout_s=120.0, api_index_dir=data / "api-index"
    )
    engine = RenderEngine(config, LocalStorage(data / "cache"))
    ce_total, refused = await ce_scenes(engine)
    rendered, stopped, at_render = await gl_short(engine, index)
    check_s, fix_s, flagged, files = gl_files(index)
    repos = len({f.repo for f in of_kind("ce") if f.raw_ok})
    lines = [
        "| measure | result | target |",
        "|---|---|---|",
        f"| Manim CE scenes raw manim renders ({repos} repositories), rendered here "
        f"| **{ce_total - len(refused)} of {ce_total}** | all |",
        f"| short ManimGL scenes rendered after `tutor check --fix` "
        f"| **{len(rendered)} of {len(rendered) + len(stopped) + len(at_render)}** | ≥ 8 of 10 |",
        f"| of the others, stopped by the check (line and reason) | {len(stopped)} | all |",
        f"| of the others, failed only at render time | {len(at_render)} | 0 |",
        f"| `check` on real ManimGL files, median / max per file ({len(files)} files) "
        f"| **{statistics.median(check_s) * 1000:.0f} ms** / {max(check_s) * 1000:.0f} ms | — |",
        f"| `--fix` on the same files, median per file | {statistics.median(fix_s) * 1000:.0f} ms | — |",
        f"| ManimGL files the check flags (none may pass as CE; no crash) | {flagged} of {len(files)} | all |",
    ]
    if refused:
        lines += ["", "Manim CE scenes refused:", "", *_listed(refused)]
    if stopped:
        lines += ["", "ManimGL scenes the check stops after `--fix`:", "", *_listed(stopped)]
    if at_render:
        lines += ["", "ManimGL scenes that failed at render time:", "", *_listed(at_render)]
    return "\n".join(lines)


def main() -> None:
    if not of_kind("ce") or not of_kind("ce")[0].path.is_file():
        raise SystemExit(f"no corpus files under {CORPUS}: see tests/corpus/README.md")
    with tempfile.TemporaryDirectory() as tmp:
        body = asyncio.run(run(Path(tmp)))
    intro = (
        "The real-world corpus (tests/corpus/MANIFEST.tsv: public files with their repository, "
        "commit and licence; kept out of git), through the pipeline."
    )
    replace_section(OUT, "Real-world code", intro + "\n\n" + body)
    print(body)


if __name__ == "__main__":
    main()
