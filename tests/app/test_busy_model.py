"""A model that keeps answering 429, seen from a chat tab: the chat says the model is busy and
retrying, then, when the tries run out, that it is still busy — not "something went wrong".

The app runs for real (`chainlit run`) against a local OpenAI-compatible stub over HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.agent.model_stub import StubServer, text_reply
from tests.app.chat_socket import ChatSocket
from tests.app.conftest import PASSWORDS, AppServer
from tests.app.http import login_token
from tests.http_stubs import serving


@pytest.fixture
def busy_stub() -> Iterator[StubServer]:
    never = StubServer(lambda body: text_reply(["(never answered)"]), busy_for=1000)
    with serving(never) as server:
        yield server


@pytest.fixture
def app_on_busy_model(
    busy_stub: StubServer, tmp_path: Path, index_dir: Path, docs_index: object
) -> Iterator[AppServer]:
    data = tmp_path / "data"
    data.mkdir()
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    model = {
        "TUTOR_MODEL": "stub-model",
        "TUTOR_MODEL_BASE_URL": busy_stub.base_url,
        "TUTOR_MODEL_RETRIES": "2",
        "TUTOR_MODEL_RETRY_WAIT_S": "0.01",
        "TUTOR_MODEL_RETRY_MAX_WAIT_S": "0.05",
    }
    server = AppServer(data, extra_env=model)
    server.start()
    yield server
    server.stop()


def said(events: list[tuple[str, Any]]) -> list[str]:
    """Every message text the chat showed, new or updated, in order."""
    kinds = ("new_message", "update_message")
    return [d.get("output") or "" for e, d in events if e in kinds and isinstance(d, dict)]


async def test_the_chat_says_the_model_is_busy_then_still_busy(
    app_on_busy_model: AppServer, busy_stub: StubServer
) -> None:
    token = login_token(app_on_busy_model, "ada", PASSWORDS["ada"])
    async with ChatSocket(app_on_busy_model, token) as tab:
        await tab.turn("Make a short lesson on squares", timeout_s=120)
        texts = said(tab.events)
    assert "The model is busy, retrying… (try 2 of 3)" in texts, texts
    assert "The model is busy, retrying… (try 3 of 3)" in texts, texts  # one message, updated
    assert "The model is still busy after 3 tries; try again in a minute." in texts, texts
    assert not any("Something went wrong" in text for text in texts), texts
    assert len(busy_stub.requests) == 3
    log = app_on_busy_model.log.read_text() if app_on_busy_model.log else ""
    assert "model call failed (try 1 of 3): RateLimitError" in log
