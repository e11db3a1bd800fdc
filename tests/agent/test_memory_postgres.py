"""The agent's conversation memory on a real PostgreSQL server (TUTOR_DATABASE_URL): the Agents
SDK's SQLAlchemySession in the schema `agent`, shared by every app instance on the database;
without it, the SQLite file in the data dir as before."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import psycopg
import pytest
from agents.extensions.memory import SQLAlchemySession
from agents.memory import SQLiteSession
from agents.testing import ModelStep, ScriptedModel, assistant_message
from pydantic import SecretStr

from agent.database import DatabaseError, async_url
from agent.memory import Memory
from agent.settings import Settings
from lessons.store.records import User
from tests.agent.conftest import OpenTutor


def pg_settings(data_dir: Path, url: str) -> Settings:
    # The lesson store stays SQLite here: only the memory is under test.
    return Settings(data_dir=data_dir, database_url=SecretStr(url), store="sqlite")


def tables(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables"
            " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        ).fetchall()
    return {row[0] for row in rows}


def test_the_url_becomes_psycopg_async_and_hides_its_password() -> None:
    url = async_url("postgres://tutor:pw-secret@db.example:5433/tutor?sslmode=require")
    assert url.drivername == "postgresql+psycopg"
    assert (url.host, url.port, url.database, url.password) == (
        "db.example",
        5433,
        "tutor",
        "pw-secret",
    )
    assert url.query == {"sslmode": "require"}
    assert "pw-secret" not in str(url) and "pw-secret" not in repr(url)


async def test_two_instances_share_one_conversation(postgres_url: str, tmp_path: Path) -> None:
    settings = pg_settings(tmp_path, postgres_url)
    # Instances starting together: each makes the schema and tables, one at a time.
    first, second, third = await asyncio.gather(*(Memory.open(settings) for _ in range(3)))
    try:
        assert tables(postgres_url) == {"agent.agent_sessions", "agent.agent_messages"}
        with first.session("u1:chat-1") as session:
            assert isinstance(session, SQLAlchemySession) and session.engine is first.engine
            await session.add_items(
                [
                    {"role": "user", "content": "my name is Ada"},
                    {"role": "assistant", "content": "Hello, Ada."},
                ]
            )
        with second.session("u1:chat-1") as session:
            assert [item.get("content") for item in await session.get_items()] == [
                "my name is Ada",
                "Hello, Ada.",
            ]
            await session.add_items([{"role": "user", "content": "again"}])
        with third.session("u1:chat-1") as session:
            assert len(await session.get_items()) == 3
        with third.session("u2:chat-1") as session:  # another user's chat of the same id
            assert await session.get_items() == []
    finally:
        for memory in (first, second, third):
            await memory.close()


async def test_sqlite_stays_the_default(tmp_path: Path) -> None:
    memory = await Memory.open(Settings(data_dir=tmp_path))
    assert memory.engine is None
    with memory.session("u1:chat-1") as session:
        assert isinstance(session, SQLiteSession)
        await session.add_items([{"role": "user", "content": "hi"}])
    assert (tmp_path / "conversations.db").exists()
    await memory.close()


async def test_an_unreachable_database_fails_without_the_password(
    postgres_url: str, tmp_path: Path
) -> None:
    bad = postgres_url.replace("tutor@", "tutor:pw-Sekr%21t@").rsplit("/", 1)[0] + "/missing"
    with pytest.raises(DatabaseError) as caught:
        await Memory.open(pg_settings(tmp_path, bad))
    message = str(caught.value)
    assert "missing" in message and "\n" not in message
    assert "Sekr" not in message and "pw-" not in message


async def converse_on_two_instances(open_tutor: OpenTutor, settings: Settings) -> User:
    """A turn on one Tutor, the next on another (as another app instance): it remembers."""
    first_model = ScriptedModel([ModelStep(output=[assistant_message("Hello, Ada.")])])
    first = await open_tutor(first_model, settings=settings)
    user = await first.user("ada")
    result = await first.turn(user, "chat-1", "my name is Ada")
    assert result.ok and result.reply == "Hello, Ada."

    second_model = ScriptedModel([ModelStep(output=[assistant_message("You are Ada.")])])
    second = await open_tutor(second_model, settings=settings)
    result = await second.turn(user, "chat-1", "what is my name?")
    assert result.ok and result.reply == "You are Ada."
    call = second_model.last_call
    assert call is not None
    told = str(call.input)
    assert "my name is Ada" in told and "Hello, Ada." in told and "what is my name?" in told
    return user


async def test_a_conversation_continues_on_another_app_instance(
    open_tutor: OpenTutor, postgres_url: str, settings: Settings
) -> None:
    pg = pg_settings(settings.data_dir, postgres_url)
    user = await converse_on_two_instances(open_tutor, pg)
    with psycopg.connect(postgres_url) as conn:
        keys = [r[0] for r in conn.execute("SELECT session_id FROM agent.agent_sessions")]
    assert keys == [f"{user.id}:chat-1"]  # the memory's key: user and chat
    assert not pg.conversations_path.exists()


async def test_without_a_database_url_the_conversation_is_in_the_data_dir(
    open_tutor: OpenTutor, settings: Settings
) -> None:
    user = await converse_on_two_instances(open_tutor, settings)
    with sqlite3.connect(settings.conversations_path) as conn:
        keys = [r[0] for r in conn.execute("SELECT session_id FROM agent_sessions")]
    assert keys == [f"{user.id}:chat-1"]
