"""TUTOR_DATABASE_URL (`postgresql://USER:PASSWORD@HOST/DB`): the one PostgreSQL database that
the lesson store, the chat history and the agent's memory share, each in a schema of its own.

Every part connects with psycopg (3): SQLAlchemy's async engines get `postgresql+psycopg://`
(`async_url`), and `schema_options` makes a connection's unqualified table names mean that
part's schema (through the search_path), so the chat's `users` table is not the lessons'.

Several app instances may start at once on one database: `create_schema` makes a part's schema
and tables under a transaction-level advisory lock, so one creates while the others wait and
then find everything there (PostgreSQL's `IF NOT EXISTS` alone races between sessions).

The URL may hold a password: nothing here puts it in a message (`redact` strips it from a
driver's error text before that is shown anywhere).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, LiteralString
from urllib.parse import unquote, urlsplit

# The driver and SQLAlchemy load only when PostgreSQL is used (they take a while to import).
if TYPE_CHECKING:
    from sqlalchemy import URL

# The lock's key is derived from the schema's name, so parts starting together do not wait on
# each other, only instances making the same schema.
LOCK_SCHEMA = "SELECT pg_advisory_xact_lock(hashtext('manim-tutor schema ' || %s))"


class DatabaseError(Exception):
    """The database could not be reached or prepared; the message holds no password."""


def async_url(database_url: str) -> URL:
    """`postgresql://…` (or `postgres://…`) as SQLAlchemy's async URL with the psycopg driver.

    A `URL`, not a string: its `repr` and `str` hide the password.
    """
    from sqlalchemy import make_url

    return make_url(database_url).set(drivername="postgresql+psycopg")


def schema_options(schema: str) -> dict[str, str]:
    """Connection arguments (psycopg, either mode) making `schema` the search_path."""
    return {"options": f"-c search_path={schema}"}


def create_schema(database_url: str, schema: str, statements: Sequence[LiteralString]) -> None:
    """Create `schema` and run `statements` in it (idempotent DDL), one instance at a time."""
    import psycopg
    from psycopg import sql

    try:
        options = schema_options(schema)["options"]
        with (
            psycopg.connect(database_url, connect_timeout=10, options=options) as conn,
            conn.transaction(),
        ):
            conn.execute(LOCK_SCHEMA, (schema,))
            conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
            for statement in statements:
                conn.execute(sql.SQL(statement))
    except psycopg.Error as error:
        raise DatabaseError(problem("could not be prepared", error, database_url)) from None


def problem(what: str, error: BaseException, database_url: str) -> str:
    """One line for a log or an exit message: what failed, and the driver's reason, redacted."""
    reason = redact(str(error), database_url).strip().splitlines()
    return f"the PostgreSQL database (TUTOR_DATABASE_URL) {what}: " + (
        reason[0] if reason else type(error).__name__
    )


def redact(message: str, database_url: str) -> str:
    """`message` without the URL and without its password (as written, and decoded)."""
    message = message.replace(database_url, "TUTOR_DATABASE_URL")
    try:
        raw = urlsplit(database_url).password
    except ValueError:  # not a URL a driver would take either: hide it all
        return message
    for secret in {raw, unquote(raw)} if raw else set[str]():
        message = message.replace(secret, "***")
    return message
