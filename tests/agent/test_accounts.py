"""Logins: password hashes, the credentials migration, the start-up admin, `tutor users`."""

from __future__ import annotations

import base64
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
from lessons.store.passwords import hash_password, verify_password
from lessons.store.records import SceneDraft
from lessons.store.sqlite_store import SqliteLessonStore
from tests.legacy_store import legacy_file, revision_of

ROOT = Path(__file__).resolve().parents[2]


def settings(tmp_path: Path, user: str | None = None, password: str | None = None) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        admin_user=user,
        admin_password=None if password is None else SecretStr(password),
    )


# Hashes


def test_hash_and_verify() -> None:
    stored = hash_password("correct horse")
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(digest)) == 32
    assert verify_password("correct horse", stored)
    assert not verify_password("correct horse!", stored)
    assert not verify_password("", stored)
    assert hash_password("correct horse") != stored  # a fresh salt each time


def test_tampered_or_foreign_hashes_never_verify() -> None:
    stored = hash_password("pw")
    scheme, n, r, p, salt, digest = stored.split("$")
    other_digest = base64.b64encode(bytes(32)).decode()
    other_salt = base64.b64encode(bytes(16)).decode()
    for bad in (
        f"{scheme}${n}${r}${p}${salt}${other_digest}",  # digest changed
        f"{scheme}${n}${r}${p}${other_salt}${digest}",  # salt changed
        f"{scheme}$1024${r}${p}${salt}${digest}",  # cost lowered
        f"{scheme}${2**30}${r}${p}${salt}${digest}",  # cost raised past the memory cap
        f"{scheme}${n}${r}${p}${salt}$not-base64!",
        f"bcrypt${n}${r}${p}${salt}${digest}",
        stored[:-4],
        "",
        "pw",
    ):
        assert not verify_password("pw", bad), bad


def test_empty_passwords_are_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        hash_password("")


# Migration 2


PASSWORD = "correct-horse-battery-staple"


async def test_a_version_1_database_gains_credentials_and_keeps_its_data(db: Path) -> None:
    legacy_file(db, 1)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO users VALUES ('u1', 'alice', '2024-01-01T00:00:00+00:00')")
    conn.close()

    with SqliteLessonStore.open(db) as store:
        alice = await store.get_user("alice")
        assert alice is not None and alice.id == "u1"
        scenes = [SceneDraft(title="a", goal="b", narration="c", visual="d")]
        lesson = await store.create_lesson(alice, "T", "p", "chat", "low", scenes)
        assert await store.set_password("alice", PASSWORD) == alice
        assert await store.check_password("alice", PASSWORD) == alice
        assert [x.id for x in await store.list_lessons(alice)] == [lesson.id]
    assert revision_of(db) == head()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT name FROM users").fetchall() == [("alice",)]
        [(user_id, stored)] = conn.execute("SELECT user_id, password_hash FROM credentials")
    # A password long enough that a random base64 hash never contains it by chance.
    assert user_id == "u1" and stored.startswith("scrypt$") and PASSWORD not in stored


# Store


async def test_set_and_check_password(store: SqliteLessonStore) -> None:
    alice = await store.set_password("alice", "first")  # creates the user
    assert await store.get_user("alice") == alice
    assert await store.check_password("alice", "first") == alice
    assert await store.check_password("alice", "wrong") is None
    assert await store.check_password("alice", "") is None
    assert await store.set_password("alice", "second") == alice  # same user, new hash
    assert await store.check_password("alice", "first") is None
    assert await store.check_password("alice", "second") == alice
    with pytest.raises(ValueError, match="empty"):
        await store.set_password("alice", "")
    with pytest.raises(ValueError, match="blank"):
        await store.set_password(" ", "pw")
    assert await store.check_password("alice", "second") == alice  # the refusals changed nothing


async def test_unknown_users_and_users_without_password(store: SqliteLessonStore) -> None:
    assert await store.check_password("nobody", "pw") is None
    await store.ensure_user("local")  # the CLI's user: no password
    assert await store.check_password("local", "pw") is None
    assert not await store.has_password_logins()
    await store.set_password("bob", "pw")
    assert await store.has_password_logins()


async def test_list_users(store: SqliteLessonStore) -> None:
    assert await store.list_users() == []
    await store.set_password("carol", "pw")
    await store.ensure_user("alice")
    assert [u.name for u in await store.list_users()] == ["alice", "carol"]


# The start-up admin


async def test_configured_admin_is_created_then_updated(
    store: SqliteLessonStore, tmp_path: Path
) -> None:
    assert await ensure_admin(store, settings(tmp_path, "teacher", "one")) is None
    teacher = await store.check_password("teacher", "one")
    assert teacher is not None
    assert await ensure_admin(store, settings(tmp_path, "teacher", "two")) is None
    assert await store.check_password("teacher", "one") is None
    assert await store.check_password("teacher", "two") == teacher


