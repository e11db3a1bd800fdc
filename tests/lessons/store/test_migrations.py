"""The schema is Alembic's revisions, on SQLite and PostgreSQL: a fresh database is upgraded,
an upgraded one is left alone, a file from the hand-written runner is adopted with its data,
a database from a newer release is refused, and a failed upgrade changes nothing."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from lessons.store import migrations
from lessons.store.migrations import SchemaTooNew, head, upgrade_sqlite
from lessons.store.postgres_conn import upgrade_postgres
from lessons.store.postgres_store import PostgresLessonStore
from lessons.store.records import Narration, SceneDraft, SpokenSpan
from lessons.store.schema_head import SCHEMA_SQL, dump
from lessons.store.sqlite_store import SqliteLessonStore
from tests.legacy_store import legacy_file, revision_of
from tests.lessons.store.old_rows import lesson_rows

ROOT = Path(__file__).resolve().parents[3]
DATA = Path(__file__).with_name("data")
TABLES = {
    "users",
    "projects",
    "lessons",
    "scenes",
    "scene_versions",
    "exports",
    "credentials",
    "login_sessions",
    "shares",
}
API_TABLES = {"api_keys", "api_signatures", "api_jobs", "webhook_attempts"}  # revision 0006


def _schema(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        found = conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        return {name: sql for name, sql in found if name != "alembic_version"}


# SQLite


def test_a_fresh_file_is_upgraded_once(db: Path) -> None:
    first = upgrade_sqlite(db)
    again = upgrade_sqlite(db)
    SqliteLessonStore.open(db).close()  # opening upgrades too: nothing left to do
    assert (first.from_revision, first.to_revision, first.changed) == (None, head(), True)
    assert (again.from_revision, again.changed) == (head(), False)
    assert revision_of(db) == head() >= "0004"
    assert set(_schema(db)) >= TABLES
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_revisions_write_the_tables_the_old_runner_wrote(db: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    legacy_file(old, 4)
    upgrade_sqlite(db, "0004")
    assert _schema(db) == {k: v for k, v in _schema(old).items() if k != "schema_version"}


async def test_a_file_from_the_hand_written_runner_is_adopted_with_its_data(db: Path) -> None:
    legacy_file(db, 4)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO users VALUES ('u1', 'ada', '2025-01-01T00:00:00.000000+00:00')")
    conn.close()
    done = upgrade_sqlite(db)
    assert (done.adopted_from, done.from_revision, done.to_revision) == (4, "0004", head())
    assert revision_of(db) == head()
    assert "schema_version" not in _schema(db)  # alembic_version alone says the version now
    with SqliteLessonStore.open(db) as store:
        ada = await store.get_user("ada")
        assert ada is not None and ada.id == "u1"
        drafts = [SceneDraft(title="a", goal="g", narration="n", visual="v")]
        lesson = await store.create_lesson(ada, "T", "p", "chat", "low", drafts)
        await store.create_share(ada, lesson.id, "tok", None)
        assert (await store.add_version(ada, lesson.id, 1, "code", "")).number == 1


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}


async def test_a_file_the_old_runner_wrote_is_adopted_unchanged(db: Path) -> None:
    # Written by the released runner itself (its SQL, its bookkeeping), not rebuilt here.
    db.parent.mkdir(parents=True)
    with sqlite3.connect(db) as conn:
        conn.executescript((DATA / "runner_v4.sql").read_text())
    conn.close()
    schema, rows = _schema(db), _rows(db)
    assert upgrade_sqlite(db, "0004").adopted_from == 4  # adopted, nothing more yet
    assert _schema(db) == {k: v for k, v in schema.items() if k != "schema_version"}
    assert _rows(db) == rows and rows["scene_versions"]
    with SqliteLessonStore.open(db) as store:
        ada = await store.get_user("ada")
        assert ada is not None
        [lesson] = await store.list_lessons(ada)
        current = await store.current_version(ada, lesson.id, 1)
        assert current is not None and current.duration_s == 3.141592653589793
        shared = await store.find_share("tok-1")
        assert shared is not None and shared.lesson == lesson
    assert revision_of(db) == head()  # and opening it took it the rest of the way


def test_a_runner_table_with_no_version_is_a_fresh_file(db: Path) -> None:
    legacy_file(db, 0)  # the runner made its table, then its first migration failed
    done = upgrade_sqlite(db)
    assert (done.from_revision, done.adopted_from) == (None, 0)
    assert revision_of(db) == head()


def test_a_newer_revision_is_refused(db: Path) -> None:
    upgrade_sqlite(db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.close()
    with pytest.raises(SchemaTooNew, match=rf"has schema revision 0099.*up to {head()}"):
        SqliteLessonStore.open(db)
    assert revision_of(db) == "0099"  # untouched


def test_a_newer_runner_version_is_refused(db: Path) -> None:
    legacy_file(db, 4)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99, 'from the future', 'now')")
    conn.close()
    with pytest.raises(SchemaTooNew, match="schema version 99"):
        SqliteLessonStore.open(db)
    assert revision_of(db) is None and "schema_version" in _schema(db)


def _next_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sql: str) -> str:
    """A copy of the revisions plus the next one running `sql`, used as the store's schema;
    returns the new revision's id."""
    schema = tmp_path / "schema"
    shutil.copytree(migrations.SCHEMA_DIR, schema, ignore=shutil.ignore_patterns("__pycache__"))
    after = f"{int(head()) + 1:04d}"
    (schema / "versions" / f"{after}_next.py").write_text(
        '"""The next change."""\n\nfrom lessons.store.schema.sql import run\n\n'
        f'revision = "{after}"\ndown_revision = "{head()}"\n\n\n'
        f"def upgrade() -> None:\n    run(({sql!r},))\n"
    )
    monkeypatch.setattr(migrations, "SCHEMA_DIR", schema)
    return after


