"""`tutor db upgrade`: the configured store's database to the newest revision, on SQLite and
on PostgreSQL, saying what it did; run again, it has nothing to do."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from lessons.store.migrations import head
from tests.legacy_store import legacy_file, revision_of

ROOT = Path(__file__).resolve().parents[2]


def tutor(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agent.cli", *args],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_db_upgrade_on_sqlite_adopts_an_old_file_then_has_nothing_to_do(tmp_path: Path) -> None:
    data = tmp_path / "data"
    legacy_file(data / "tutor.db", 3)
    first = tutor(tmp_path, "db", "upgrade", TUTOR_DATA_DIR=str(data))
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == (
        f"sqlite {data / 'tutor.db'}: upgraded schema version 3 (from before Alembic) → {head()}"
    )
    assert revision_of(data / "tutor.db") == head()
    again = tutor(tmp_path, "db", "upgrade", "--json", TUTOR_DATA_DIR=str(data))
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == {
        "store": "sqlite",
        "database": str(data / "tutor.db"),
        "from": head(),
        "to": head(),
        "changed": False,
        "adopted_schema_version": None,
    }


def test_db_upgrade_on_postgres(tmp_path: Path, postgres_url: str) -> None:
    env = {"TUTOR_DATA_DIR": str(tmp_path / "data"), "TUTOR_DATABASE_URL": postgres_url}
    first = tutor(tmp_path, "db", "upgrade", "--json", **env)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert (report["store"], report["from"], report["to"]) == ("postgres", None, head())
    assert report["database"] == postgres_url  # no password in this URL to hide
    again = tutor(tmp_path, "db", "upgrade", **env)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == f"postgres {postgres_url}: already at {head()}"


def test_db_upgrade_names_an_unreachable_database_without_its_password(tmp_path: Path) -> None:
    url = "postgresql://tutor:hunter2secret@127.0.0.1:1/lessons"
    run = tutor(
        tmp_path, "db", "upgrade", TUTOR_DATA_DIR=str(tmp_path / "d"), TUTOR_DATABASE_URL=url
    )
    assert run.returncode == 1
    assert "hunter2secret" not in run.stdout + run.stderr
    assert run.stderr.startswith(
        "tutor: db upgrade: the PostgreSQL lesson store postgresql://tutor@127.0.0.1:1/lessons"
    )


def test_db_upgrade_has_nothing_to_do_for_convex(tmp_path: Path) -> None:
    run = tutor(
        tmp_path,
        "db",
        "upgrade",
        TUTOR_DATA_DIR=str(tmp_path / "d"),
        TUTOR_STORE="convex",
        CONVEX_URL="http://127.0.0.1:1",
        TUTOR_CONVEX_SECRET="s",
    )
    assert run.returncode == 2
    assert "no SQL schema" in run.stderr
