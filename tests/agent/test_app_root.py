"""`tutor serve` runs Chainlit from `<data dir>/app`, holding the app's current files, whatever
the working directory (the installed wheel's side is tests/packaging/test_wheel.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Generator
from contextlib import contextmanager
from pathlib import Path

from agent.app_root import APP_FILES, APP_SCRIPT, app_files_dir, prepare_app_root
from tests.app.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def serving(argv: list[str], cwd: Path, env: dict[str, str], log: Path) -> Generator[str]:
    """`tutor serve` on a free loopback port until it answers /health; stopped afterwards."""
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            argv, cwd=cwd, env={**env, "TUTOR_PORT": str(port)},
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(url + "/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise AssertionError(f"`tutor serve` did not start:\n{log.read_text()[-3000:]}")
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as answer:
        return answer.status, answer.read()


def test_a_checkout_serves_its_own_files() -> None:
    assert APP_SCRIPT == ROOT / "app.py"
    assert app_files_dir() == ROOT


def test_the_app_root_gets_the_current_files(tmp_path: Path) -> None:
    root = prepare_app_root(tmp_path)
    assert root == tmp_path / "app"
    config = root / ".chainlit" / "config.toml"
    shipped = {
        p.relative_to(ROOT)
        for name in APP_FILES
        for p in ([ROOT / name] if (ROOT / name).is_file() else (ROOT / name).rglob("*"))
        if p.is_file()
    }
    assert {p.relative_to(root) for p in root.rglob("*") if p.is_file()} == shipped
    config.write_text("stale")
    untouched = root / "chainlit.md"
    before = untouched.stat().st_ino
    prepare_app_root(tmp_path)
    assert config.read_bytes() == (ROOT / ".chainlit" / "config.toml").read_bytes()
    assert untouched.stat().st_ino == before  # unchanged files are left alone


def test_serve_from_another_directory(tmp_path: Path, index_dir: Path) -> None:
    data, cwd = tmp_path / "data", tmp_path / "elsewhere"
    cwd.mkdir()
    data.mkdir()
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TUTOR_", "OPENAI_"))}
    env = {**env, "TUTOR_DATA_DIR": str(data)}
    env.pop("CI", None)
    argv = [sys.executable, "-m", "agent.cli", "serve"]
    with serving(argv, cwd, env, tmp_path / "serve.log") as url:
        status, player = get(url + "/public/elements/LessonPlayer.jsx")
        assert status == 200 and player == (ROOT / "public/elements/LessonPlayer.jsx").read_bytes()
    assert not (cwd / ".files").exists()  # Chainlit's app root is the data dir's, not the cwd
    assert (data / "app" / ".files").is_dir()
