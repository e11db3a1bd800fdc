"""A new SQLite store is created from the schema its revisions build, in one script, without
loading Alembic and SQLAlchemy (0.17 s of a first command's start, where the script takes
milliseconds), as Rails loads `schema.rb` instead of replaying every migration.

`schema/sqlite_head.sql` is what the revisions build, dumped from a file they migrated:
regenerate it with `python -m lessons.store.migrations` after adding a revision (a test fails
until it matches). A script behind the newest revision file is not used: the revisions run.
Existing files are always upgraded by the revisions (`migrations.upgrade_sqlite`).
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from lessons.store import sqlite_rows

log = logging.getLogger(__name__)

SCHEMA_SQL = Path(__file__).with_name("schema") / "sqlite_head.sql"
REVISION_LINE = "-- revision "


def dump(conn: sqlite3.Connection) -> str:
    """The script that builds `conn`'s schema (tables and indexes, in the order they were
    made) and records its revision."""
    [(revision,)] = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    made = conn.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        " ORDER BY rowid"
    ).fetchall()
    record = f"INSERT INTO alembic_version (version_num) VALUES ('{revision}')"
    body = "".join(f"{sql};\n\n" for (sql,) in made)
    return f"{REVISION_LINE}{revision}\n{body}{record};\n"


def statements(script: str) -> list[str]:
    """The script's statements, one by one (a transaction cannot run a whole script)."""
    found: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        if not pending and line.startswith("--"):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            found.append(pending.strip())
            pending = ""
    return found


def create_at_head(path: Path, newest: str) -> bool:
    """Build the schema at revision `newest` in the file at `path` if it has no tables yet, under
    its write lock. False when it has some (a file being adopted, or one another process made
    meanwhile) or the script is not at `newest`: the revisions then do the work."""
    script = SCHEMA_SQL.read_text(encoding="utf-8")
    if script.partition("\n")[0] != f"{REVISION_LINE}{newest}":
        log.warning("%s is behind revision %s; running the revisions instead", SCHEMA_SQL, newest)
        return False
    conn = sqlite_rows.connect(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'").fetchone():
                conn.execute("ROLLBACK")
                return False
            for statement in statements(script):
                conn.execute(statement)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()
    log.info("lesson store %s: created at schema revision %s", path, newest)
    return True
