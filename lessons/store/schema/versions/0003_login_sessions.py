"""Login sessions.

Revision ID: 0003
"""

from __future__ import annotations

from lessons.store.schema.sql import run

revision = "0003"
down_revision = "0002"

SQL = (
    # One row per live login: the token names the session, a logout or a password
    # change deletes the row, and a token whose row is gone is refused. Only a hash
    # of the session id is kept, so this file alone cannot mint a working token.
    """CREATE TABLE login_sessions (
                id_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL
            )""",
    "CREATE INDEX login_sessions_user ON login_sessions(user_id)",
)


def upgrade() -> None:
    run(SQL)
