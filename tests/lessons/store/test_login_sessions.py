"""Login sessions in the store: started per login, ended by logout or password change, expiring."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from agent.accounts import ensure_admin
from agent.settings import Settings
from lessons.store.migrations import head
from lessons.store.sqlite_store import SqliteLessonStore
from tests.legacy_store import legacy_file, revision_of

ROOT = Path(__file__).resolve().parents[3]
DAY = 86_400.0


async def test_a_session_is_live_until_it_ends(store: SqliteLessonStore) -> None:
    ada = await store.set_password("ada", "pw")
    first = await store.open_login_session(ada, DAY)
    second = await store.open_login_session(ada, DAY)
    assert first != second and len(first) >= 43
    assert await store.login_session_user(first) == ada
    assert await store.end_login_session(first)
    assert await store.login_session_user(first) is None
    assert not await store.end_login_session(first)  # already ended
    assert await store.login_session_user(second) == ada  # the other login stays


async def test_unknown_ids_find_nobody(store: SqliteLessonStore) -> None:
    await store.open_login_session(await store.ensure_user("ada"), DAY)
    for bogus in ("", "nope", "x" * 10_000, "' OR 1=1 --"):
        assert await store.login_session_user(bogus) is None


async def test_ending_a_users_sessions_leaves_others(store: SqliteLessonStore) -> None:
    ada, bob = await store.ensure_user("ada"), await store.ensure_user("bob")
    ada_sessions = [await store.open_login_session(ada, DAY) for _ in range(3)]
    bobs = await store.open_login_session(bob, DAY)
    assert await store.end_login_sessions("ada") == 3
    assert [await store.login_session_user(s) for s in ada_sessions] == [None] * 3
    assert await store.login_session_user(bobs) == bob
    assert await store.end_login_sessions("ada") == 0
    assert await store.end_login_sessions("nobody") == 0


async def test_sessions_expire(store: SqliteLessonStore) -> None:
    ada = await store.ensure_user("ada")
    short = await store.open_login_session(ada, 0.2)
    assert await store.login_session_user(short) == ada
    await asyncio.sleep(0.3)
    assert await store.login_session_user(short) is None
    assert await store.end_login_sessions("ada") == 0  # an expired one is not counted as live


@pytest.mark.sqlite_only
async def test_only_a_hash_of_the_id_is_stored(store: SqliteLessonStore, db: Path) -> None:
    session = await store.open_login_session(await store.ensure_user("ada"), DAY)
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT * FROM login_sessions").fetchall()
    assert len(stored) == 1 and session not in repr(stored)


async def test_a_version_2_database_gains_sessions_and_keeps_logins(db: Path) -> None:
    legacy_file(db, 2)  # as the release before login sessions left it
    with SqliteLessonStore.open(db) as store:
        await store.set_password("ada", "pw")
    with SqliteLessonStore.open(db) as store:
        ada = await store.check_password("ada", "pw")
        assert ada is not None
        session = await store.open_login_session(ada, DAY)
        assert await store.login_session_user(session) == ada
    assert revision_of(db) == head() >= "0003"


async def test_a_changed_admin_password_ends_the_admins_sessions(
    store: SqliteLessonStore, tmp_path: Path
) -> None:
    def configured(password: str) -> Settings:
        return Settings(
            data_dir=tmp_path / "data", admin_user="ada", admin_password=SecretStr(password)
        )

    await ensure_admin(store, configured("one"))
    ada = await store.get_user("ada")
    assert ada is not None
    kept = await store.open_login_session(ada, DAY)
    await ensure_admin(store, configured("one"))  # a restart with the same password
    assert await store.login_session_user(kept) == ada
    await ensure_admin(store, configured("two"))
    assert await store.login_session_user(kept) is None
    assert await store.check_password("ada", "two") == ada


def users(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TUTOR_", "CHAINLIT_"))}
    return subprocess.run(
        [sys.executable, "-m", "agent.cli", "users", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env | {"TUTOR_DATA_DIR": str(tmp_path / "data")},
        timeout=60,
    )


async def test_users_passwd_and_logout_end_sessions(tmp_path: Path, db: Path) -> None:
    assert users(tmp_path, "add", "ada", "--password-stdin", stdin="pw\n").returncode == 0
    with SqliteLessonStore.open(db) as store:
        ada = await store.get_user("ada")
        assert ada is not None
        sessions = [await store.open_login_session(ada, DAY) for _ in range(2)]

    changed = users(tmp_path, "passwd", "ada", "--password-stdin", stdin="new\n")
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.strip() == "ada: password changed, 2 login sessions ended"

    with SqliteLessonStore.open(db) as store:
        assert [await store.login_session_user(s) for s in sessions] == [None, None]
        assert await store.check_password("ada", "new") == ada
        again = await store.open_login_session(ada, DAY)

    logout = users(tmp_path, "logout", "ada")
    assert logout.returncode == 0, logout.stderr
    assert logout.stdout.strip() == "ada: 1 login session ended"
    with SqliteLessonStore.open(db) as store:
        assert await store.login_session_user(again) is None
        assert await store.check_password("ada", "new") == ada  # the password stays

    ghost = users(tmp_path, "logout", "ghost")
    assert ghost.returncode == 2 and "no user 'ghost'" in ghost.stderr
