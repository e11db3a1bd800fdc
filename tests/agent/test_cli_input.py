"""Bad input to `tutor`, as a careless user types it: refused in one clear line, nothing changed.

Real `tutor` processes on a real lesson (made once, by the offline model, with real renders).
"""

from __future__ import annotations

import json
import sqlite3
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.agent.test_lesson_cli import as_json, tutor

# Each of these once edited some other scene (or failed) with exit status 0.
BAD_SCENES = ["abc", "-5", "1.5", "", "2abc", "0", "99", "-1", " 2", "٣", "0x1", "1e0", "last1"]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory, index_dir: Path) -> Path:
    data = tmp_path_factory.mktemp("cli-input")
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    return data


@pytest.fixture(scope="module")
def lesson(data_dir: Path) -> dict[str, Any]:
    return as_json(tutor("make", "the Pythagorean theorem", "--json", data_dir=data_dir))


@pytest.fixture(scope="module")
def check_dir(tmp_path_factory: pytest.TempPathFactory, index_dir: Path) -> Path:
    """A data dir for `check` and `render` with the session's API index (built once)."""
    data = tmp_path_factory.mktemp("check-data")
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    return data


def model_turns(data_dir: Path) -> int:
    """Items in the agent's conversation memory: a model turn adds some."""
    with sqlite3.connect(data_dir / "conversations.db") as db:
        return db.execute("SELECT count(*) FROM agent_messages").fetchone()[0]


def refused(proc: subprocess.CompletedProcess[str], kind: str = "usage") -> dict[str, Any]:
    """The JSON error object of a refused `--json` command (exit 2, one line on stderr)."""
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    out = json.loads(proc.stdout)
    assert set(out) == {"lesson", "error"} and out["error"]["kind"] == kind, out
    assert out["error"]["message"] in proc.stderr
    return out


@pytest.mark.render
@pytest.mark.parametrize("command", ["edit", "revert"])
def test_every_bad_scene_is_refused_and_changes_nothing(
    command: str, lesson: dict[str, Any], data_dir: Path
) -> None:
    lesson_id, count = lesson["lesson"], len(lesson["scenes"])
    before, turns = (
        tutor("show", lesson_id, "--json", data_dir=data_dir).stdout,
        model_turns(data_dir),
    )
    instruction = ["make it red"] if command == "edit" else []
    for scene in [*BAD_SCENES, str(count + 1)]:
        proc = tutor(command, lesson_id[:8], scene, *instruction, "--json", data_dir=data_dir)
        out = refused(proc)
        assert out["lesson"] == lesson_id
        assert f"1 to {count}" in out["error"]["message"] and "'last'" in out["error"]["message"]
    plain = tutor(command, lesson_id[:8], "abc", *instruction, data_dir=data_dir)
    assert plain.returncode == 2 and plain.stdout == "" and f"1 to {count}" in plain.stderr
    assert tutor("show", lesson_id, "--json", data_dir=data_dir).stdout == before
    assert model_turns(data_dir) == turns


@pytest.mark.render
def test_a_bad_version_is_refused_and_changes_nothing(
    lesson: dict[str, Any], data_dir: Path
) -> None:
    lesson_id = lesson["lesson"]
    before = tutor("show", lesson_id, "--json", data_dir=data_dir).stdout
    for version in ["x", "0", "-1", "1.0", ""]:
        out = refused(tutor("revert", lesson_id, "1", "--to", version, "--json", data_dir=data_dir))
        assert "--to must be a version number" in out["error"]["message"]
    out = refused(
        tutor("revert", lesson_id, "1", "--to", "9", "--json", data_dir=data_dir), "not_found"
    )
    assert "no ok version 9" in out["error"]["message"]
    out = refused(tutor("show", "nope", "--json", data_dir=data_dir), "not_found")
    assert out["lesson"] is None and "no lesson matches 'nope'" in out["error"]["message"]
    assert tutor("show", lesson_id, "--json", data_dir=data_dir).stdout == before


