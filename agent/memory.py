"""The agent's conversation memory: what the model has been told and has answered, per chat.

By default a SQLite file in the data dir (the Agents SDK's `SQLiteSession`). With
TUTOR_DATABASE_URL it is the SDK's `SQLAlchemySession` on PostgreSQL, in the schema `agent`,
so every app instance on that database continues any conversation. One engine (and its pool of
connections) serves the whole process; each turn only makes a session object on it.
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from agents.memory import Session, SQLiteSession

from agent.database import DatabaseError, async_url, problem, schema_options
from agent.settings import Settings

# SQLAlchemy (and the PostgreSQL driver) load only when a database is configured: the
# embedded default needs neither, and every `tutor make` would pay for importing them.
if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

SCHEMA = "agent"
# Held while the tables are made: instances starting together make them one at a time.
LOCK_SCHEMA = "SELECT pg_advisory_xact_lock(hashtext('manim-tutor schema ' || :schema))"


@dataclass
class Memory:
    path: Path  # the SQLite file, when there is no engine
    engine: AsyncEngine | None = None

    @classmethod
    async def open(cls, settings: Settings) -> Memory:
        """The memory the settings choose; on PostgreSQL its schema and tables are made first."""
        if settings.database_url is None:
            return cls(settings.conversations_path)
        from sqlalchemy.exc import SQLAlchemyError

        url = settings.database_url.get_secret_value()
        engine = memory_engine(url)
        try:
            await create_memory_tables(engine)
        except SQLAlchemyError as error:
            await engine.dispose()
            raise DatabaseError(problem("could not be prepared", error, url)) from None
        return cls(settings.conversations_path, engine)

    @contextmanager
    def session(self, key: str) -> Generator[Session]:
        """The memory of one conversation, for one turn."""
        if self.engine is None:
            session = SQLiteSession(key, self.path)
            try:
                yield session
            finally:
                session.close()
        else:
            from agents.extensions.memory import SQLAlchemySession

            yield SQLAlchemySession(key, engine=self.engine)

    async def close(self) -> None:
        if self.engine is not None:
            await self.engine.dispose()


def memory_engine(database_url: str) -> AsyncEngine:
    """An async engine on the database whose connections see the schema `agent`."""
    from sqlalchemy.ext.asyncio import create_async_engine

    return create_async_engine(
        async_url(database_url), connect_args=schema_options(SCHEMA), pool_pre_ping=True
    )


async def create_memory_tables(engine: AsyncEngine) -> None:
    """The schema and the SDK's tables, if missing (safe when instances start together)."""
    from agents.extensions.memory import SQLAlchemySession
    from sqlalchemy import text

    async with engine.begin() as lock:
        await lock.execute(text(LOCK_SCHEMA), {"schema": SCHEMA})
        async with engine.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{SCHEMA}"'))
        # The SDK makes its own tables (from its table definitions) on a session's first use.
        await SQLAlchemySession("", engine=engine, create_tables=True).get_items(limit=1)
