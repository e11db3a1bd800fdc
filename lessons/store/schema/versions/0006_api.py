"""The REST API: keys, jobs, seen request signatures (replays) and webhook deliveries.

Revision ID: 0006
"""

from __future__ import annotations

from lessons.store.schema.sql import run

revision = "0006"
down_revision = "0005"

SQL = (
    # A key's secret is never stored: it is derived from the server's API master key and
    # the key's salt (see agent/api_keys.py); `secret_check` is a SHA-256 of it, which tells a
    # changed master key apart from a bad signature. Revoking keeps the row.
    """CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                salt TEXT NOT NULL,
                secret_check TEXT NOT NULL,
                created_at TEXT NOT NULL,
                revoked_at TEXT
            )""",
    # Signatures seen inside the replay window; a row past `expires_at` (unix seconds) is
    # dropped by the next insert.
    """CREATE TABLE api_signatures (
                signature TEXT PRIMARY KEY,
                key_id TEXT NOT NULL,
                expires_at {real} NOT NULL
            )""",
    "CREATE INDEX api_signatures_expiry ON api_signatures(expires_at)",
    """CREATE TABLE api_jobs (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                key_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                lesson_id TEXT,
                scene INTEGER,
                state TEXT NOT NULL,
                progress TEXT NOT NULL,
                error TEXT,
                webhook_url TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
    "CREATE INDEX api_jobs_user ON api_jobs(user_id, created_at)",
    """CREATE TABLE webhook_attempts (
                id TEXT PRIMARY KEY,
                job_id TEXT NOT NULL,
                url TEXT NOT NULL,
                attempt INTEGER NOT NULL,
                status INTEGER,
                error TEXT,
                at TEXT NOT NULL,
                duration_ms INTEGER NOT NULL
            )""",
    "CREATE INDEX webhook_attempts_job ON webhook_attempts(job_id, at)",
)


def upgrade() -> None:
    run(SQL)
