"""The slice of a DB-API connection the SQL stores' queries use, met by `sqlite3.Connection`
and by the PostgreSQL adapter (`postgres_conn.PgConn`), so both stores run the same queries.

The queries are written for SQLite (`?` placeholders); the adapter spells them for PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class Row(Protocol):
    """A result row: by column name (`row["id"]`) or position (`row[0]`), and `dict(row)`."""

    def keys(self) -> list[str]: ...

    def __getitem__(self, key: int | str, /) -> Any: ...


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Conn(Protocol):
    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...
