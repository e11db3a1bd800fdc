"""Voice benchmark: a whole 5-scene lesson in the running app with the offline voice
(espeak-ng) ÷ the same lesson without a voice (`TUTOR_VOICE=none`). Offline model, low quality,
each run a fresh app with an empty render and speech cache, on and off taken in turns.

Run with `make bench`; rewrites the "Voice" section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import asyncio
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from playwright.async_api import async_playwright

from tests.app.conftest import CHROMIUM, PASSWORDS, AppServer
from tests.app.test_chat_app import LESSON_PROMPT, login, send
from tests.bench.report import replace_section
from tools.check.api_index import installed_manim_version, load_api_index

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "BENCHMARKS.md"
RUNS = 3
LESSON_DONE = (
    "[...document.querySelectorAll('[data-step-type=assistant_message]')]"
    ".some(m => m.innerText.includes('The whole lesson'))"
)


async def lesson_seconds(server: AppServer) -> float:
    """Seconds from sending the prompt to the stitched lesson's message in the browser."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = await browser.new_page()
        await login(page, server, "ada")
        await asyncio.sleep(2.0)  # the app's sandboxes warm up, as between messages
        start = time.perf_counter()
        await send(page, LESSON_PROMPT)
        await page.wait_for_function(LESSON_DONE, timeout=600_000, polling=50)
        elapsed = time.perf_counter() - start
        await browser.close()
    return elapsed


async def one_run(tmp: Path, index: Path, name: str, voice: str) -> float:
    data = tmp / name
    data.mkdir()
    (data / "api-index").symlink_to(index, target_is_directory=True)
    server = AppServer(data, extra_env={"TUTOR_VOICE": voice})
    server.start()
    try:
        return await lesson_seconds(server)
    finally:
        server.stop()


async def main() -> None:
    spoken: list[float] = []
    silent: list[float] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        load_api_index(tmp / "index")
        for run in range(RUNS):
            for voice, times in (("espeak", spoken), ("none", silent)):
                print(f"run {run + 1}/{RUNS}, voice {voice}: {LESSON_PROMPT!r}…", flush=True)
                times.append(await one_run(tmp, tmp / "index", f"{voice}-{run}", voice))
                print(f"  {times[-1]:.1f} s", flush=True)
    on, off = statistics.median(spoken), statistics.median(silent)
    lines = [
        f"Taken by `make bench` in one run on {time.strftime('%Y-%m-%d')}: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, manim "
        f"{installed_manim_version()}, offline model, low quality; the app and headless "
        f"Chromium on this machine. {RUNS} lessons with each setting, taken in turns, each in a "
        "fresh app with empty render and speech caches; medians.",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| prompt sent → the stitched 5-scene lesson in the browser, espeak-ng voice ÷ no voice "
        f"(`TUTOR_VOICE=none`) | **{on / off:.2f}** ({on:.1f} s ÷ {off:.1f} s; with voice "
        f"{', '.join(f'{t:.1f}' for t in spoken)}; without {', '.join(f'{t:.1f}' for t in silent)})"
        " | ≤ 1.15 |",
        "",
        "With a voice, every scene's narration is spoken when the plan is made (all scenes at "
        "once), each clip holds its last frame until its speech ends (encoded as one frame shown "
        "that long) and gets its AAC track (video copied, not re-encoded); without, clips get a "
        "silent track.",
        "",
    ]
    replace_section(OUT, "Voice", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    assert PASSWORDS  # the app server logs "ada" in with these
    asyncio.run(main())
