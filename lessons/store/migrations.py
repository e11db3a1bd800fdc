"""Bring a lesson store's database to the newest schema with Alembic, on SQLite or PostgreSQL.

The revisions are in `schema/versions/` (0001, 0002, …). A revision is never edited once
released: change the schema by adding the next one. `upgrade` runs every missing revision in
the caller's one transaction, so a failure leaves the database as it was, and the caller's
write lock (SQLite's BEGIN IMMEDIATE, PostgreSQL's advisory lock) makes several processes
opening one fresh database at once run each revision exactly once.

Files from before Alembic recorded their version in a `schema_version` table (1…4, written by
the hand-written runner this replaces): such a file is adopted, stamped at the revision of
the same number, and upgraded from there.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lessons.store import sqlite_rows
from lessons.store.schema_head import SCHEMA_SQL, create_at_head, dump

if TYPE_CHECKING:  # Alembic and SQLAlchemy load only when there is an upgrade to run
    import sqlalchemy as sa
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

SCHEMA_DIR = Path(__file__).with_name("schema")
# The hand-written runner's table: present only in files it wrote.
LEGACY_TABLE = "schema_version"


class SchemaTooNew(RuntimeError):
    """The database was written by a newer Manim Tutor than this one."""


@dataclass(frozen=True)
class Upgrade:
    """What `upgrade` did: the revision found (None: a fresh database) and the one left."""

    where: str
    from_revision: str | None
    to_revision: str
    adopted_from: int | None = None  # the old runner's schema_version, when adopted

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(SCHEMA_DIR))


def head() -> str:
    """The revision this code writes."""
    found = scripts().get_current_head()
    if found is None:
        raise RuntimeError(f"no schema revisions under {SCHEMA_DIR}")
    return found


def newest_file() -> str:
    """The newest revision by file name alone (`0004_shares.py` is revision 0004: a test holds
    every file to that), so an up-to-date database is seen without loading Alembic."""
    return max(p.name[:4] for p in (SCHEMA_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))


def upgrade(connection: sa.Connection, where: str, target: str = "head") -> Upgrade:
    """Run every missing revision (up to `target`) inside the connection's open transaction.

    The caller holds the database's write lock; `where` names the database in messages.
    """
    import sqlalchemy as sa
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    if not connection.in_transaction():
        raise RuntimeError("upgrade runs inside the caller's transaction (holding the lock)")
    script = scripts()
    known = {rev.revision for rev in script.walk_revisions()}
    context = MigrationContext.configure(connection, opts={"transactional_ddl": True})
    found = context.get_current_revision()
    adopted = None
    if found is None and sa.inspect(connection).has_table(LEGACY_TABLE):
        adopted = _legacy_version(connection)
        found = f"{adopted:04d}" if adopted else None  # 0: the first migration never finished
        if found is not None and found not in known:
            raise _too_new(where, f"schema version {adopted}", script)
        if found is not None:
            context.stamp(script, found)
        connection.execute(sa.text(f"DROP TABLE {LEGACY_TABLE}"))  # alembic_version now says
    elif found is not None and found not in known:
        raise _too_new(where, f"schema revision {found}", script)

    def steps(revision: object, _: MigrationContext) -> list[object]:
        # What `alembic upgrade head` runs (alembic.command.upgrade calls the same).
        return list(script._upgrade_revs(target, revision))  # pyright: ignore[reportPrivateUsage, reportArgumentType]

    context = MigrationContext.configure(connection, opts={"transactional_ddl": True, "fn": steps})
    with Operations.context(context):
        context.run_migrations()
    done = Upgrade(where, found, context.get_current_revision() or "", adopted)
    if done.changed:
        log.info("lesson store %s: schema upgraded %s → %s", where, found, done.to_revision)
    return done


def _legacy_version(connection: sa.Connection) -> int:
    import sqlalchemy as sa

    row = connection.execute(sa.text(f"SELECT COALESCE(MAX(version), 0) FROM {LEGACY_TABLE}"))
    return int(row.scalar_one())


def _too_new(where: str, what: str, script: ScriptDirectory) -> SchemaTooNew:
    return SchemaTooNew(
        f"the database {where} has {what}, but this Manim Tutor knows revisions up to"
        f" {script.get_current_head()} only; upgrade Manim Tutor, or point it at another"
        " database (TUTOR_DATA_DIR, TUTOR_DATABASE_URL)"
    )


def sqlite_engine(path: Path) -> sa.Engine:
    """An engine on the store's SQLite file whose transactions begin IMMEDIATE (write lock)."""
    import sqlalchemy as sa
    from sqlalchemy import event

    engine = sa.create_engine(
        "sqlite://", creator=lambda: sqlite_rows.connect(path), poolclass=sa.NullPool
    )

    def begin(connection: sa.Connection) -> None:
        # The connection is in autocommit mode (isolation_level=None): we begin ourselves.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    event.listen(engine, "begin", begin)
    return engine


def upgrade_sqlite(path: Path, target: str = "head") -> Upgrade:
    """Create (if missing) and upgrade the SQLite store at `path`, under its write lock."""
    path.parent.mkdir(parents=True, exist_ok=True)
    found = _sqlite_revision(path)
    if found is not None and found == newest_file() and target == "head":
        return Upgrade(str(path), found, found)  # the usual start: nothing to do
    if found is None and target == "head" and create_at_head(path, newest_file()):
        return Upgrade(str(path), None, newest_file())  # a new file: the head script, at once
    return run_revisions(path, target)


def run_revisions(path: Path, target: str = "head") -> Upgrade:
    """Run the missing revisions on the SQLite file at `path`, one by one, under its lock."""
    engine = sqlite_engine(path)
    try:
        with engine.connect() as connection, connection.begin():
            return upgrade(connection, str(path), target)
    finally:
        engine.dispose()


def _sqlite_revision(path: Path) -> str | None:
    """The file's revision, read without the lock (None: no file, or none recorded)."""
    if not path.is_file():
        return None
    conn = sqlite_rows.connect(path)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:  # no such table: fresh, or from the hand-written runner
        return None
    finally:
        conn.close()
    return None if row is None else str(row[0])


def write_schema_script() -> None:
    """Write `schema/sqlite_head.sql` (see `schema_head`) from a file the revisions migrated."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "head.db"
        run_revisions(path)
        conn = sqlite_rows.connect(path)
        try:
            SCHEMA_SQL.write_text(dump(conn), encoding="utf-8")
        finally:
            conn.close()
    print(f"wrote {SCHEMA_SQL.name}: the schema at revision {newest_file()}")


if __name__ == "__main__":
    write_schema_script()
