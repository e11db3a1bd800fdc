"""What the chat shows: titles as plain text, no server paths or ids, too-long messages refused.

A real app server and real Chromium; lessons come from the offline model with real renders.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import ROOT, AppServer
from tests.app.test_chat_app import lesson_count_at_least, login, send, wait_until

pytestmark = [pytest.mark.render, pytest.mark.browser]

TITLE = "[click](https://evil.example) **bold** <i>x</i>"  # 47 characters: the whole title
REPLY = "[data-step-type=assistant_message]"
WORD_JOINER = "\u2060"  # invisible; keeps bare URLs in titles from becoming links


async def open_chat(page: Any, server: AppServer) -> None:
    await login(page, server, "ada")
    await page.get_by_text("Pythagorean theorem", exact=True).wait_for(timeout=30_000)
    # The settings button comes over the chat socket: the chat is connected and takes messages.
    await page.locator("#chat-settings-open-modal").wait_for(timeout=30_000)


def lessons_of(server: AppServer, user: str) -> list[dict[str, Any]]:
    """`tutor lessons --json` for a user of the running app's data dir."""
    env = {**server.env(), "TUTOR_USER": user}
    out = subprocess.run(
        [sys.executable, "-m", "agent.cli", "lessons", "--json"],
        capture_output=True, text=True, env=env, cwd=ROOT, check=True, timeout=120,
    )  # fmt: skip
    return json.loads(out.stdout)


async def thread_steps(page: Any, server: AppServer) -> str:
    """Every stored step of the open chat (messages, tool steps' inputs and outputs) as text:
    what the chat shows when it is reopened, collapsed steps included."""
    match = re.search(r"/thread/([0-9a-f-]+)", page.url)
    assert match, page.url
    answer = await page.request.get(f"{server.url}/project/thread/{match[1]}")
    assert answer.ok, answer.status
    steps = (await answer.json())["steps"]
    return json.dumps(
        [[s.get("name"), s.get("input"), s.get("output")] for s in steps], ensure_ascii=False
    )


async def test_titles_are_plain_text_and_no_paths_or_ids_are_shown(
    app_server: AppServer, browser: Any, screens: Path
) -> None:
    page = await browser.new_page(viewport={"width": 1280, "height": 1000})
    await open_chat(page, app_server)
    await send(page, f"Make a short lesson on {TITLE}")
    try:
        await wait_until(page, lesson_count_at_least(1), 300)
    finally:
        await page.screenshot(path=screens / "content-lesson.png", full_page=True)
    done = page.locator(REPLY).filter(has_text="[offline model] Your lesson")
    await done.first.wait_for(timeout=60_000)  # the turn is over: the next message is taken
    await send(page, "status")
    status = page.locator(REPLY).filter(has_text="[offline model] Lesson")
    await status.first.wait_for(timeout=60_000)
    await page.screenshot(path=screens / "content-title-and-status.png", full_page=True)

    # The user's own message is theirs to format; nothing the app or the model shows links.
    links = "a[href*='evil.example']:not([data-step-type=user_message] a)"
    assert await page.locator(links).count() == 0
    assert await page.locator("i", has_text=re.compile(r"^x$")).count() == 0  # no HTML
    text = (await page.inner_text("body")).replace(WORD_JOINER, "")
    assert f"Scene 1: {TITLE}" in text, text[:3000]  # the heading shows the title as typed
    assert f"The whole lesson: {TITLE}" in text

    [lesson] = lessons_of(app_server, "ada")
    data_dir = str(app_server.data_dir)
    stored = await thread_steps(page, app_server)
    for shown in (text, stored):
        assert lesson["lesson"] not in shown, "the lesson's id is shown"
        assert data_dir not in shown and "/files/" not in shown, "a server path is shown"
    assert "lesson.mp4" in stored  # files are named by their name only
    await page.close()


def copies(data_dir: Path, marker: str) -> int:
    """How many stored text values (any table, any column, any database) contain `marker`."""
    found = 0
    for db in data_dir.glob("*.db"):
        with sqlite3.connect(db) as conn:
            tables = [
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            for table in tables:
                for column in [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]:
                    query = (
                        f'SELECT COUNT(*) FROM "{table}" WHERE instr(CAST("{column}" AS TEXT), ?)'
                    )
                    found += conn.execute(query, (marker,)).fetchone()[0]
    return found


@pytest.mark.parametrize("size", [25_000, 2_000_000])
async def test_too_long_messages_get_a_clear_refusal_and_are_stored_once(
    app_server: AppServer, browser: Any, screens: Path, size: int
) -> None:
    before = len(lessons_of(app_server, "ada"))
    page = await browser.new_page(viewport={"width": 1280, "height": 1000})
    await open_chat(page, app_server)
    marker = f"END-OF-LONG-MESSAGE-{size}"
    prompt = "Make a short lesson on the Pythagorean theorem. "
    await send(page, prompt + "more words " * ((size - len(prompt)) // 11) + marker)
    refusal = page.locator(REPLY).filter(has_text="the tutor takes at most 20,000")
    await refusal.first.wait_for(timeout=60_000)
    await page.screenshot(path=screens / f"content-too-long-{size}.png")
    assert f"{size:,}"[:3] in await refusal.first.inner_text()  # says how long it was
    assert len(lessons_of(app_server, "ada")) == before  # nothing was made of it
    assert copies(app_server.data_dir, marker) == 1  # the chat's copy of the message only
    await page.close()
