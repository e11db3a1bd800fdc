"""The engine starts a sandbox before the static checker's modules load (they load on first use)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tools.check

ROOT = Path(__file__).resolve().parents[3]


def test_making_a_renderer_leaves_the_checker_unloaded() -> None:
    probe = (
        "import sys\n"
        "from agent.wiring import open_renderer\n"
        "import tools.render.engine\n"
        "print(sorted(m for m in sys.modules if m.startswith('tools.check.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['tools.check.api_index']"


def test_every_public_name_of_the_checker_still_resolves() -> None:
    for name in tools.check.__all__:
        assert getattr(tools.check, name).__name__ == name
