"""The lesson store in one PostgreSQL database (`TUTOR_DATABASE_URL`), for several app instances.

The same queries as the SQLite store (`sql_store`), through a thin adapter (`postgres_conn`).
Each call runs one short transaction on a worker thread; a threading lock serialises this
instance's calls on its one connection, and a transaction-scoped advisory lock serialises
writers across instances, as BEGIN IMMEDIATE does for SQLite. A connection the server dropped
is replaced on the next call; a call that fails for it raises StoreError.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from types import TracebackType
from typing import TypeVar

import psycopg

from lessons.store import postgres_conn as pg
from lessons.store.sql import Conn
from lessons.store.sql_store import SqlLessonStore

T = TypeVar("T")


class PostgresLessonStore(SqlLessonStore):
    """`LessonStore` in a PostgreSQL database (schema `lessons`, upgraded on open)."""

    def __init__(self, url: str, conn: psycopg.Connection[pg.PgRow]) -> None:
        self._url = url
        self._conn: psycopg.Connection[pg.PgRow] | None = conn
        self._closed = False
        self._lock = threading.Lock()
        self.where = pg.where(url)

    @classmethod
    def open(cls, url: str) -> PostgresLessonStore:
        """Connect to the database at `url` and bring the store's schema up to date."""
        pg.upgrade_postgres(url)
        return cls(url, pg.connect(url))

    def close(self) -> None:
        """Close the connection; later calls raise RuntimeError."""
        with self._lock:
            self._closed = True
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> PostgresLessonStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    async def _tx(self, fn: Callable[[Conn], T], *, write: bool = False) -> T:
        return await asyncio.to_thread(self._locked, fn, write)

    def _locked(self, fn: Callable[[Conn], T], write: bool) -> T:
        with self._lock:
            if self._closed:
                raise RuntimeError(f"the lesson store {self.where} is closed")
            if self._conn is None or self._conn.closed or self._conn.broken:
                if self._conn is not None:
                    self._conn.close()
                self._conn = None
                self._conn = pg.connect(self._url)
            try:
                return pg.in_transaction(self._conn, fn, write)
            except psycopg.OperationalError as error:
                # The server went away or a lock wait timed out: say which database, and
                # reconnect next time if the connection is gone.
                raise pg.unreachable(self._url, error) from None
