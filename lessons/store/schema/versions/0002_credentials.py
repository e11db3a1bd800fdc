"""Password logins.

Revision ID: 0002
"""

from __future__ import annotations

from lessons.store.schema.sql import run

revision = "0002"
down_revision = "0001"

SQL = (
    # Its own table, so users without a login (the CLI's `local`) carry no hash
    # column, and every query that lists users can never select a hash by accident.
    """CREATE TABLE credentials (
                user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                password_hash TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
)


def upgrade() -> None:
    run(SQL)
