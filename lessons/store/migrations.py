"""The SQLite schema as an ordered list of migrations, and the code that applies them.

A migration is never edited once released: change the schema by appending a new one.
Each migration's statements run in one transaction, so a crash leaves the file at a
known version; `schema_version` records what has been applied.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import NamedTuple


class Migration(NamedTuple):
    version: int
    description: str
    sql: tuple[str, ...]  # separate statements: executescript would commit mid-migration


class SchemaTooNew(RuntimeError):
    """The database was written by a newer Manim Tutor than this one."""


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "users, projects, lessons, scenes, scene versions, exports",
        (
            """CREATE TABLE users (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL
            )""",
            """CREATE TABLE projects (
                id TEXT PRIMARY KEY,
                owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
                created_at TEXT NOT NULL
            )""",
            # At most one default project per user, whatever races happen.
            "CREATE UNIQUE INDEX projects_default ON projects(owner_id) WHERE is_default = 1",
            """CREATE TABLE lessons (
                id TEXT PRIMARY KEY,
                owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                title TEXT NOT NULL,
                prompt TEXT NOT NULL,
                session_id TEXT NOT NULL,
                quality TEXT NOT NULL CHECK (quality IN ('low', 'medium', 'high')),
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                -- Orders lessons by update without trusting clock resolution.
                updated_seq INTEGER NOT NULL
            )""",
            "CREATE INDEX lessons_owner ON lessons(owner_id, updated_seq)",
            "CREATE INDEX lessons_session ON lessons(owner_id, session_id, updated_seq)",
            """CREATE TABLE scenes (
                id TEXT PRIMARY KEY,
                lesson_id TEXT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
                n INTEGER NOT NULL CHECK (n >= 1),
                title TEXT NOT NULL,
                goal TEXT NOT NULL,
                narration TEXT NOT NULL,
                visual TEXT NOT NULL,
                pinned_version INTEGER,
                UNIQUE (lesson_id, n)
            )""",
            """CREATE TABLE scene_versions (
                id TEXT PRIMARY KEY,
                scene_id TEXT NOT NULL REFERENCES scenes(id) ON DELETE CASCADE,
                number INTEGER NOT NULL CHECK (number >= 1),
                code TEXT NOT NULL,
                note TEXT NOT NULL,
                parent_number INTEGER,
                status TEXT NOT NULL
                    CHECK (status IN ('pending', 'rendering', 'ok', 'failed')),
                clip_key TEXT,
                poster_key TEXT,
                duration_s REAL,
                error TEXT,  -- RenderError as JSON
                created_at TEXT NOT NULL,
                UNIQUE (scene_id, number)
            )""",
            """CREATE TABLE exports (
                id TEXT PRIMARY KEY,
                lesson_id TEXT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
                number INTEGER NOT NULL CHECK (number >= 1),
                video_key TEXT NOT NULL,
                chapters_key TEXT NOT NULL,
                subtitles_key TEXT NOT NULL,
                duration_s REAL NOT NULL,
                scene_versions TEXT NOT NULL,  -- JSON list of version numbers
                created_at TEXT NOT NULL,
                UNIQUE (lesson_id, number)
            )""",
        ),
    ),
    Migration(
        2,
        "password logins",
        (
            # Its own table, so users without a login (the CLI's `local`) carry no hash
            # column, and every query that lists users can never select a hash by accident.
            """CREATE TABLE credentials (
                user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                password_hash TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
        ),
    ),
    Migration(
        3,
        "login sessions",
        (
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
        ),
    ),
    Migration(
        4,
        "share links",
        (
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
        ),
    ),
    Migration(
        5,
        "which render worker rendered each scene version",
        # "host:pid" of the `tutor worker` that rendered it; NULL for an in-process render
        # and for every version made before this column existed.
        ("ALTER TABLE scene_versions ADD COLUMN rendered_by TEXT",),
    ),
)

_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""


def latest_version(migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """The schema version this code writes."""
    return max((m.version for m in migrations), default=0)


def applied_version(conn: sqlite3.Connection) -> int:
    """The highest migration recorded in the file (0 for a fresh file)."""
    row = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()
    return int(row[0])


def migrate(
    conn: sqlite3.Connection, where: str, migrations: Sequence[Migration] = MIGRATIONS
) -> int:
    """Apply every missing migration, each in its own transaction; return the final version.

    `conn` must be in autocommit mode (isolation_level=None). Safe when several processes
    open the same fresh file at once: each step re-reads the version under the write lock.
    """
    _check_order(migrations)
    conn.execute(_VERSION_TABLE)
    known = latest_version(migrations)
    for migration in migrations:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = applied_version(conn)
            _refuse_newer(current, known, where)
            if current < migration.version:
                for statement in migration.sql:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_version (version, description, applied_at)"
                    " VALUES (?, ?, ?)",
                    (migration.version, migration.description, datetime.now(UTC).isoformat()),
                )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    final = applied_version(conn)
    _refuse_newer(final, known, where)
    return final


def _refuse_newer(current: int, known: int, where: str) -> None:
    if current > known:
        raise SchemaTooNew(
            f"the database {where} has schema version {current}, but this Manim Tutor "
            f"knows versions up to {known} only; upgrade Manim Tutor, or point "
            f"TUTOR_DATA_DIR at another directory"
        )


def _check_order(migrations: Sequence[Migration]) -> None:
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migrations must be numbered 1, 2, 3… in order, got {versions}")
