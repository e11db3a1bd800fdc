"""`tutor render` and `tutor check` as a user runs them: real processes, real renders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tools.conftest import CANARY, eval_files

ROOT = Path(__file__).resolve().parents[2]
RENDER_KEYS = {"ok", "video", "poster", "duration_s", "cached", "elapsed_s", "error", "layout"}
ERROR_KEYS = {"kind", "message", "line", "hint", "log_tail"}

# gl example → (line, text the CE replacement must mention)
GL_EXPECTED = {
    "axes_get_graph.py": [(7, "plot")],
    "method_in_play.py": [(8, "animate")],
    "show_creation_text.py": [(6, "Tex"), (7, "Create")],
}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tutor-data")


def tutor(*args: str, data_dir: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TUTOR_DATA_DIR": str(data_dir), "TUTOR_TEST_CANARY": CANARY}
    return subprocess.run(
        [sys.executable, "-m", "agent.cli", *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout,
    )  # fmt: skip


def plays(video: Path) -> bool:
    """Decodes every frame without an error."""
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(video), "-f", "null", "-"],
        capture_output=True,
        text=True,
    )
    return out.returncode == 0 and not out.stderr.strip()


@pytest.mark.render
@pytest.mark.parametrize("scene", eval_files("ok"), ids=lambda p: p.name)
def test_every_ok_example_renders(scene: Path, data_dir: Path) -> None:
    proc = tutor("render", str(scene), "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) == RENDER_KEYS
    assert out["ok"] is True and out["error"] is None
    assert out["duration_s"] > 0
    assert out["layout"] == []  # nothing off the frame, overlapping or too small
    assert plays(Path(out["video"]))
    assert Path(out["poster"]).stat().st_size > 0


@pytest.mark.render
def test_render_json_lists_layout_warnings_and_stays_ok(data_dir: Path) -> None:
    scene = next(p for p in eval_files("layout") if p.name == "two_words_overlap.py")
    proc = tutor("render", str(scene), "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) == RENDER_KEYS and out["ok"] is True
    [item] = out["layout"]
    assert set(item) == {"kind", "message", "at_s", "line", "objects"}
    assert item["kind"] == "overlap" and item["line"] and item["objects"]


@pytest.mark.render
@pytest.mark.parametrize("scene", eval_files("evil"), ids=lambda p: p.name)
def test_evil_examples_fail_with_a_clear_error(scene: Path, data_dir: Path) -> None:
    proc = tutor("render", str(scene), "--json", data_dir=data_dir)
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    assert set(out) == RENDER_KEYS and out["ok"] is False
    assert set(out["error"]) == ERROR_KEYS
    assert out["error"]["kind"] == "unsafe" and out["error"]["line"]
    assert CANARY not in proc.stdout + proc.stderr


@pytest.mark.parametrize("name", sorted(GL_EXPECTED))
def test_check_flags_old_api_at_the_right_line(name: str, data_dir: Path) -> None:
    proc = tutor("check", str(eval_files("gl")[0].parent / name), "--json", data_dir=data_dir)
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    assert out["ok"] is False
    for line, replacement in GL_EXPECTED[name]:
        matches = [p for p in out["problems"] if p["line"] == line]
        assert matches, f"nothing flagged at line {line}: {out['problems']}"
        assert any(replacement in (p["suggestion"] or "") for p in matches), matches
        assert all({"line", "code", "message", "suggestion"} <= set(p) for p in matches)


@pytest.mark.render
@pytest.mark.parametrize("name", sorted(GL_EXPECTED))
def test_fixed_old_api_renders(name: str, data_dir: Path, tmp_path: Path) -> None:
    scene = tmp_path / name
    shutil.copy(eval_files("gl")[0].parent / name, scene)
    fixed = tutor("check", str(scene), "--fix", "--json", data_dir=data_dir)
    out = json.loads(fixed.stdout)
    assert fixed.returncode == 0 and out["ok"] is True, out
    assert out["fixed"], "--fix must report what it changed"
    proc = tutor("render", str(scene), "--json", data_dir=data_dir)
    result = json.loads(proc.stdout)
    assert proc.returncode == 0 and result["ok"], result
    assert plays(Path(result["video"]))


def test_check_clean_file_and_human_output(data_dir: Path) -> None:
    scene = eval_files("ok")[0]
    proc = tutor("check", str(scene), data_dir=data_dir)
    assert proc.returncode == 0 and f"{scene}: ok" in proc.stdout


def test_missing_file_is_a_clear_error(data_dir: Path, tmp_path: Path) -> None:
    proc = tutor("render", str(tmp_path / "nope.py"), "--json", data_dir=data_dir)
    assert proc.returncode == 2
    assert "cannot read" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.render
def test_demo_produces_a_clip(data_dir: Path) -> None:
    proc = tutor("demo", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    clip = Path(proc.stdout.split("Clip ready:")[1].split()[0])
    assert plays(clip)
