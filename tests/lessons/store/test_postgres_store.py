"""The PostgreSQL store beyond the shared contract: several instances on one database (the
point of it), start-ups racing on a fresh database, and failures that name the database
without its password."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from lessons.store.migrations import head
from lessons.store.postgres_conn import upgrade_postgres
from lessons.store.postgres_store import PostgresLessonStore
from lessons.store.protocol import StoreError
from lessons.store.records import SceneDraft
from tests.postgres_server import PostgresServer

DRAFTS = [SceneDraft(title="S1", goal="g", narration="n", visual="v")]


async def test_two_instances_adding_versions_at_once_get_distinct_numbers(
    postgres_url: str,
) -> None:
    with (
        PostgresLessonStore.open(postgres_url) as one,
        PostgresLessonStore.open(postgres_url) as two,
    ):
        ada = await one.ensure_user("ada")
        lesson = await one.create_lesson(ada, "T", "p", "chat", "low", DRAFTS)
        # Each call runs on its own thread and connection: the writes really overlap.
        added = await asyncio.gather(
            *(
                (one if i % 2 else two).add_version(ada, lesson.id, 1, f"code {i}", "")
                for i in range(40)
            )
        )
        assert sorted(v.number for v in added) == list(range(1, 41))
        assert [v.number for v in await two.versions(ada, lesson.id, 1)] == list(range(1, 41))


async def test_one_instance_sees_the_others_writes(postgres_url: str) -> None:
    with (
        PostgresLessonStore.open(postgres_url) as one,
        PostgresLessonStore.open(postgres_url) as two,
    ):
        ada = await one.ensure_user("ada")
        lesson = await one.create_lesson(ada, "T", "p", "chat", "low", DRAFTS)
        assert [x.id for x in await two.list_lessons(ada)] == [lesson.id]
        await two.set_password("ada", "pw")
        assert await one.check_password("ada", "pw") == ada


def test_instances_starting_together_upgrade_a_fresh_database_once(postgres_url: str) -> None:
    with ThreadPoolExecutor(4) as pool:
        done = list(pool.map(upgrade_postgres, [postgres_url] * 4))
    assert sorted(d.from_revision or "" for d in done) == ["", head(), head(), head()]


async def test_an_unreachable_database_is_named_without_its_password(
    postgres_server: PostgresServer,
) -> None:
    url = f"postgresql://tutor:hunter2secret@127.0.0.1:{postgres_server.port}/no_such_db"
    with pytest.raises(StoreError) as caught:
        PostgresLessonStore.open(url)
    message = str(caught.value)
    assert "hunter2secret" not in message
    assert f"postgresql://tutor@127.0.0.1:{postgres_server.port}/no_such_db" in message
    assert "no_such_db" in message and "does not exist" in message


async def test_a_dropped_connection_fails_one_call_then_reconnects(postgres_url: str) -> None:
    with PostgresLessonStore.open(postgres_url) as store:
        await store.ensure_user("ada")
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE application_name = 'manim-tutor'"
            )
        with pytest.raises(StoreError, match="PostgreSQL lesson store"):
            await store.get_user("ada")
        found = await store.get_user("ada")
        assert found is not None and found.name == "ada"


def test_a_closed_store_refuses_calls(postgres_url: str) -> None:
    store = PostgresLessonStore.open(postgres_url)
    store.close()
    store.close()
    with pytest.raises(RuntimeError, match="closed"):
        asyncio.run(store.get_user("ada"))
