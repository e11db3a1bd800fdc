"""`tutor check --scene` and `tutor render --scene` judge only the code the chosen scene runs;
problems carry a severity, and warnings never stop a check or a render."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.agent.test_cli import RENDER_KEYS, plays, tutor

TWO_SCENES = Path(__file__).resolve().parents[1] / "tools" / "check" / "data" / "two_scenes.py"
PROBLEM_KEYS = {"line", "code", "kind", "severity", "message", "suggestion"}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory, index_dir: Path) -> Path:
    data = tmp_path_factory.mktemp("cli-scope")
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    return data


def check_json(*args: str, data_dir: Path, status: int) -> dict[str, Any]:
    proc = tutor("check", *args, "--json", data_dir=data_dir)
    assert proc.returncode == status, proc.stdout + proc.stderr
    out = json.loads(proc.stdout)
    assert all(set(p) == PROBLEM_KEYS for p in out["problems"]), out
    return out


def test_check_of_the_clean_scene_is_ok_with_warnings(data_dir: Path) -> None:
    out = check_json(str(TWO_SCENES), "--scene", "Clean", data_dir=data_dir, status=0)
    assert out["ok"] is True and out["problems"]
    assert {p["severity"] for p in out["problems"]} == {"warning"}
    assert any("OldApi" in p["message"] for p in out["problems"])


def test_check_of_the_old_scene_and_of_the_whole_file_fail(data_dir: Path) -> None:
    for args in (["--scene", "OldApi"], []):
        out = check_json(str(TWO_SCENES), *args, data_dir=data_dir, status=1)
        assert out["ok"] is False
        assert {(p["line"], p["severity"]) for p in out["problems"]} >= {
            (17, "error"),
            (18, "error"),
        }


def test_check_of_a_scene_the_file_lacks(data_dir: Path) -> None:
    out = check_json(str(TWO_SCENES), "--scene", "Missing", data_dir=data_dir, status=1)
    first = out["problems"][0]
    assert (first["code"], first["severity"]) == ("no-scene", "error")
    assert "'Missing'" in first["message"] and "Clean" in first["message"]


def test_text_output_labels_warnings(data_dir: Path) -> None:
    proc = tutor("check", str(TWO_SCENES), "--scene", "Clean", data_dir=data_dir)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{TWO_SCENES}:17: warning/removed-kwarg:" in proc.stdout
    assert proc.stdout.rstrip().endswith(f"{TWO_SCENES}: ok")


def test_deprecated_accessors_warn_and_fix(data_dir: Path, tmp_path: Path) -> None:
    scene = tmp_path / "sizes.py"
    scene.write_text(
        "from manim import *\n\n\nclass Sizes(Scene):\n    def construct(self):\n"
        "        sq = Square().set_width(2)\n        self.add(sq.set_height(sq.get_width()))\n"
    )
    out = check_json(str(scene), data_dir=data_dir, status=0)
    assert [(p["line"], p["severity"]) for p in out["problems"]] == [
        (6, "warning"),
        (7, "warning"),
        (7, "warning"),
    ]
    fixed = check_json(str(scene), "--fix", data_dir=data_dir, status=0)
    assert len(fixed["fixed"]) == 3 and fixed["problems"] == []
    assert "scale_to_fit_width(2)" in scene.read_text()


@pytest.mark.render
def test_render_of_the_clean_scene_ignores_the_other_one(data_dir: Path) -> None:
    proc = tutor("render", str(TWO_SCENES), "--scene", "Clean", "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) == RENDER_KEYS and out["ok"] is True, out
    assert plays(Path(out["video"]))
    assert "warning: line 17:" in proc.stderr  # the check's warnings, on stderr


def test_render_of_the_old_scene_is_refused_before_rendering(data_dir: Path) -> None:
    proc = tutor("render", str(TWO_SCENES), "--scene", "OldApi", "--json", data_dir=data_dir)
    assert proc.returncode == 1
    error = json.loads(proc.stdout)["error"]
    assert (error["kind"], error["line"]) == ("api", 5)
