"""The data dir as the CLI and the chat app meet it: read-only, or left open to others.

A read-only data dir must be real: these tests run as root, whom permission bits do not stop.
As root the command runs in a private mount namespace (`unshare --map-root-user --mount`) where
the data dir is bind-mounted read-only, so every write fails with EROFS, as on a read-only
volume; the mount vanishes with the process. Other users get a 0555 directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.agent.test_cli_input import readable_by_others
from tests.agent.test_lesson_cli import ROOT, env_for
from tests.app.conftest import AppServer


@pytest.fixture
def read_only_dir(tmp_path: Path, index_dir: Path) -> Iterator[Path]:
    data = tmp_path / "data"
    data.mkdir()
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    if os.geteuid() != 0:
        data.chmod(0o555)
    yield data
    data.chmod(0o700)


def run_read_only(
    data: Path, argv: list[str], env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """argv with `data` read-only (see the module's docstring)."""
    if os.geteuid() == 0:
        mount = 'mount --bind -o ro "$0" "$0" && exec "$@"'
        argv = ["unshare", "--map-root-user", "--mount", "sh", "-c", mount, str(data), *argv]
    return subprocess.run(
        argv, capture_output=True, text=True, env=env or env_for(data), cwd=ROOT, timeout=120
    )


def tutor_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "agent.cli", *args]


def assert_one_clear_line(proc: subprocess.CompletedProcess[str], data: Path) -> str:
    assert proc.returncode != 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    line = proc.stderr.strip()
    assert len(line.splitlines()) == 1, line
    assert f"the data dir {data} is not writable" in line and "TUTOR_DATA_DIR" in line, line
    return line


def test_the_data_dir_is_really_read_only(read_only_dir: Path) -> None:
    proc = run_read_only(read_only_dir, ["touch", str(read_only_dir / "probe")])
    assert proc.returncode != 0 and not (read_only_dir / "probe").exists(), proc.stderr


def test_render_json_says_which_dir_is_not_writable(read_only_dir: Path, tmp_path: Path) -> None:
    scene = tmp_path / "scene.py"
    scene.write_text(
        "from manim import *\n\n\nclass A(Scene):\n    def construct(self):\n        self.wait()\n"
    )
    proc = run_read_only(read_only_dir, tutor_argv("render", str(scene), "--json"))
    assert proc.returncode == 1
    line = assert_one_clear_line(proc, read_only_dir)
    out = json.loads(proc.stdout)
    assert out["ok"] is False and out["error"]["kind"] == "environment"
    assert out["error"]["message"] in line


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_make_says_which_dir_is_not_writable(read_only_dir: Path, json_flag: list[str]) -> None:
    proc = run_read_only(read_only_dir, tutor_argv("make", "circles", *json_flag))
    line = assert_one_clear_line(proc, read_only_dir)
    if json_flag:
        out = json.loads(proc.stdout)
        assert out == {"lesson": None, "error": {"kind": "environment", "message": line[7:]}}


def test_a_data_dir_under_a_file_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    data = tmp_path / "file" / "data"
    proc = subprocess.run(
        tutor_argv("lessons"), capture_output=True, text=True, env=env_for(data), cwd=ROOT
    )
    assert_one_clear_line(proc, data)


def test_the_app_does_not_start_on_a_read_only_data_dir(read_only_dir: Path) -> None:
    server = AppServer(read_only_dir)
    chainlit = str(Path(sys.executable).with_name("chainlit"))
    argv = [
        chainlit,
        "run",
        "app.py",
        "--headless",
        "--host",
        "127.0.0.1",
        "--port",
        str(server.port),
    ]
    proc = run_read_only(read_only_dir, argv, server.env())
    assert proc.stderr.startswith("Manim Tutor cannot start: "), proc.stdout + proc.stderr
    assert_one_clear_line(proc, read_only_dir)


def test_the_app_makes_the_data_dir_private(tmp_path: Path, index_dir: Path) -> None:
    """What the app creates is private, and what an older version left open is closed."""
    data = tmp_path / "data"
    (data / "files" / "old").mkdir(parents=True)
    data.chmod(0o755)
    (data / "files" / "old").chmod(0o755)
    (data / "files" / "old" / "clip.mp4").write_bytes(b"")
    (data / "files" / "old" / "clip.mp4").chmod(0o644)
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    server = AppServer(data)
    server.start()  # (its log, written by this test into the data dir, is made private too)
    try:
        created = {p.name for p in data.iterdir()}
        assert {"auth-secret", "chat.db", "tutor.db"} <= created, created
        assert readable_by_others(data) == []
    finally:
        server.stop()
    assert readable_by_others(data) == []
