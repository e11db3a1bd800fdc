"""Fixtures shared by every test package."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from lessons.store.sqlite_store import SqliteLessonStore
from mcp_manim_docs.doc_model import DocsIndex
from mcp_manim_docs.docs_build import load_docs_index
from tests.convex_server import ConvexTestServer
from tests.postgres_server import PostgresServer
from tests.redis_server import RedisServer
from tests.s3_server import CREDENTIALS, S3Server
from tools.check import ApiIndex, load_api_index


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where this test session's API index lives (built once, on first use)."""
    return tmp_path_factory.mktemp("api-index")


@pytest.fixture(scope="session")
def api_index(index_dir: Path) -> ApiIndex:
    """The installed manim's API index, built once per test session."""
    return load_api_index(index_dir)


@pytest.fixture(scope="session")
def docs_index(index_dir: Path) -> DocsIndex:
    """The installed manim's documentation index, built once per test session."""
    return load_docs_index(index_dir)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One real redis-server on 127.0.0.1 for the whole session (each user picks a database)."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One real PostgreSQL server on 127.0.0.1 for the whole session (each user makes a database)."""
    server = PostgresServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """A fresh, empty database on the session's PostgreSQL server."""
    return postgres_server.create_database()


LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@pytest.fixture(autouse=True)
def no_real_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that would reach a real model (or anything else off this machine).

    Every model client here speaks HTTP through httpx (LiteLLM, webhooks) or its fork httpx2
    (the OpenAI client, OpenAI-compatible servers too); only servers the tests start on the
    loopback interface may answer.
    """
    import httpx
    import httpx2

    for module in (httpx, httpx2):
        _guard_sends(monkeypatch, module.AsyncClient, module.Client)
    monkeypatch.setenv("OPENAI_AGENTS_DISABLE_TRACING", "1")
    for var in ("TUTOR_MODEL", "TUTOR_MODEL_BASE_URL", "TUTOR_MODEL_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(var, raising=False)


def _guard_sends(monkeypatch: pytest.MonkeyPatch, async_client: Any, client: Any) -> None:
    real_async_send, real_send = async_client.send, client.send

    def refuse(request: Any) -> None:
        if request.url.host not in LOOPBACK:
            raise AssertionError(f"a test tried to reach {request.url} (a real model?)")

    async def guarded_async_send(self: Any, request: Any, **kw: Any) -> Any:
        refuse(request)
        return await real_async_send(self, request, **kw)

    def guarded_send(self: Any, request: Any, **kw: Any) -> Any:
        refuse(request)
        return real_send(self, request, **kw)

    monkeypatch.setattr(async_client, "send", guarded_async_send)
    monkeypatch.setattr(client, "send", guarded_send)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Where a test's lessons database lives (not created yet)."""
    return tmp_path / "data" / "tutor.db"


@pytest.fixture
async def store(db: Path) -> AsyncIterator[SqliteLessonStore]:
    """A real SQLite lesson store, migrated, closed after the test."""
    with SqliteLessonStore.open(db) as opened:
        yield opened


@pytest.fixture(scope="session")
def convex_server() -> Iterator[ConvexTestServer]:
    """One stand-in Convex backend (our functions in convex-test) for the whole test session;
    tests reset it before use."""
    server = ConvexTestServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """One S3 API server on 127.0.0.1 for the whole test session (moto's)."""
    server = S3Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def s3(s3_server: S3Server, monkeypatch: pytest.MonkeyPatch) -> S3Server:
    """The S3 server, running, with test credentials in this process's environment."""
    if not s3_server.running:  # a test that stopped it (an outage) and failed before restarting
        s3_server.start()
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    return s3_server
