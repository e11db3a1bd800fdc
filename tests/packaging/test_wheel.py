"""The wheel is the whole product: built with `uv build`, installed into a fresh venv (pinned to
uv.lock, nothing resolved anew) and run from a directory outside the checkout with a data dir of
its own, it renders a clip, makes a lesson, answers a docs search over MCP stdio and serves the
chat app.

One venv serves every test here; they run in file order (the render builds the API index the
lesson then uses).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from tests.agent.test_app_root import serving
from tests.agent.test_cli import plays

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("agent", "chat", "lessons", "tools", "mcp_manim_docs")
SCENE = """from manim import *


class Hello(Scene):
    def construct(self):
        self.play(Create(Circle(color=BLUE)))
        self.wait(0.2)
"""

pytestmark = pytest.mark.render


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    cwd: Path  # outside the checkout
    data_dir: Path
    env: dict[str, str]

    @property
    def tutor(self) -> str:
        return str(self.venv / "bin" / "tutor")

    def run(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, cwd=cwd or self.cwd, env=self.env, capture_output=True, text=True, timeout=300
        )


def _uv(*args: str, cwd: Path) -> None:
    uv = shutil.which("uv")
    if uv is None:
        pytest.fail("uv is not installed: run `make setup`")
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    env.pop("VIRTUAL_ENV", None)
    proc = subprocess.run([uv, *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, f"uv {' '.join(args)}:\n{proc.stdout}{proc.stderr}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    work = tmp_path_factory.mktemp("wheel")
    assert not work.resolve().is_relative_to(ROOT)
    _uv("build", "--wheel", "--out-dir", str(work / "dist"), str(ROOT), cwd=ROOT)
    (wheel,) = (work / "dist").glob("*.whl")
    pins = work / "requirements.txt"  # exactly the locked versions: nothing is resolved anew
    _uv("export", "--frozen", "--no-dev", "--no-hashes", "--no-emit-project", "-q",
        "-o", str(pins), cwd=ROOT)  # fmt: skip
    venv = work / "venv"
    _uv("venv", "-q", "--python", sys.executable, str(venv), cwd=work)
    python = str(venv / "bin" / "python")
    _uv("pip", "install", "-q", "--python", python, "--no-deps", "-r", str(pins), str(wheel),
        cwd=work)  # fmt: skip
    cwd, data, home = work / "elsewhere", work / "data", work / "home"
    for path in (cwd, home):
        path.mkdir()
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("TUTOR_", "OPENAI_"))}
    for name in ("CI", "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "CHAINLIT_APP_ROOT"):
        keep.pop(name, None)
    env = {**keep, "HOME": str(home), "TUTOR_DATA_DIR": str(data), "PYTHONUNBUFFERED": "1"}
    return Installed(wheel, venv, cwd, data, env)


def test_the_wheel_holds_the_app_and_every_file_of_its_packages(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
    app_files = {
        "app.py",
        "chat/app_files/.chainlit/config.toml",
        "chat/app_files/.chainlit/translations/en-US.json",
        "chat/app_files/chainlit.md",
        "chat/app_files/public/elements/LessonPlayer.jsx",
    }
    assert app_files <= names
    ours = {
        path.relative_to(ROOT).as_posix()
        for package in PACKAGES
        for path in (ROOT / package).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert ours - names == set()  # the render runner, the guides: data files too
    translations = {p.name for p in (ROOT / ".chainlit" / "translations").iterdir()}
    shipped = {n.rsplit("/", 1)[1] for n in names if "/.chainlit/translations/" in n}
    assert shipped == translations


def test_everything_imports_from_the_venv(installed: Installed) -> None:
    code = (
        "import importlib, json, sys;"
        "print(json.dumps({m: importlib.import_module(m).__file__ for m in sys.argv[1:]}))"
    )
    probe = installed.cwd.parent / "probe"  # importing chainlit leaves `.files/` in the cwd
    probe.mkdir()
    proc = installed.run(
        str(installed.venv / "bin" / "python"), "-c", code, "app", *PACKAGES, cwd=probe
    )
    assert proc.returncode == 0, proc.stderr
    files = json.loads(proc.stdout.strip().splitlines()[-1])
    venv = installed.venv.resolve()
    assert all(Path(f).resolve().is_relative_to(venv) for f in files.values()), files


def test_render_gives_a_clip(installed: Installed) -> None:
    (installed.cwd / "scene.py").write_text(SCENE)
    proc = installed.run(installed.tutor, "render", "scene.py", "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = json.loads(proc.stdout)
    assert out["ok"] is True and out["error"] is None, out
    video = Path(out["video"])
    assert video.suffix == ".mp4" and video.resolve().is_relative_to(installed.data_dir.resolve())
    assert plays(video)


def test_make_gives_a_five_scene_lesson(installed: Installed) -> None:
    proc = installed.run(
        installed.tutor, "make", "the Pythagorean theorem", "--out", "lesson.mp4", "--json"
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lesson: dict[str, Any] = json.loads(proc.stdout)
    assert [(s["n"], s["status"]) for s in lesson["scenes"]] == [(n, "ok") for n in range(1, 6)]
    assert plays(installed.cwd / "lesson.mp4")


async def test_docs_mcp_answers_a_search_over_stdio(installed: Installed) -> None:
    params = StdioServerParameters(
        command=installed.tutor, args=["docs-mcp"], env=installed.env, cwd=str(installed.cwd)
    )
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        result = await session.call_tool(
            "search_manim_docs", {"query": "make a number change smoothly"}
        )
    assert not result.isError and result.structuredContent is not None, result
    symbols = [r["symbol"] for r in result.structuredContent["results"]]
    assert {"manim.ValueTracker", "manim.DecimalNumber"} & set(symbols), symbols


@pytest.fixture
def served(installed: Installed) -> Iterator[str]:
    log = installed.data_dir.parent / "serve.log"
    with serving([installed.tutor, "serve"], installed.cwd, installed.env, log) as url:
        yield url


def test_serve_answers_health(installed: Installed, served: str) -> None:
    with urllib.request.urlopen(served + "/health", timeout=5) as answer:
        assert answer.status == 200
    # The app's own files are served (Chainlit found them), from a root under the data dir.
    with urllib.request.urlopen(served + "/public/elements/LessonPlayer.jsx", timeout=5) as answer:
        assert answer.status == 200 and b"chapters" in answer.read()
    site = next((installed.venv / "lib").glob("python3*/site-packages"))
    assert not (site / ".files").exists() and not (site / "chat" / "app_files" / ".files").exists()
    assert not (installed.cwd / ".files").exists()
    assert (installed.data_dir / "app" / ".chainlit" / "config.toml").is_file()
