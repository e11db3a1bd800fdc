"""The PostgreSQL store seen whole (`Installation`), for `tutor store copy`: the SQLite store's
dump and load (the same queries), read in one transaction and written in one under the write
lock, so a failed copy leaves the database as it was."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

import psycopg

from lessons.store import postgres_conn as pg
from lessons.store import sqlite_copy
from lessons.store.snapshot import Snapshot
from lessons.store.sql import Conn

T = TypeVar("T")


class PostgresInstallation:
    """The store in the PostgreSQL database at `url` (its schema created and upgraded)."""

    def __init__(self, url: str) -> None:
        pg.upgrade_postgres(url)
        self._url = url

    def _run(self, fn: Callable[[Conn], T], write: bool) -> T:
        conn = pg.connect(self._url)
        try:
            return pg.in_transaction(conn, fn, write)
        except psycopg.OperationalError as error:
            raise pg.unreachable(self._url, error) from None
        finally:
            conn.close()

    async def dump(self) -> Snapshot:
        return await asyncio.to_thread(self._run, sqlite_copy.dump, False)

    async def load(self, snapshot: Snapshot) -> None:
        """Write the snapshot into this database, which must hold no users yet."""
        await asyncio.to_thread(self._run, lambda c: sqlite_copy.load(c, snapshot), True)
