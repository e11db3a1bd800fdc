"""Low-level pieces of the PostgreSQL store: connecting, the write lock, the schema upgrade,
and an adapter that lets the SQLite store's queries (`sqlite_queries`) run unchanged.

The store's tables live in their own PostgreSQL schema (`lessons`, first on every
connection's search_path), so other tables in the same database (the chat history's own
`users`, …) never meet them. Messages name the database without its password.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from typing import Any, LiteralString, TypeVar, cast
from urllib.parse import urlsplit

import psycopg
import sqlalchemy as sa
from psycopg.rows import RowMaker
from sqlalchemy.exc import DBAPIError

from lessons.store.migrations import Upgrade, upgrade
from lessons.store.protocol import StoreError

T = TypeVar("T")

SCHEMA = "lessons"
# Every writer of the store takes this transaction-level advisory lock first (see `begin`).
WRITE_LOCK_KEY = 0x7475746F72_0001  # "tutor", lock 1
CONNECT_TIMEOUT_S = 10
# A writer waits this long for another's lock (writes take milliseconds), then fails loudly
# rather than hang, as SQLite's busy timeout does.
LOCK_TIMEOUT_MS = 30_000


def where(url: str) -> str:
    """The database the URL names, for messages: user, host, port and name, never a password."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
        user = f"{parts.username}@" if parts.username else ""
    except ValueError:
        return "postgresql://(unreadable URL)"
    return f"postgresql://{user}{host}{port}{parts.path}"


def _scrub(message: str, url: str) -> str:
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    first = message.strip().splitlines()[0] if message.strip() else "no reason given"
    return first.replace(password, "***") if password else first


def unreachable(url: str, error: BaseException) -> StoreError:
    """A StoreError saying which database failed and why, with no password in it."""
    cause = getattr(error, "orig", None) or error  # SQLAlchemy wraps the driver's error
    return StoreError(f"the PostgreSQL lesson store {where(url)} failed: {_scrub(str(cause), url)}")


class PgRow:
    """A row read by column name or position, and `dict(row)`, like `sqlite3.Row`."""

    __slots__ = ("_index", "_values")

    def __init__(self, index: dict[str, int], values: Sequence[Any]) -> None:
        self._index = index
        self._values = values

    def keys(self) -> list[str]:
        return list(self._index)

    def __getitem__(self, key: int | str, /) -> Any:
        return self._values[key if isinstance(key, int) else self._index[key]]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"PgRow({dict(zip(self._index, self._values, strict=True))!r})"


def pg_rows(cursor: psycopg.Cursor[Any]) -> RowMaker[PgRow]:
    index = {column.name: i for i, column in enumerate(cursor.description or ())}
    return lambda values: PgRow(index, values)


@functools.lru_cache(maxsize=512)
def spell(sql: str) -> str:
    """A query written for SQLite, for psycopg: `?` placeholders become `%s`."""
    return sql.replace("%", "%%").replace("?", "%s")


class PgConn:
    """The `sql.Conn` the shared queries take, over one psycopg connection."""

    def __init__(self, conn: psycopg.Connection[PgRow]) -> None:
        self._conn = conn

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> psycopg.Cursor[PgRow]:
        # The queries are this package's own text, values always go as parameters.
        return self._conn.execute(cast(LiteralString, spell(sql)), tuple(parameters))


def connect(url: str) -> psycopg.Connection[PgRow]:
    """The store's connection: autocommit mode (we BEGIN ourselves), rows as `PgRow`."""
    conn = _connect(url, LOCK_TIMEOUT_MS, autocommit=True)
    conn.row_factory = pg_rows  # pyright: ignore[reportAttributeAccessIssue]
    return cast("psycopg.Connection[PgRow]", conn)


def _connect(url: str, lock_timeout_ms: int, *, autocommit: bool) -> psycopg.Connection[Any]:
    """A connection whose search_path is the store's schema."""
    try:
        return psycopg.connect(
            url,
            autocommit=autocommit,
            connect_timeout=CONNECT_TIMEOUT_S,
            options=f"-c search_path={SCHEMA} -c lock_timeout={lock_timeout_ms}",
            application_name="manim-tutor",
        )
    except psycopg.Error as error:
        raise unreachable(url, error) from None


_OPEN = (psycopg.pq.TransactionStatus.INTRANS, psycopg.pq.TransactionStatus.INERROR)


def in_transaction(conn: psycopg.Connection[PgRow], fn: Callable[[PgConn], T], write: bool) -> T:
    """Run `fn` in one transaction; a write takes the store's write lock first."""
    adapter = PgConn(conn)
    # Reads see one snapshot throughout (like SQLite's deferred BEGIN). Writes stay READ
    # COMMITTED: their statements run after the lock is held, so each sees every earlier
    # writer's commit (a REPEATABLE READ snapshot would be taken before the lock wait ends).
    adapter.execute("BEGIN" if write else "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    try:
        if write:
            lock(adapter)
        result = fn(adapter)
        adapter.execute("COMMIT")
    except BaseException:
        # A lost connection has no transaction left to roll back (the server ended it), and
        # trying would hide the error that lost it.
        if not conn.broken and conn.info.transaction_status in _OPEN:
            conn.execute("ROLLBACK")
        raise
    return result


def lock(c: PgConn | sa.Connection) -> None:
    """Take the store's write lock until this transaction ends.

    SQLite's BEGIN IMMEDIATE lets one writer at a time into the file, so a write's
    read-then-write (the next version number, the next export number, the default project)
    is atomic. PostgreSQL's row locks cannot cover rows that do not exist yet (two writers
    would both read MAX(number) = 3 and both write 4, and one would fail on the UNIQUE). One
    transaction-scoped advisory lock taken before the first read gives the same one-writer-
    at-a-time order across every process and instance using the database; it is released by
    COMMIT or ROLLBACK, so a crashed writer never leaves it held. Readers never take it.
    """
    if isinstance(c, PgConn):
        c.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK_KEY,))
    else:
        c.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})


def upgrade_postgres(url: str, target: str = "head") -> Upgrade:
    """Create the store's schema if missing and bring it to the newest revision (or `target`),
    holding the write lock (so app instances starting together upgrade once, and no write runs
    mid-way)."""
    # No lock timeout here: a long upgrade on another instance is worth waiting for.
    engine = sa.create_engine(
        "postgresql+psycopg://",
        # SQLAlchemy's own transactions (not autocommit): the upgrade is one transaction.
        creator=lambda: _connect(url, 0, autocommit=False),
        poolclass=sa.NullPool,
    )
    try:
        with engine.connect() as connection, connection.begin():
            lock(connection)
            exists = connection.execute(
                sa.text("SELECT 1 FROM pg_namespace WHERE nspname = :name"), {"name": SCHEMA}
            ).first()
            if exists is None:
                connection.execute(sa.text(f'CREATE SCHEMA "{SCHEMA}"'))
            return upgrade(connection, where(url), target)
    except DBAPIError as error:
        raise unreachable(url, error) from None
    finally:
        engine.dispose()
