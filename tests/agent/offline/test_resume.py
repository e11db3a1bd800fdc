"""Finishing an interrupted lesson with the offline model: it writes the scenes that never got
code (from the lesson's template) and `tutor resume` renders the rest, with no new lesson."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent.offline.intents import classify
from agent.offline.templates import lesson_for
from agent.settings import Settings
from agent.wiring import open_backends

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    "text",
    ["continue", "Continue", "go on", "resume please", "keep going!", "carry on"],
)
def test_continue_is_understood_not_taken_for_a_topic(text: str) -> None:
    assert classify(text).kind == "resume"
    assert classify("Continue the lesson: write and render scenes 3, 4.").kind == "resume"
    assert classify("make a short lesson on continued fractions").kind == "lesson"


async def cut_off_lesson(data_dir: Path, user_name: str) -> str:
    """A lesson as a crash leaves it: planned, scenes 1-2 written but never rendered, the rest
    without code."""
    backends = open_backends(Settings(data_dir=data_dir))
    service = backends.service
    try:
        user = await backends.accounts.ensure_user(user_name)
        template = lesson_for("the Pythagorean theorem")
        lesson = await service.create_lesson(user, template.plan, "pythagoras", "s-1", "low")
        for n in (1, 2):
            await service.write_code(user, lesson.id, n, template.code(n - 1, n), "draft")
        return lesson.id
    finally:
        await backends.close()


@pytest.mark.render
async def test_tutor_resume_has_the_offline_model_write_the_missing_scenes(
    tmp_path: Path, index_dir: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    lesson_id = await cut_off_lesson(data, "grace")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TUTOR_"))}
    env |= {"TUTOR_DATA_DIR": str(data), "TUTOR_USER": "grace"}

    def tutor(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "agent.cli", *args, "--json"],
            capture_output=True, text=True, env=env, cwd=ROOT, timeout=600,
        )  # fmt: skip

    resumed = tutor("resume", lesson_id)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    view = json.loads(resumed.stdout)
    assert [s["status"] for s in view["scenes"]] == ["ok"] * len(view["scenes"]), view
    assert len(view["scenes"]) >= 4 and view["export"]
    listed = json.loads(tutor("lessons").stdout)
    assert [x["lesson"] for x in listed] == [lesson_id]  # no new lesson was planned
