"""The store contract runs against every backend: SQLite, PostgreSQL (a real server), and Convex
(our real functions behind the stand-in Convex server) over each of the Convex clients. Tests
about the SQLite file itself are marked `sqlite_only`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from lessons.store.convex_store import ConvexLessonStore
from lessons.store.postgres_store import PostgresLessonStore
from lessons.store.protocol import LessonStore
from lessons.store.sqlite_store import SqliteLessonStore
from tests.convex_server import SECRET


@pytest.fixture(params=["sqlite", "postgres", "convex", "convex-websocket"])
async def store(request: pytest.FixtureRequest, db: Path) -> AsyncIterator[LessonStore]:
    """A real lesson store of each kind, empty, closed after the test."""
    if request.param == "sqlite":
        with SqliteLessonStore.open(db) as opened:
            yield opened
        return
    if request.node.get_closest_marker("sqlite_only") is not None:
        pytest.skip("about the SQLite file itself")
    if request.param == "postgres":
        with PostgresLessonStore.open(request.getfixturevalue("postgres_url")) as opened:
            yield opened
        return
    server = request.getfixturevalue("convex_server")
    server.reset()
    transport = "websocket" if request.param == "convex-websocket" else "http"
    opened = ConvexLessonStore.open(server.url, SECRET, transport)
    yield opened
    opened.close()
