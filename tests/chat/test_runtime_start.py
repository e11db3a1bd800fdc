"""The chat app's start-up ends with what it loaded frozen out of the collector's way, so that
no full collection walks it during a user's turn (it paused the first turn 0.2 s)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

START = """
import asyncio, gc
from agent.settings import Settings
from chat import runtime

async def main():
    runtime.use_settings(Settings())
    before = gc.get_freeze_count()
    await runtime.start()
    after = gc.get_freeze_count()
    await runtime.close()
    print(before, after)

asyncio.run(main())
"""


def test_the_app_start_up_freezes_what_it_loaded(tmp_path: Path, index_dir: Path) -> None:
    shutil.copytree(index_dir, tmp_path / "api-index")  # built once per session
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TUTOR_"))}
    env |= {"TUTOR_DATA_DIR": str(tmp_path), "TUTOR_RENDER_WARM_SANDBOXES": "0"}
    done = subprocess.run(
        [sys.executable, "-c", START], capture_output=True, text=True, cwd=ROOT, env=env,
        timeout=120, check=True,
    )  # fmt: skip
    before, after = map(int, done.stdout.split()[-2:])
    assert before == 0 and after > 100_000, done.stdout