@pytest.mark.render
def test_last_means_the_last_scene(lesson: dict[str, Any], data_dir: Path) -> None:
    lesson_id, count = lesson["lesson"], len(lesson["scenes"])
    edited = as_json(tutor("edit", lesson_id, "last", "make it red", "--json", data_dir=data_dir))
    assert [s["version"] for s in edited["scenes"]] == [1] * (count - 1) + [2]
    reverted = as_json(tutor("revert", lesson_id, "LAST", "--json", data_dir=data_dir))
    assert [s["version"] for s in reverted["scenes"]] == [1] * count


@pytest.mark.render
def test_a_cli_lesson_leaves_only_private_files(lesson: dict[str, Any], data_dir: Path) -> None:
    """tutor.db holds password hashes: nothing under the data dir is for group or others."""
    assert lesson["export"] and all(s["status"] == "ok" for s in lesson["scenes"])
    assert readable_by_others(data_dir) == []


def readable_by_others(data_dir: Path) -> list[str]:
    """Files and directories under the data dir with any group/other permission bit."""
    found: list[str] = []
    for path in [data_dir, *data_dir.rglob("*")]:  # rglob does not enter symlinked dirs
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:  # gone since listed (SQLite removes its -wal file on close)
            continue
        if not stat.S_ISLNK(mode) and mode & 0o077:
            found.append(f"{path.relative_to(data_dir)} {stat.filemode(mode)}")
    return found


@pytest.mark.parametrize(
    "args", [["lessons"], ["make", "x"], ["show", "x"], ["edit", "x", "1", "y"], ["share", "x"]]
)
def test_an_empty_user_name_is_one_clear_line(args: list[str], tmp_path: Path) -> None:
    proc = tutor(*args, data_dir=tmp_path, user="")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == (
        "tutor: TUTOR_USER is empty: set it to a user name, or unset it to act as 'local'"
    )
    as_json_error = tutor(*args, "--json", data_dir=tmp_path, user="")
    assert refused(as_json_error)["error"]["message"].startswith("TUTOR_USER is empty")


NOT_A_SCENE = {
    "empty.py": "",
    "comment.py": "# a lesson on circles, soon\n",
    "no_class.py": "from manim import *\n\ncircle = Circle()\n",
    "not_a_scene.py": "from manim import *\n\n\nclass Badge(VGroup):\n    pass\n",
}


@pytest.mark.parametrize("name", sorted(NOT_A_SCENE))
def test_check_refuses_what_render_always_refuses(
    name: str, tmp_path: Path, check_dir: Path
) -> None:
    scene = tmp_path / name
    scene.write_text(NOT_A_SCENE[name])
    proc = tutor("check", str(scene), "--json", data_dir=check_dir)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    out = json.loads(proc.stdout)
    assert out["ok"] is False
    assert [(p["code"], p["message"]) for p in out["problems"]] == [
        ("no-scene", "The code defines no Scene subclass.")
    ]
    human = tutor("check", str(scene), data_dir=check_dir)
    assert human.returncode == 1 and "The code defines no Scene subclass." in human.stdout


def test_check_accepts_a_scene_through_a_base_class(tmp_path: Path, check_dir: Path) -> None:
    scene = tmp_path / "based.py"
    scene.write_text(
        "from manim import *\n\n\nclass Base(MovingCameraScene):\n    pass\n\n\n"
        "class Zoom(Base):\n    def construct(self):\n        self.play(Create(Circle()))\n"
    )
    proc = tutor("check", str(scene), "--json", data_dir=check_dir)
    assert proc.returncode == 0 and json.loads(proc.stdout)["ok"] is True, proc.stdout


@pytest.mark.render
def test_check_words_its_refusal_as_render_does(tmp_path: Path, check_dir: Path) -> None:
    scene = tmp_path / "empty.py"
    scene.write_text("")
    checked = json.loads(tutor("check", str(scene), "--json", data_dir=check_dir).stdout)
    rendered = tutor("render", str(scene), "--json", data_dir=check_dir)
    assert rendered.returncode == 1
    refusal = json.loads(rendered.stdout)["error"]
    problem = checked["problems"][0]
    assert (problem["message"], problem["suggestion"]) == (refusal["message"], refusal["hint"])
