"""The Convex store's own edges: the server secret, an unreachable deployment, the settings
that choose it. (The store contract itself runs against Convex in the other store tests.)"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from pydantic import SecretStr

from agent.settings import Settings
from agent.wiring import open_store
from lessons.store.convex_calls import (
    ConvexCalls,
    ConvexStoreError,
    ConvexUnavailable,
    Transport,
)
from lessons.store.convex_store import ConvexLessonStore
from lessons.store.records import SceneDraft
from tests.convex_server import SECRET, ConvexTestServer


@pytest.fixture
def server(convex_server: ConvexTestServer) -> ConvexTestServer:
    convex_server.reset()
    return convex_server


@pytest.mark.parametrize("transport", ["http", "websocket"])
@pytest.mark.parametrize("secret", ["wrong", SECRET[:-1], SECRET + "x"])
async def test_a_wrong_secret_is_refused(
    server: ConvexTestServer, secret: str, transport: Transport
) -> None:
    store = ConvexLessonStore.open(server.url, secret, transport)
    with pytest.raises(ConvexStoreError, match="wrong server secret"):
        await store.ensure_user("eve")
    assert server.counts()["users"] == 0


async def test_no_secret_is_refused_before_any_call(server: ConvexTestServer) -> None:
    with pytest.raises(ValueError, match="TUTOR_CONVEX_SECRET"):
        ConvexLessonStore.open(server.url, "")
    with pytest.raises(ValueError, match="http"):
        ConvexLessonStore.open("convex.example", SECRET)


async def test_an_unreachable_deployment_is_retried_then_reported() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    store = ConvexLessonStore(ConvexCalls(url, SECRET, tries=3, first_wait_s=0.01))
    with pytest.raises(ConvexUnavailable, match=r"did not answer users:get \(3 tries\)"):
        await store.get_user("ada")
    with pytest.raises(ConvexUnavailable, match=r"did not answer users:ensure \(3 tries\)"):
        await store.ensure_user("ada")  # nothing was sent, so a mutation is retried too


async def test_a_deployment_that_never_answers_times_out() -> None:
    with socket.socket() as silent:  # accepts connections (the backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        store = ConvexLessonStore(ConvexCalls(url, SECRET, timeout_s=0.5))
        with pytest.raises(ConvexUnavailable, match=r"did not answer users:list within 0.5 s"):
            await store.list_users()


async def test_settings_choose_convex(server: ConvexTestServer, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="CONVEX_URL"):
        open_store(Settings(data_dir=tmp_path, store="convex"))
    settings = Settings(
        data_dir=tmp_path, store="convex", convex_url=server.url, convex_secret=SecretStr(SECRET)
    )
    store = open_store(settings)
    assert isinstance(store, ConvexLessonStore)
    ada = await store.ensure_user("ada")
    draft = SceneDraft(title="t", goal="g", narration="n", visual="v")
    await store.create_lesson(ada, "T", "p", "chat", "low", [draft, draft])
    counts = server.counts()
    assert (counts["users"], counts["lessons"], counts["scenes"]) == (1, 1, 2)
    assert not settings.db_path.exists()  # nothing went to SQLite


def test_convex_url_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TUTOR_STORE", "convex")
    monkeypatch.setenv("CONVEX_URL", "https://happy-otter-123.convex.cloud")
    monkeypatch.setenv("TUTOR_CONVEX_SECRET", "s3cret")
    settings = Settings(data_dir=tmp_path)
    assert settings.convex_url == "https://happy-otter-123.convex.cloud"
    assert settings.convex_secret is not None
    assert settings.convex_secret.get_secret_value() == "s3cret"