async def test_environment_names_the_admin(
    store: SqliteLessonStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUTOR_ADMIN_USER", "teacher")
    monkeypatch.setenv("TUTOR_ADMIN_PASSWORD", "from env")
    configured = Settings(data_dir=tmp_path / "data")
    assert "from env" not in repr(configured)  # a SecretStr
    assert await ensure_admin(store, configured) is None
    assert await store.check_password("teacher", "from env") is not None


async def test_unconfigured_first_start_generates_a_password_once(
    store: SqliteLessonStore, tmp_path: Path
) -> None:
    await store.ensure_user("local")  # a user without password does not count
    message = await ensure_admin(store, settings(tmp_path))
    assert message is not None and message.startswith("Log in as admin with password ")
    password = message.removeprefix("Log in as admin with password ").split()[0]
    assert len(password) >= 16
    assert await store.check_password("admin", password) is not None
    assert await ensure_admin(store, settings(tmp_path)) is None  # the next start
    assert await store.check_password("admin", password) is not None


async def test_unconfigured_start_keeps_existing_logins(
    store: SqliteLessonStore, tmp_path: Path
) -> None:
    await store.set_password("bob", "pw")
    assert await ensure_admin(store, settings(tmp_path)) is None
    assert await store.get_user("admin") is None


@pytest.mark.parametrize(
    ("user", "password", "missing"),
    [("teacher", None, "TUTOR_ADMIN_PASSWORD"), (None, "pw", "TUTOR_ADMIN_USER")],
)
async def test_half_a_configuration_is_refused(
    store: SqliteLessonStore, tmp_path: Path, user: str | None, password: str | None, missing: str
) -> None:
    with pytest.raises(ValueError, match=missing):
        await ensure_admin(store, settings(tmp_path, user, password))
    assert await store.list_users() == []


# `tutor users`


def tutor(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TUTOR_", "CHAINLIT_"))} | {
        "TUTOR_DATA_DIR": str(tmp_path / "data")
    }
    return subprocess.run(
        [sys.executable, "-m", "agent.cli", "users", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )


def assert_no_hash_shown(tmp_path: Path, *results: subprocess.CompletedProcess[str]) -> None:
    with sqlite3.connect(tmp_path / "data" / "tutor.db") as conn:
        stored = [r[0] for r in conn.execute("SELECT password_hash FROM credentials")]
    assert stored
    shown = "".join(r.stdout + r.stderr for r in results)
    assert "scrypt" not in shown
    for password_hash in stored:
        for part in password_hash.split("$")[-2:]:  # salt and digest
            assert part not in shown


async def check(tmp_path: Path, name: str, password: str) -> bool:
    with SqliteLessonStore.open(tmp_path / "data" / "tutor.db") as store:
        return await store.check_password(name, password) is not None


async def test_users_add_generates_and_shows_the_password_once(tmp_path: Path) -> None:
    added = tutor(tmp_path, "add", "alice")
    assert added.returncode == 0, added.stderr
    password = added.stdout.strip().rsplit(" ", 1)[-1]
    assert "shown once" in added.stdout and len(password) >= 16
    assert await check(tmp_path, "alice", password)
    again = tutor(tmp_path, "add", "alice")
    assert again.returncode == 2 and "already exists" in again.stderr
    assert await check(tmp_path, "alice", password)  # unchanged
    assert_no_hash_shown(tmp_path, added, again)


async def test_users_add_and_passwd_read_stdin(tmp_path: Path) -> None:
    added = tutor(tmp_path, "add", "bob", "--password-stdin", stdin="s3cret pass\nignored\n")
    assert added.returncode == 0, added.stderr
    assert "s3cret" not in added.stdout + added.stderr
    assert await check(tmp_path, "bob", "s3cret pass")

    changed = tutor(tmp_path, "passwd", "bob", "--password-stdin", stdin="new one\n")
    assert changed.returncode == 0, changed.stderr
    assert await check(tmp_path, "bob", "new one")
    assert not await check(tmp_path, "bob", "s3cret pass")

    generated = tutor(tmp_path, "passwd", "bob")
    assert generated.returncode == 0
    assert await check(tmp_path, "bob", generated.stdout.strip().rsplit(" ", 1)[-1])

    empty = tutor(tmp_path, "passwd", "bob", "--password-stdin", stdin="\n")
    assert empty.returncode == 2 and "empty" in empty.stderr
    assert_no_hash_shown(tmp_path, added, changed, generated, empty)


async def test_users_passwd_needs_an_existing_user(tmp_path: Path) -> None:
    result = tutor(tmp_path, "passwd", "ghost", "--password-stdin", stdin="pw\n")
    assert result.returncode == 2 and "no user 'ghost'" in result.stderr
    assert not await check(tmp_path, "ghost", "pw")


def test_users_list_prints_names_and_never_hashes(tmp_path: Path) -> None:
    assert tutor(tmp_path, "list").stdout == ""
    assert tutor(tmp_path, "add", "carol", "--password-stdin", stdin="pw\n").returncode == 0
    assert tutor(tmp_path, "add", "alice").returncode == 0
    listed = tutor(tmp_path, "list")
    assert listed.returncode == 0 and listed.stdout.splitlines() == ["alice", "carol"]
    assert_no_hash_shown(tmp_path, listed)
