"""Streaming benchmark: how soon clips exist while a real-speed model is still writing.

The model is a local OpenAI-compatible server (the real OpenAI client over HTTP) that streams
its tool calls' arguments in 4-character chunks at 50 chunks (about 50 tokens) a second: a plan,
then five ~0.5 kB scenes in one response, then `render_scenes` in another round trip, then
`assemble_lesson`, then a short answer. The tutor runs in-process as the chat app runs it
(warm sandboxes, idle for 3 s before the prompt), voice off so that clips are the scene alone,
as raw `manim render` makes them. Raw renders of the same five scenes are taken in the same run.

Run with `make bench`; rewrites the "Rendering while the model writes" section of
docs/BENCHMARKS.md.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent.providers import choose_model
from agent.settings import Settings
from agent.tutor import TurnObserver, Tutor
from lessons.progress import SceneProgress
from tests.agent.model_stub import Chunk, StubServer, chunk, text_reply
from tests.bench.report import replace_section
from tests.bench.run_bench import raw_render
from tests.http_stubs import serving
from tools.check.api_index import installed_manim_version, load_api_index

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "BENCHMARKS.md"
SCENES = sorted((ROOT / "tests" / "bench" / "scenes").glob("*.py"))
TOKENS_PER_S = 50.0
CHUNK_CHARS = 4  # about one token
RUNS = 3
SECTION = "Rendering while the model writes"


@dataclass
class Clock:
    """When each scene's code was fully sent, and when each clip (and the lesson) existed."""

    code_sent: dict[int, float] = field(default_factory=dict[int, float])
    clip: dict[int, float] = field(default_factory=dict[int, float])
    stitch_started: float = 0.0
    lesson: float = 0.0

    def progress(self, event: SceneProgress) -> None:
        now = time.perf_counter()
        if event.n == 0 and event.stage == "assembling":
            self.stitch_started = now
        elif event.n == 0 and event.stage == "done":
            self.lesson = now
        elif event.stage == "done":
            self.clip.setdefault(event.n, now)


class PacedModel:
    """The stub's script, sending each tool call's arguments at the token rate."""

    def __init__(self, codes: list[str], clock: Clock) -> None:
        self.codes = codes
        self.clock = clock

    def __call__(self, body: dict[str, Any]) -> Iterator[Chunk]:
        results = sum(1 for m in body["messages"] if m["role"] == "tool")
        if results == 0:
            yield from self.calls([("plan_lesson", {"plan": plan(len(self.codes))})], 1)
        elif results == 1:
            writes = [
                ("write_scene_code", {"scene": n, "code": c}) for n, c in enumerate(self.codes, 1)
            ]
            yield from self.calls(writes, 2)
        elif results == 1 + len(self.codes):
            yield from self.calls([("render_scenes", {"scenes": None})], 10)
        elif results == 2 + len(self.codes):
            yield from self.calls([("assemble_lesson", {})], 11)
        else:
            yield from text_reply(["Your ", "lesson ", "is ", "ready."])

    def calls(self, calls: list[tuple[str, dict[str, Any]]], first_id: int) -> Iterator[Chunk]:
        for i, (name, args) in enumerate(calls):
            text = json.dumps(args)
            head = {"index": i, "id": f"call_{first_id + i}", "type": "function"}
            yield chunk({"tool_calls": [{**head, "function": {"name": name, "arguments": ""}}]})
            for start in range(0, len(text), CHUNK_CHARS):
                time.sleep(1 / TOKENS_PER_S)
                piece = {"index": i, "function": {"arguments": text[start : start + CHUNK_CHARS]}}
                yield chunk({"tool_calls": [piece]})
            if name == "write_scene_code":
                self.clock.code_sent[args["scene"]] = time.perf_counter()
        yield chunk({}, "tool_calls")


def plan(count: int) -> dict[str, Any]:
    return {
        "title": "Five scenes",
        "scenes": [
            {
                "title": scene.stem.replace("_", " "),
                "goal": f"See {scene.stem.replace('_', ' ')}.",
                "narration": f"Scene {n} shows {scene.stem.replace('_', ' ')}.",
                "visual": "As in the code.",
            }
            for n, scene in enumerate(SCENES[:count], start=1)
        ],
    }


