"""`tutor` skips the interpreter's teardown at exit, and loses nothing by it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# `run()` around a stand-in `main()`: what a command leaves behind when it returns.
PROGRAM = """
import atexit, sys, threading, time
from pathlib import Path
import agent.cli as cli

out = Path(sys.argv[1])

def main():
    atexit.register(lambda: (out / "hook").write_text("ran"))
    if sys.argv[2] == "thread":
        def late():
            time.sleep(0.5)
            (out / "thread").write_text("done")
        threading.Thread(target=late).start()
    sys.stdout.write("x" * 200_000)  # more than a pipe holds: it must be flushed, not dropped
    print("end", file=sys.stderr)
    return 3

cli.main = main
cli.run()
"""


def _run(tmp_path: Path, mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROGRAM, str(tmp_path), mode],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip


def test_output_exit_status_and_exit_hooks_survive_the_quick_exit(tmp_path: Path) -> None:
    done = _run(tmp_path, "plain")
    assert done.returncode == 3
    assert done.stdout == "x" * 200_000
    assert done.stderr.strip() == "end"
    assert (tmp_path / "hook").read_text() == "ran"


def test_a_thread_still_working_is_waited_for(tmp_path: Path) -> None:
    done = _run(tmp_path, "thread")
    assert done.returncode == 3
    assert (tmp_path / "thread").read_text() == "done"
    assert (tmp_path / "hook").read_text() == "ran"
