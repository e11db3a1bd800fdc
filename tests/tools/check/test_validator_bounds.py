"""The validator answers in seconds whatever it is given: a size bound, and linear checks.

Through the command line, as a user (or an attacker) meets it: `tutor check` and `tutor render`.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tools.check import ApiIndex

ROOT = Path(__file__).resolve().parents[3]

GL_CLASS = """
class Lesson{i}(GraphScene):
    CONFIG = {{"x_min": 0, "x_max": 3, "y_max": 4}}

    def construct(self):
        self.setup_axes()
        circle = Circle(color=RED)
        label = TextMobject("step {i}")
        self.play(ShowCreation(circle), circle.shift, UP)
        graph = self.get_graph(lambda x: x * x)
        self.wait(1)
"""


@pytest.fixture(scope="module")
def data_dir(
    tmp_path_factory: pytest.TempPathFactory, index_dir: Path, api_index: ApiIndex
) -> Path:
    data = tmp_path_factory.mktemp("tutor-data")
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)  # built by api_index
    return data


def tutor(
    *args: str, data_dir: Path, timeout: float
) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run the CLI; also returns the CPU seconds it used (steadier than wall time on a busy box)."""
    env = {**os.environ, "TUTOR_DATA_DIR": str(data_dir)}
    before = _children_cpu()
    proc = subprocess.run(
        [sys.executable, "-m", "agent.cli", *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout,
    )  # fmt: skip
    return proc, _children_cpu() - before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.fixture(scope="module")
def five_megabytes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    classes = "".join(GL_CLASS.format(i=i) for i in range(5_000_000 // len(GL_CLASS) + 1))
    path = tmp_path_factory.mktemp("big") / "huge.py"
    path.write_text("from manim import *\n" + classes)
    assert path.stat().st_size > 5_000_000
    return path


def test_check_refuses_megabytes_of_code_at_once(five_megabytes: Path, data_dir: Path) -> None:
    proc, took = tutor("check", str(five_megabytes), "--json", data_dir=data_dir, timeout=60)
    assert proc.returncode == 1, proc.stderr
    [problem] = json.loads(proc.stdout)["problems"]
    assert problem["line"] == 1 and problem["kind"] == "unsafe"
    assert problem["code"] == "code-too-large"
    assert "200 kB" in problem["message"]
    assert took < 5, f"tutor check took {took:.1f} s of CPU"


def test_render_refuses_megabytes_of_code_before_any_sandbox(
    five_megabytes: Path, data_dir: Path
) -> None:
    proc, took = tutor("render", str(five_megabytes), "--json", data_dir=data_dir, timeout=60)
    assert proc.returncode == 1, proc.stderr
    out = json.loads(proc.stdout)
    assert out["ok"] is False
    assert out["error"]["kind"] == "unsafe" and out["error"]["line"] == 1
    assert "200 kB" in out["error"]["message"]
    assert took < 5, f"tutor render took {took:.1f} s of CPU"


def test_check_is_linear_in_the_number_of_classes(tmp_path: Path, data_dir: Path) -> None:
    """Under the size bound: a long inheritance chain and hundreds of ManimGL classes."""
    chain = [
        "from manim import *\n",
        "class Step0(Scene):\n    def construct(self):\n        pass\n",
    ]
    chain += [f'class Step{i}(Step{i - 1}):\n    CONFIG = {{"a": {{"b": {i}}}}}\n' for i in range(1, 3000)]  # fmt: skip
    many = "from manim import *\n" + "".join(GL_CLASS.format(i=i) for i in range(500))
    for name, code in {"chain.py": "".join(chain), "many.py": many}.items():
        path = tmp_path / name
        path.write_text(code)
        assert 100_000 < len(code) < 200_000
        proc, took = tutor("check", str(path), "--json", data_dir=data_dir, timeout=60)
        problems = json.loads(proc.stdout)["problems"]  # ManimGL CONFIG warnings, API errors
        assert problems and all(p["code"] != "code-too-large" for p in problems), name
        assert took < 10, f"{name}: tutor check took {took:.1f} s of CPU"