async def one_lesson(tmp: Path, index: Path, name: str) -> Clock:
    data = tmp / name
    data.mkdir()
    (data / "api-index").symlink_to(index, target_is_directory=True)
    clock = Clock()
    codes = [scene.read_text() for scene in SCENES]
    with serving(StubServer(PacedModel(codes, clock))) as stub:
        settings = Settings(data_dir=data, model="stub", model_base_url=stub.base_url)
        tutor = await Tutor.open(settings, model=choose_model(settings).model, docs_mcp=False)
        try:
            await asyncio.sleep(3.0)  # idle, as the app is between messages: sandboxes warm up
            user = await tutor.user("ada")
            start = time.perf_counter()
            result = await tutor.turn(
                user, "bench", "a lesson", observer=TurnObserver(progress=clock.progress)
            )
            assert result.ok and len(clock.clip) == len(codes), result.reply
        finally:
            await tutor.close()
    # Every time relative to the prompt.
    clock.code_sent = {n: t - start for n, t in clock.code_sent.items()}
    clock.clip = {n: t - start for n, t in clock.clip.items()}
    clock.stitch_started -= start
    clock.lesson -= start
    return clock


async def main() -> None:
    os.environ["TUTOR_VOICE"] = "none"  # clips are the scene alone, as raw renders are
    clocks: list[Clock] = []
    raws: dict[int, list[float]] = {n: [] for n in range(1, len(SCENES) + 1)}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        load_api_index(tmp / "index")
        for run in range(RUNS):
            print(f"lesson {run + 1}/{RUNS}…", flush=True)
            clocks.append(await one_lesson(tmp, tmp / "index", f"run-{run}"))
            c = clocks[-1]
            print(
                f"  code sent {c.code_sent}\n  clips {c.clip}\n  lesson {c.lesson:.1f}", flush=True
            )
            for n, scene in enumerate(SCENES, start=1):
                raws[n].append(raw_render(scene, tmp / f"raw-{run}-{n}"))
    raw = {n: statistics.median(times) for n, times in raws.items()}
    last = len(SCENES)
    lag = [(c.clip[1] - c.code_sent[1]) / raw[1] for c in clocks]
    first = [c.clip[1] / (c.code_sent[1] + raw[1]) for c in clocks]
    stitch = [c.lesson - c.stitch_started for c in clocks]
    whole = [
        c.lesson / (c.code_sent[last] + raw[last] + s) for c, s in zip(clocks, stitch, strict=True)
    ]
    write_report(clocks, raw, lag, first, whole, stitch)


def write_report(
    clocks: list[Clock],
    raw: dict[int, float],
    lag: list[float],
    first: list[float],
    whole: list[float],
    stitch: list[float],
) -> None:
    def spread(values: list[float]) -> str:
        return ", ".join(f"{v:.2f}" for v in values)

    median = statistics.median
    c = sorted(clocks, key=lambda k: k.lesson)[len(clocks) // 2]
    last = len(SCENES)
    lines = [
        f"Taken by `make bench` in one run on {time.strftime('%Y-%m-%d')}: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, manim "
        f"{installed_manim_version()}, low quality, voice off, empty render cache. The model is a "
        "local OpenAI-compatible server (the real OpenAI client over HTTP) streaming tool-call "
        f"arguments in {CHUNK_CHARS}-character chunks at {TOKENS_PER_S:.0f} chunks a second: "
        f"a plan, then the {last} benchmark scenes' code in one response, then `render_scenes` "
        "in another round trip, then `assemble_lesson`. The tutor runs in-process as the app "
        f"runs it, idle for 3 s before the prompt. {RUNS} lessons; medians (each run in brackets).",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| (scene 1's clip exists - its code finished streaming) ÷ raw render of scene 1 | "
        f"**{median(lag):.2f}** ({spread(lag)}) | ≤ 0.8 |",
        f"| prompt → scene 1's clip ÷ (scene 1's code streamed + raw render of scene 1) | "
        f"**{median(first):.2f}** ({spread(first)}) | ≤ 1.1 |",
        f"| prompt → stitched lesson ÷ (all code streamed + raw render of the last scene + "
        f"stitching) | **{median(whole):.2f}** ({spread(whole)}) | ≤ 1.15 |",
        "",
        f"The median run, in seconds from the prompt: scene code streamed at "
        f"{', '.join(f'{c.code_sent[n]:.1f}' for n in range(1, last + 1))}; clips at "
        f"{', '.join(f'{c.clip[n]:.1f}' for n in range(1, last + 1))}; stitching took "
        f"{median(stitch):.2f} s (median); lesson at {c.lesson:.1f}. Raw "
        f"`python -m manim render -ql` of each scene (median of {RUNS}): "
        f"{', '.join(f'{raw[n]:.2f}' for n in range(1, last + 1))}.",
        "",
        "Each scene renders the moment its `write_scene_code` call's arguments are complete in "
        "the stream (agent/early_renders.py); `render_scenes`, when the model asks, awaits the "
        "renders already under way. Before that, nothing rendered until the model's next round "
        "trip after the last scene.",
        "",
    ]
    replace_section(OUT, SECTION, "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    asyncio.run(main())