async def test_a_new_revision_upgrades_a_file_in_use(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    legacy_file(db, 4)
    after = _next_revision(tmp_path, monkeypatch, "ALTER TABLE users ADD COLUMN extra TEXT")
    with SqliteLessonStore.open(db) as store:
        await store.ensure_user("ada")
    assert revision_of(db) == after
    assert "extra TEXT" in _schema(db)["users"]


def test_a_failing_revision_leaves_the_file_as_it_was(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    legacy_file(db, 3)
    before = _schema(db)
    _next_revision(tmp_path, monkeypatch, "THIS IS NOT SQL")
    with pytest.raises(Exception, match="syntax error"):
        upgrade_sqlite(db)
    assert _schema(db) == before  # the upgrade is one transaction: all of it rolled back
    assert revision_of(db) is None


# PostgreSQL


def _tables(url: str) -> set[tuple[str, str]]:
    with psycopg.connect(url) as conn:
        found = conn.execute(
            "SELECT table_schema, table_name FROM information_schema.tables"
            " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        ).fetchall()
    return {(schema, name) for schema, name in found}


def test_a_fresh_postgres_database_is_upgraded_once(postgres_url: str) -> None:
    first = upgrade_postgres(postgres_url)
    again = upgrade_postgres(postgres_url)
    assert (first.from_revision, first.to_revision) == (None, head())
    assert (again.from_revision, again.changed) == (head(), False)
    # Every table in the store's own schema, the revision too: `public` stays for others.
    assert _tables(postgres_url) == {
        ("lessons", t) for t in {*TABLES, *API_TABLES, "alembic_version"}
    }
    assert "secret" not in first.where and first.where.startswith("postgresql://tutor@")


async def test_the_store_keeps_clear_of_another_users_table(postgres_url: str) -> None:
    with psycopg.connect(postgres_url) as conn:  # the chat history's own `users`, say
        conn.execute("CREATE TABLE public.users (id UUID PRIMARY KEY, identifier TEXT)")
    with PostgresLessonStore.open(postgres_url) as store:
        ada = await store.ensure_user("ada")
        assert await store.list_users() == [ada]
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT count(*) FROM public.users").fetchone() == (0,)


async def test_a_revision_0006_postgres_database_gains_layout_and_keeps_its_versions(
    postgres_url: str,
) -> None:
    assert upgrade_postgres(postgres_url, "0006").to_revision == "0006"  # the release before
    with psycopg.connect(postgres_url) as conn:
        for sql in lesson_rows("lessons.", ", 'w:1'"):
            conn.execute(sql)
    with PostgresLessonStore.open(postgres_url) as store:
        alice = await store.ensure_user("alice")
        [kept] = await store.versions(alice, "l", 1)
    assert (kept.code, kept.rendered_by, kept.layout) == ("code", "w:1", [])
    assert upgrade_postgres(postgres_url).from_revision == head()  # 0007 ran on opening


async def test_a_revision_0007_postgres_database_gains_narration_and_keeps_its_versions(
    postgres_url: str,
) -> None:
    assert upgrade_postgres(postgres_url, "0007").to_revision == "0007"  # the release before
    with psycopg.connect(postgres_url) as conn:
        for sql in lesson_rows("lessons.", ", 'w:1', NULL"):
            conn.execute(sql)
    spoken = Narration(
        text="One. Two.",
        voice="espeak-ng:en-us:160",
        speech_s=1.5,
        spans=[
            SpokenSpan(start_s=0.0, end_s=0.625, text="One."),
            SpokenSpan(start_s=0.75, end_s=1.5, text="Two."),
        ],
    )
    with PostgresLessonStore.open(postgres_url) as store:
        alice = await store.ensure_user("alice")
        [kept] = await store.versions(alice, "l", 1)
        await store.add_version(alice, "l", 1, "code 2", "edit", narration=spoken)
        [_, again] = await store.versions(alice, "l", 1)
    assert (kept.code, kept.rendered_by, kept.layout, kept.narration) == ("code", "w:1", [], None)
    assert again.narration == spoken
    assert upgrade_postgres(postgres_url).from_revision == head()  # 0008 ran on opening


def test_a_newer_postgres_revision_is_refused(postgres_url: str) -> None:
    upgrade_postgres(postgres_url)
    with psycopg.connect(postgres_url) as conn:
        conn.execute("UPDATE lessons.alembic_version SET version_num = '0099'")
    with pytest.raises(SchemaTooNew, match="has schema revision 0099"):
        PostgresLessonStore.open(postgres_url)


def test_processes_opening_a_fresh_file_together_upgrade_it_once(tmp_path: Path) -> None:
    # Repeated: the race (all switching the new file to WAL at once) failed about 1 in 10.
    for attempt in range(20):
        db = tmp_path / str(attempt) / "tutor.db"
        with ThreadPoolExecutor(4) as pool:  # each its own connection, as processes would have
            done = list(pool.map(upgrade_sqlite, [db] * 4))
        assert sorted(d.from_revision or "" for d in done) == ["", head(), head(), head()]
        assert revision_of(db) == head()


def _in_a_fresh_process(code: str) -> list[str]:
    """What `code` prints (split in words), run by a new interpreter: which modules a call
    loads shows only there."""
    script = f"import sys; from pathlib import Path; {code}"
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.split()


def _migrated(path: Path) -> Path:
    """A file the revisions built, one by one, as Alembic runs them."""
    migrations.run_revisions(path)
    return path


def _full_schema(path: Path) -> list[tuple[str, str, str, str | None]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
        ).fetchall()


def test_the_head_script_is_what_the_revisions_build(tmp_path: Path) -> None:
    with sqlite3.connect(_migrated(tmp_path / "migrated.db")) as conn:
        built = dump(conn)
    assert built == SCHEMA_SQL.read_text(encoding="utf-8"), (
        "the schema script is behind the revisions: run `python -m lessons.store.migrations`"
    )


def test_a_new_file_is_built_by_the_head_script_as_the_revisions_build_it(tmp_path: Path) -> None:
    said = _in_a_fresh_process(
        "from lessons.store.migrations import upgrade_sqlite;"
        f" done = upgrade_sqlite(Path({str(tmp_path / 'new.db')!r}));"
        " print(done.from_revision, done.to_revision, 'alembic' in sys.modules)"
    )
    assert said == ["None", head(), "False"]  # Alembic never loaded
    assert _full_schema(tmp_path / "new.db") == _full_schema(_migrated(tmp_path / "old.db"))
    assert revision_of(tmp_path / "new.db") == head()
    assert upgrade_sqlite(tmp_path / "new.db").changed is False


def test_a_head_script_behind_the_revisions_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    after = _next_revision(tmp_path, monkeypatch, "ALTER TABLE users ADD COLUMN extra TEXT")
    done = upgrade_sqlite(tmp_path / "new.db")  # the script says the revision before
    assert (done.from_revision, done.to_revision) == (None, after)
    assert "extra TEXT" in _schema(tmp_path / "new.db")["users"]


def test_each_revision_file_is_named_by_its_revision_and_follows_the_one_before() -> None:
    # The quick up-to-date check reads revision ids off the file names (`newest_file`).
    revisions = list(reversed(list(migrations.scripts().walk_revisions())))
    assert [r.revision for r in revisions] == [f"{n:04d}" for n in range(1, len(revisions) + 1)]
    for before, revision in zip([None, *revisions], revisions, strict=False):
        assert Path(revision.path).name.startswith(f"{revision.revision}_")
        assert revision.down_revision == (None if before is None else before.revision)
    assert migrations.newest_file() == head()


def test_opening_an_up_to_date_file_does_not_load_alembic(db: Path) -> None:
    upgrade_sqlite(db)
    said = _in_a_fresh_process(
        "from lessons.store.sqlite_store import SqliteLessonStore;"
        f" SqliteLessonStore.open(Path({str(db)!r})).close();"
        " print('alembic' in sys.modules, 'sqlalchemy' in sys.modules)"
    )
    assert said == ["False", "False"]
