"""How failures are told apart: environment problems are not code bugs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import scene_runner
from tools.render_result import RenderFailed
from tools.renderer import RenderEngine


@pytest.mark.parametrize("tool", ["latex", "dvisvgm", "/usr/bin/xelatex"])
def test_missing_latex_tool_is_an_environment_error(tool: str) -> None:
    error = FileNotFoundError(2, "No such file or directory")
    error.filename = tool
    report = scene_runner._classify(error, "scene.py")  # pyright: ignore[reportPrivateUsage]
    assert report["kind"] == "environment"
    assert Path(tool).name in report["message"]
    assert "Not a bug in the scene" in report["hint"]


def test_missing_user_file_is_a_runtime_error() -> None:
    error = FileNotFoundError(2, "No such file or directory")
    error.filename = "picture.png"
    assert scene_runner._classify(error, "scene.py")["kind"] == "runtime"  # pyright: ignore[reportPrivateUsage]


@pytest.mark.render
async def test_missing_ffprobe_is_an_environment_error(
    engine: RenderEngine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The parent verifies clips with ffprobe; without it on PATH the render cannot be trusted.
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    code = "from manim import *\nclass A(Scene):\n    def construct(self):\n        self.wait(0.2)\n"
    result = await engine.render(code)
    assert isinstance(result, RenderFailed)
    assert result.error.kind == "environment" and "ffprobe" in result.error.message
