"""SQLite files as earlier releases left them, for the upgrade tests.

Before Alembic, a hand-written runner applied migrations 1, 2, 3… and recorded each in a
`schema_version` table. Its migrations' SQL is exactly Alembic revisions 0001, 0002…, so a file
at version N is rebuilt here from the revisions' own SQL, with the runner's table beside it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from lessons.store.migrations import scripts

# The runner's bookkeeping table, as it created it.
LEGACY_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""


def legacy_file(path: Path, version: int) -> None:
    """Write a SQLite file at `path` as the hand-written runner left it at `version`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    script = scripts()
    conn = sqlite3.connect(path)
    try:
        conn.execute(LEGACY_VERSION_TABLE)
        for n in range(1, version + 1):
            revision = script.get_revision(f"{n:04d}")
            assert revision is not None
            for statement in revision.module.SQL:
                conn.execute(statement.format(real="REAL"))
            conn.execute(
                "INSERT INTO schema_version VALUES (?, ?, '2025-01-01T00:00:00+00:00')",
                (n, revision.doc),
            )
        conn.commit()
    finally:
        conn.close()


def revision_of(path: Path) -> str | None:
    """The Alembic revision recorded in the file (None: none recorded)."""
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])
