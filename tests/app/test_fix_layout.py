"""Fix layout, as a user meets it: a clip whose two labels overlap shows a short warning and a
Fix layout button; the button asks the model, in exactly the words the offline model reads, to
fix that scene; the new clip is clean and shows neither. The warning stays on reopening.

Real parts: the app (`chainlit run`), Chromium, renders with the layout audit in the sandbox,
and the real OpenAI client against a local OpenAI-compatible model stub scripted for two turns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import TimeoutError as PlaywrightTimeout

from tests.agent.model_stub import (
    Chunk,
    StubServer,
    latest_user_text,
    text_reply,
    tool_calls,
    tool_results_this_turn,
)
from tests.agent.scripts import plan, scene_code
from tests.agent.test_lesson_layout_items import CLEAN, OVERLAP
from tests.app.conftest import AppServer
from tests.app.test_chat_app import has_clip, login, send, wait_until
from tests.http_stubs import serving

pytestmark = [pytest.mark.render, pytest.mark.browser]

PROMPT, FIX_REQUEST = "Make a short lesson on fractions", "Fix the layout of scene 1."
SCENE_BUTTONS = ("Fix layout", "Edit", "Revert")
MADE, FIXED = "Your lesson is ready.", "The labels no longer overlap."


def words(text: str) -> list[str]:
    """`text` as a model streams it: word by word, each with the space after it."""
    return re.findall(r"\S+\s*", text)


def two_turns(body: dict[str, Any]) -> Iterator[Chunk]:
    """Turn 1 makes a lesson whose scene 1 has overlapping labels (2 and 3: squares); the
    Fix layout turn edits them apart. Each step is chosen by the tool results sent back since
    the user's message."""
    step = tool_results_this_turn(body)
    if latest_user_text(body) == FIX_REQUEST:
        if step == 0:
            edit = {"scene": 1, "code": CLEAN, "change": "labels apart"}
            yield from tool_calls([("edit_scene", edit)], 10)
        else:
            yield from text_reply(words(FIXED))
        return
    writes = [("write_scene_code", {"scene": 1, "code": OVERLAP})]
    writes += [("write_scene_code", {"scene": n, "code": scene_code(n)}) for n in (2, 3)]
    make = {  # tool results so far → the next calls (the writes send back three)
        0: [("plan_lesson", {"plan": plan(3, "Fractions")})],
        1: writes,
        4: [("render_scenes", {"scenes": None})],
        5: [("assemble_lesson", {})],
    }
    if step in make:
        yield from tool_calls(make[step], step + 1)
    else:
        yield from text_reply(words(MADE))


@pytest.fixture
def model() -> Iterator[StubServer]:
    with serving(StubServer(two_turns)) as server:
        yield server


@pytest.fixture
def app_on_stub(
    model: StubServer, tmp_path: Path, index_dir: Path, docs_index: object
) -> Iterator[AppServer]:
    data = tmp_path / "data"
    data.mkdir()
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    server = AppServer(
        data, extra_env={"TUTOR_MODEL": "stub-model", "TUTOR_MODEL_BASE_URL": model.base_url}
    )
    server.start()
    yield server
    server.stop()


async def send_first(page: Any, text: str) -> None:
    """The chat's first message. A new chat can drop one sent while it is still connecting
    (the input keeps the text): sent again then, never once it shows as the user's."""
    await page.get_by_text("Pythagorean theorem", exact=True).wait_for(timeout=30_000)
    for _ in range(3):
        await send(page, text)
        try:
            await page.locator("[data-step-type=user_message]").first.wait_for(timeout=5_000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError("the chat never took the first message")


def clip_message(page: Any, version: int) -> Any:
    return page.locator("[data-step-type=assistant_message]").filter(
        has_text=re.compile(rf"Scene 1: .*\(version {version}\)")
    )


async def test_fix_layout_turns_a_warned_clip_into_a_clean_one(
    app_on_stub: AppServer, model: StubServer, browser: Any, screens: Path
) -> None:
    page = await browser.new_page(viewport={"width": 1280, "height": 1000})
    await login(page, app_on_stub, "ada")
    await send_first(page, PROMPT)
    await wait_until(page, has_clip(1, 1), 120)
    await page.get_by_text(MADE).wait_for(timeout=120_000)  # the turn is over
    first = clip_message(page, 1)
    warned = await first.inner_text()
    assert "Layout:" in warned, warned
    assert "Text('denominator') overlaps Text('numerator')" in warned, warned
    fix = first.get_by_role("button", name="Fix layout")
    assert await fix.is_visible()
    assert await page.get_by_role("button", name="Fix layout", exact=True).count() == 1  # not 2, 3
    assert await page.get_by_text("Layout:").count() == 1
    await first.scroll_into_view_if_needed()
    await page.screenshot(path=screens / "fix-layout-1-warned.png")

    await fix.click()
    await wait_until(page, has_clip(1, 2), 120)
    await page.get_by_text(FIXED).wait_for(timeout=120_000)
    # The button's turn sent exactly these words: its two model calls (edit, reply) carry them.
    asked = [latest_user_text(r["body"]) for r in model.requests]
    assert asked == [PROMPT] * 5 + [FIX_REQUEST] * 2, asked
    second = clip_message(page, 2)
    clean = await second.inner_text()
    assert "Layout:" not in clean and "overlaps" not in clean, clean
    assert await second.get_by_role("button", name="Edit", exact=True).is_visible()  # it has some
    assert await second.get_by_role("button", name="Fix layout").count() == 0
    await second.scroll_into_view_if_needed()
    await page.screenshot(path=screens / "fix-layout-2-fixed.png")

    # Reopened from the history: the warning is part of the stored message. Chainlit keeps no
    # buttons (actions are sent live only), so Fix layout goes with the others.
    await page.reload()
    await wait_until(page, f"{has_clip(1, 1)} && {has_clip(1, 2)}", 60)
    reopened = await clip_message(page, 1).inner_text()
    assert "Text('denominator') overlaps Text('numerator')" in reopened, reopened
    assert "Layout:" not in await clip_message(page, 2).inner_text()
    clips = page.locator("[data-step-type=assistant_message]").filter(has_text="(version ")
    shown = [await clips.get_by_role("button", name=n, exact=True).count() for n in SCENE_BUTTONS]
    assert shown == [0, 0, 0], shown
    await clip_message(page, 1).scroll_into_view_if_needed()
    await page.screenshot(path=screens / "fix-layout-3-reopened.png")
    await page.close()
