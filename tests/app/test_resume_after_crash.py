"""A lesson cut off by a crash is finished in the chat: reopening offers Resume, "continue"
finishes every scene, and no new lesson called "Continue" appears. Real server, real renders."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import ROOT, AppServer
from tests.app.test_chat_app import login, send, wait_until

pytestmark = [pytest.mark.render, pytest.mark.browser]

REPLY = "[data-step-type=assistant_message]"


def tutor(server: AppServer, *args: str) -> Any:
    """A `tutor ... --json` command as ada, on the app's data dir; its JSON output."""
    out = subprocess.run(
        [sys.executable, "-m", "agent.cli", *args, "--json"],
        capture_output=True, text=True, env={**server.env(), "TUTOR_USER": "ada"}, cwd=ROOT,
        timeout=120,
    )  # fmt: skip
    assert out.stdout, out.stderr
    return json.loads(out.stdout)


async def ready_chat(page: Any, server: AppServer) -> None:
    """Logged in, and the chat socket connected (its settings button arrives over it)."""
    await login(page, server, "ada")
    await page.locator("#chat-settings-open-modal").wait_for(timeout=30_000)


async def test_a_lesson_cut_off_by_a_crash_is_finished_from_the_chat(
    app_server: AppServer, browser: Any, screens: Path
) -> None:
    page = await browser.new_page(viewport={"width": 1280, "height": 1000})
    await ready_chat(page, app_server)
    await send(page, "Make a short lesson on the derivative as slope")
    await wait_until(page, "found.length >= 1", 240)  # the first clip: the others are under way
    thread_url = page.url
    assert "/thread/" in thread_url, thread_url
    assert app_server.proc is not None
    os.killpg(app_server.proc.pid, signal.SIGKILL)  # the crash: server and sandboxes at once
    app_server.proc.wait()
    app_server.proc = None
    await page.close()

    [lesson] = tutor(app_server, "lessons")
    cut = tutor(app_server, "show", lesson["lesson"])
    assert cut["export"] is None and any(s["status"] != "ok" for s in cut["scenes"]), cut

    app_server.start()
    page = await browser.new_page(viewport={"width": 1280, "height": 1000})
    await ready_chat(page, app_server)
    await page.goto(thread_url)  # reopen the chat
    offer = page.locator(REPLY).filter(has_text="was interrupted")
    await offer.first.wait_for(timeout=60_000)
    # Chainlit sends a message's actions just after the message: wait for the button to join it.
    resume = offer.first.get_by_role("button", name="Resume")
    await resume.first.wait_for(timeout=10_000)
    assert await resume.count() == 1
    await page.screenshot(path=screens / "resume-offered.png", full_page=True)

    await page.locator("#chat-settings-open-modal").wait_for(timeout=30_000)
    await send(page, "continue")
    finished = page.locator(REPLY).filter(has_text="I went on with the interrupted lesson")
    await finished.first.wait_for(timeout=300_000)
    await wait_until(page, "found.some(v => v.text.includes('The whole lesson'))", 60)
    await page.screenshot(path=screens / "resume-finished.png", full_page=True)

    done = tutor(app_server, "show", lesson["lesson"])
    assert [s["status"] for s in done["scenes"]] == ["ok"] * len(done["scenes"]), done
    assert done["export"] and not any(s["error"] for s in done["scenes"]), done
    assert [x["lesson"] for x in tutor(app_server, "lessons")] == [lesson["lesson"]]  # no new one

    await offer.first.get_by_role("button", name="Resume").click()  # nothing left to do now
    await (
        page.locator(REPLY)
        .filter(has_text="Nothing is left to finish")
        .first.wait_for(timeout=30_000)
    )
    await page.close()
