"""`tutor make | edit | revert | show | lessons` with `TUTOR_STORE=convex`: the same lesson
as with SQLite, kept in Convex's tables (our functions, behind the stand-in Convex server).

No model is configured, so the offline model drives the real agent; renders are real.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.convex_server import SECRET, ConvexTestServer

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.render


def lesson_json(proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(proc.stdout)


def test_a_lesson_is_made_edited_reverted_and_shown_in_convex(
    convex_server: ConvexTestServer, tmp_path: Path, index_dir: Path
) -> None:
    convex_server.reset()
    data = tmp_path / "data"
    data.mkdir()
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TUTOR_"))}
    env |= {
        "TUTOR_DATA_DIR": str(data),
        "TUTOR_USER": "ada",
        "TUTOR_STORE": "convex",
        "CONVEX_URL": convex_server.url,
        "TUTOR_CONVEX_SECRET": SECRET,
    }

    def tutor(*args: str, user: str = "ada") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "agent.cli", *args, "--json"],
            capture_output=True, text=True, env=env | {"TUTOR_USER": user}, cwd=ROOT, timeout=600,
        )  # fmt: skip

    made = lesson_json(tutor("make", "the Pythagorean theorem"))
    scenes = made["scenes"]
    assert len(scenes) >= 3 and "pythagor" in made["title"].lower()
    assert [(s["status"], s["version"]) for s in scenes] == [("ok", 1)] * len(scenes)

    edited = lesson_json(tutor("edit", made["lesson"], "2", "make it red"))
    assert [s["version"] for s in edited["scenes"]] == [1, 2] + [1] * (len(scenes) - 2)
    assert edited["export"] != made["export"]

    reverted = lesson_json(tutor("revert", made["lesson"], "2"))
    assert [s["version"] for s in reverted["scenes"]] == [1] * len(scenes)
    assert reverted["scenes"][1]["clip"] == scenes[1]["clip"]
    assert lesson_json(tutor("show", made["lesson"])) == reverted
    listed = lesson_json(tutor("lessons"))
    assert [row["lesson"] for row in listed] == [made["lesson"]]

    # Another user sees nothing of it.
    assert lesson_json(tutor("lessons", user="mallory")) == []
    refused = tutor("show", made["lesson"], user="mallory")
    assert refused.returncode == 2 and "no lesson matches" in refused.stderr

    counts = convex_server.counts()
    assert (counts["lessons"], counts["scenes"]) == (1, len(scenes))
    assert counts["sceneVersions"] == len(scenes) + 1 and counts["exports"] >= 2
    assert not (data / "tutor.db").exists()  # nothing went to SQLite
