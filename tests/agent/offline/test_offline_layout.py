"""The offline model's lessons pass the layout audit for any topic text: long, one word, almost
empty, CJK/Arabic/emoji, LaTeX specials, quotes and backslashes, one endless word, math symbols,
and the built-in topics. Real renders of every scene.

One lesson goes through `tutor make` and `tutor show` (a fresh process), one through a chat turn
in process (the agent, the offline model, rendering and stitching); the others are planned and
written exactly as the offline model's turn does (its topic reading, template and scene code) and
rendered through the lesson service, without narrating and stitching the video, which the first
two already cover and which would double the test's time.

Run with -s for one summary line per topic (the evidence the issue asks for).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from agent.offline.intents import classify
from agent.offline.templates import lesson_for
from tests.agent.conftest import OpenTutor

pytestmark = pytest.mark.render

ROOT = Path(__file__).resolve().parents[3]
LONG = (
    "How the water cycle moves heat and moisture around the planet: evaporation from oceans, "
    "condensation into clouds, precipitation as rain and snow, runoff into rivers, infiltration "
    "into groundwater, and transpiration from plants, with examples from monsoons, deserts and "
    "the polar ice caps"
)
# Through the CLI: every non-ASCII script at once, through argv and back out as JSON.
CLI_TOPIC = "日本語の文法と漢字 — 中文语法 — القواعد العربية 🌏📚"
TURN_TOPIC = LONG  # ~290 characters, through a whole chat turn
IN_PROCESS = (
    "the Pythagorean theorem",  # a built-in topic (5 scenes)
    "sine waves",  # another built-in topic
    "Photosynthesis",  # one word
    "  a  ",  # almost nothing
    "50% of $x & y_{n}^2 \\frac{a}{b} ~ #1 {braces}",  # LaTeX specials
    "\"quoted\" and 'single' with back\\slashes \\n \\\\ and {{ }} %s",  # Python specials
    "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3,  # 135 characters, no space
    "∫ e^{iπ} + 1 = 0, ∑, √2",  # math symbols
)


def prompt(topic: str) -> str:
    return f"make a short lesson on {topic}"


def check(topic: str, route: str, view: dict[str, Any]) -> str:
    """Every scene rendered with no layout item; the summary line for the topic."""
    scenes = view["scenes"]
    bad = [
        f"  scene {s['n']} ({s['title']!r}): {s['status']} {s['error'] or ''} {s['layout']}"
        for s in scenes
        if s["status"] != "ok" or s["layout"]
    ]
    assert scenes and not bad, f"topic {topic!r}:\n" + "\n".join(bad)
    items = sum(len(s["layout"]) for s in scenes)
    key = lesson_for(classify(prompt(topic)).topic).key
    return f"{topic[:40]!r:44} {route:8} {key:10} scenes {len(scenes)} ok, {items} layout items"


async def cli_lesson(data: Path) -> dict[str, Any]:
    """`tutor make TOPIC --json` then `tutor show LESSON --json`, as a user runs them."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TUTOR_"))}
    env |= {"TUTOR_DATA_DIR": str(data), "TUTOR_USER": "ada"}

    async def tutor(*args: str) -> dict[str, Any]:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "agent.cli", *args, "--json",
            cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(proc.communicate(), timeout=600)
        assert proc.returncode == 0, out.decode() + err.decode()
        return json.loads(out)

    made = await tutor("make", prompt(CLI_TOPIC))
    shown = await tutor("show", made["lesson"])
    assert shown["scenes"] == made["scenes"] and shown["export"]
    return shown


async def test_offline_lessons_have_no_layout_items_for_any_topic(
    open_tutor: OpenTutor, tmp_path: Path, index_dir: Path
) -> None:
    started = time.monotonic()
    cli_data = tmp_path / "cli-data"
    cli_data.mkdir()
    (cli_data / "api-index").symlink_to(index_dir, target_is_directory=True)
    tutor = await open_tutor(None)  # nothing configured: the offline model
    assert tutor.offline
    user = await tutor.user("grace")

    async def chat_turn(topic: str) -> dict[str, Any]:
        result = await tutor.turn(user, tutor.new_session_id(), prompt(topic))
        assert result.ok and result.lesson_id, result.reply
        assert "rendered" in result.reply and result.reply.count(": ok") >= 4, result.reply
        return (await tutor.service.view(user, result.lesson_id)).model_dump(mode="json")

    async def rendered(topic: str) -> dict[str, Any]:
        # What the offline model's lesson turn sends to plan_lesson and write_scene_code.
        intent = classify(prompt(topic))
        assert intent.kind == "lesson", intent
        template = lesson_for(intent.topic)
        service = tutor.service
        lesson = await service.create_lesson(
            user, template.plan, prompt(topic), tutor.new_session_id(), "low"
        )
        for i in range(len(template.scenes)):
            await service.write_code(user, lesson.id, i + 1, template.code(i, i + 1), "offline")
        await service.render_scenes(user, lesson.id)
        return (await service.view(user, lesson.id)).model_dump(mode="json")

    # All at once, so the workers never wait for a lesson's narration and stitching.
    views = await asyncio.gather(
        cli_lesson(cli_data), chat_turn(TURN_TOPIC), *(rendered(t) for t in IN_PROCESS)
    )
    routes = [("cli", CLI_TOPIC), ("turn", TURN_TOPIC), *(("service", t) for t in IN_PROCESS)]
    lines = [check(topic, route, view) for (route, topic), view in zip(routes, views, strict=True)]
    print("\n" + "\n".join(lines))
    print(f"{len(lines)} topics in {time.monotonic() - started:.0f} s")
    assert len({view["lesson"] for view in views}) == len(lines) == 10
