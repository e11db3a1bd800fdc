"""A full disk is the server's problem: kind `resource`, no line of the scene to "repair".

The disk fills for real: `tutor render --json` runs in a private mount namespace (`unshare`)
where the render work dir is a tiny tmpfs, so the sandbox's encoder (or the parent writing
the job) gets ENOSPC exactly as on a full server disk. Nothing outside that process sees it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.mounts import can_mount_tmpfs
from tools.check import ApiIndex

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.render

# Full-frame noise for a few seconds: megabytes of video at the low preset.
NOISE = """from manim import *
import numpy as np


class Noise(Scene):
    def construct(self):
        rng = np.random.default_rng(1)
        cells = VGroup(*[Square(0.3, fill_opacity=1, stroke_width=0) for _ in range(400)])
        cells.arrange_in_grid(16, 25, buff=0.02)

        def shuffle(group, dt):
            for cell in group:
                cell.set_fill(rgb_to_color(rng.random(3)))

        cells.add_updater(shuffle)
        self.add(cells)
        self.wait(3)
"""


def render_on_small_disk(scene: Path, data: Path, size: str) -> dict[str, object]:
    work = data / "work"
    work.mkdir(parents=True, exist_ok=True)
    if not can_mount_tmpfs(work):
        pytest.skip("this machine does not allow a private tmpfs mount (unshare --mount)")
    env = {**os.environ, "TUTOR_DATA_DIR": str(data)}
    mount = f'mount -t tmpfs -o size={size} tmpfs "$1" && shift && exec "$@"'
    proc = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", mount, "sh", str(work),
         sys.executable, "-m", "agent.cli", "render", str(scene), "--json", "--no-cache"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=240,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture
def data(tmp_path: Path, index_dir: Path, api_index: ApiIndex) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    return data


def assert_disk_full(out: dict[str, object]) -> None:
    assert out["ok"] is False
    error = out["error"]
    assert isinstance(error, dict)
    assert error["kind"] == "resource", error
    assert error["line"] is None
    assert "disk is full" in str(error["message"])


def test_a_render_that_fills_the_disk_is_a_resource_error_without_a_line(
    tmp_path: Path, data: Path
) -> None:
    scene = tmp_path / "noise.py"
    scene.write_text(NOISE)
    assert_disk_full(render_on_small_disk(scene, data, "1m"))


def test_no_room_for_the_job_itself_still_answers_in_json(tmp_path: Path, data: Path) -> None:
    scene = tmp_path / "noise.py"
    scene.write_text(NOISE + "\n# " + "x" * 40_000 + "\n")  # bigger than the whole disk
    assert_disk_full(render_on_small_disk(scene, data, "16k"))
