"""A scene that fails shows its error in plain words with Retry and Revert, never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import AppServer
from tests.app.test_chat_app import login, send

pytestmark = [pytest.mark.render, pytest.mark.browser]


@pytest.fixture
def impatient_server(tmp_path: Path, index_dir: Path) -> Iterator[AppServer]:
    """Renders get far less time than they need, so every scene fails (a timeout)."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    server = AppServer(data, extra_env={"TUTOR_RENDER_TIMEOUT_S": "0.2"})
    server.start()
    yield server
    server.stop()


async def test_failed_scenes_say_what_happened_and_offer_retry(
    impatient_server: AppServer, browser: Any, screens: Path
) -> None:
    page = await browser.new_page(viewport={"width": 1280, "height": 1000})
    await login(page, impatient_server, "ada")
    await page.get_by_text("Pythagorean theorem", exact=True).wait_for(timeout=30_000)
    await page.locator("#chat-settings-open-modal").wait_for(timeout=30_000)  # socket is up
    await send(page, "Make a short lesson on sine and the unit circle")
    failed = page.locator("[data-step-type=assistant_message]").filter(
        has_text="could not be rendered"
    )
    await failed.first.wait_for(timeout=120_000)
    text = await failed.first.inner_text()
    assert "did not finish within" in text and "Traceback" not in text, text
    retry = failed.first.get_by_role("button", name="Retry")
    await retry.first.wait_for(timeout=10_000)  # actions are sent just after their message
    assert await retry.count() == 1
    await page.screenshot(path=screens / "failed-scene.png", full_page=True)
    before = await page.locator("[data-step-type=assistant_message]").count()
    await retry.click()
    await page.wait_for_function(
        f"document.querySelectorAll('[data-step-type=assistant_message]').length > {before}",
        timeout=120_000,
    )
    reply = page.locator("[data-step-type=assistant_message]").last
    await reply.filter(has_text="[offline model]").wait_for(timeout=60_000)  # Retry got an answer
    assert "Traceback" not in await page.inner_text("body")
    await page.screenshot(path=screens / "failed-scene-retry.png", full_page=True)
