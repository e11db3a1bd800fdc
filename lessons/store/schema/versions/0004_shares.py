"""Share links.

Revision ID: 0004
"""

from __future__ import annotations

from lessons.store.schema.sql import run

revision = "0004"
down_revision = "0003"

SQL = (
    # A link names its lesson only; the owner is the lesson's, so a link can never
    # open another user's lesson. Revoking keeps the row (revoked_at set): a token
    # is never reused, and what was shared stays on record.
    """CREATE TABLE shares (
                token TEXT PRIMARY KEY,
                lesson_id TEXT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL,
                expires_at TEXT,
                revoked_at TEXT
            )""",
    "CREATE INDEX shares_lesson ON shares(lesson_id, created_at)",
)


def upgrade() -> None:
    run(SQL)
