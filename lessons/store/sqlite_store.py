"""The default `LessonStore`: one SQLite file, shared safely by the CLI and the app.

Each call runs one short transaction on a worker thread (so a busy wait on another
process's lock never stalls the event loop). A threading lock serialises this instance's
calls on its one connection; BEGIN IMMEDIATE serialises writers across processes.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from lessons.store import sqlite_rows as rows
from lessons.store.migrations import upgrade_sqlite
from lessons.store.sql import Conn
from lessons.store.sql_store import SqlLessonStore

T = TypeVar("T")


class SqliteLessonStore(SqlLessonStore):
    """`LessonStore` on a SQLite file (WAL mode, migrated on open)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn: sqlite3.Connection | None = conn
        self._lock = threading.Lock()
        self.path = path

    @classmethod
    def open(cls, path: Path) -> SqliteLessonStore:
        """Open (creating if needed) the store at `path` and bring its schema up to date."""
        upgrade_sqlite(path)
        return cls(rows.connect(path), path)

    def close(self) -> None:
        """Close the connection; later calls raise RuntimeError."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> SqliteLessonStore:
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
            if self._conn is None:
                raise RuntimeError(f"the lesson store {self.path} is closed")
            return rows.in_transaction(self._conn, fn, write)
