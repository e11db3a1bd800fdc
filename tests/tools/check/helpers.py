"""Small helpers for the validator tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tools.check import ApiIndex, Problem, check_code


def scene(body: str, header: str = "from manim import *\n") -> str:
    """A module with `header`, then `body` as the construct() of a Scene (body unindented)."""
    lines = body.strip("\n").splitlines()
    indented = "\n".join("        " + line if line else "" for line in lines)
    return f"{header}\n\nclass S(Scene):\n    def construct(self):\n{indented}\n"


def problems(code: str, index: ApiIndex, *, safety: bool = True) -> list[Problem]:
    return check_code(code, index, safety=safety).problems


def codes(code: str, index: ApiIndex, *, safety: bool = True) -> list[str]:
    return [p.code for p in problems(code, index, safety=safety)]


def raw_render(
    code: str, tmp_path: Path, name: str = "scene", every: bool = False
) -> subprocess.CompletedProcess[str]:
    """Raw manim on code the tests wrote (so trusted), in a subprocess: its completed process."""
    scene = tmp_path / f"{name}.py"
    scene.write_text(code)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "manim",
            "render",
            "-ql",
            *(["-a"] if every else []),
            "--media_dir",
            str(tmp_path / "media"),
            str(scene),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )


def assert_renders(code: str, tmp_path: Path, name: str = "scene", scenes: int = 1) -> None:
    """Fixed code (the tests' own, so trusted) renders with raw manim: one video per scene."""
    proc = raw_render(code, tmp_path, name, every=scenes > 1)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    media = tmp_path / "media"
    videos = [v for v in media.rglob("*.mp4") if "partial_movie_files" not in v.parts]
    assert len(videos) == scenes, videos
