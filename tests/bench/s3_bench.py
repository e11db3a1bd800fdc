"""Media in S3 against local files, in the running app: a 5-scene lesson from prompt to the whole
lesson playable in a real browser, with `TUTOR_STORAGE=s3` (moto's S3 server on 127.0.0.1) ÷
the same with local storage. Offline model, low quality, empty render cache each time.

Run with `make bench`; rewrites the "Media in S3" section of docs/BENCHMARKS.md.
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

from tests.app.conftest import CHROMIUM, AppServer
from tests.app.test_chat_app import lesson_count_at_least, login
from tests.bench.report import replace_section
from tests.s3_server import CREDENTIALS, S3Server
from tools.check.api_index import installed_manim_version, load_api_index

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "BENCHMARKS.md"
RUNS = 3  # per storage, alternating, so a slow spell of the machine hits both
LESSON_PLAYS = "found.some(v => v.text.includes('The whole lesson') && v.ready >= 2)"
VIDEOS = """[...document.querySelectorAll('[data-step-type=assistant_message]')]
  .filter(m => m.querySelector('video')).map(m => ({text: m.innerText.slice(0, 300),
   ready: m.querySelector('video').readyState}))"""


async def lesson_seconds(server: AppServer) -> tuple[float, int]:
    """Seconds from clicking the example prompt to the whole lesson playable; scene count."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = await browser.new_page()
        await login(page, server, "ada")
        example = page.get_by_text("Pythagorean theorem", exact=True)
        await example.wait_for(timeout=30_000)
        start = time.perf_counter()
        await example.click()
        await page.wait_for_function(
            f"(() => {{ const found = {VIDEOS}; return {lesson_count_at_least(1)} && "
            f"{LESSON_PLAYS}; }})()",
            timeout=300_000,
            polling=50,
        )
        elapsed = time.perf_counter() - start
        scenes = sum(1 for v in await page.evaluate(VIDEOS) if v["text"].startswith("Scene "))
        await browser.close()
    return elapsed, scenes


async def one_lesson(tmp: Path, index: Path, name: str, env: dict[str, str]) -> tuple[float, int]:
    data = tmp / name
    data.mkdir()
    (data / "api-index").symlink_to(index, target_is_directory=True)
    server = AppServer(data, extra_env=env)
    server.start()
    try:
        return await lesson_seconds(server)
    finally:
        server.stop()


async def main() -> None:
    s3 = S3Server()
    s3.start()
    times: dict[str, list[float]] = {"local": [], "s3": []}
    scenes = 0
    try:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            load_api_index(tmp / "index")
            for run in range(RUNS):
                for storage in ("local", "s3") if run % 2 == 0 else ("s3", "local"):
                    env = {} if storage == "local" else {
                        **CREDENTIALS, "TUTOR_STORAGE": "s3", "TUTOR_S3_BUCKET": s3.new_bucket(),
                        "TUTOR_S3_ENDPOINT_URL": s3.url,
                    }  # fmt: skip
                    print(f"run {run + 1}/{RUNS}, {storage} storage…", flush=True)
                    seconds, scenes = await one_lesson(tmp, tmp / "index", f"{storage}-{run}", env)
                    times[storage].append(seconds)
    finally:
        s3.stop()
    local, remote = statistics.median(times["local"]), statistics.median(times["s3"])
    each = {k: ", ".join(f"{t:.1f}" for t in v) for k, v in times.items()}
    lines = [
        f"Taken by `make bench` in one run on {time.strftime('%Y-%m-%d')}: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, manim "
        f"{installed_manim_version()}, offline model, low quality; the app, headless Chromium "
        f"and moto's S3 server on this machine. A {scenes}-scene lesson, from the prompt to the "
        "whole lesson playable in the browser, each time in a fresh app with an empty render "
        f"cache; {RUNS} lessons per storage, alternating; medians shown.",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| local files (s: {each['local']}) | {local:.1f} s | |",
        f"| S3, every clip, poster, caption file and the lesson uploaded as made, clips played "
        f"through presigned redirects (s: {each['s3']}) | {remote:.1f} s | |",
        f"| S3 ÷ local | **{remote / local:.2f}** | ≤ 1.10 |",
        "",
    ]
    replace_section(OUT, "Media in S3", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    asyncio.run(main())
