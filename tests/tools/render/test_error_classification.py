"""How failures are told apart: environment problems are not code bugs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tools.render import scene_runner


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


def test_unimportable_manim_is_an_environment_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A broken install (manim or its PyAV/ffmpeg libraries) is not something to fix in the scene.
    monkeypatch.setitem(sys.modules, "manim", None)  # makes `import manim` raise ImportError
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scene.py").write_text("from manim import *\n")
    with pytest.raises(scene_runner._Failure) as failure:  # pyright: ignore[reportPrivateUsage]
        scene_runner._render({"code": "scene.py"})  # pyright: ignore[reportPrivateUsage]
    assert failure.value.payload["kind"] == "environment"
    assert "make setup" in failure.value.payload["hint"]
