"""Share links in the lesson store: the contract any `LessonStore` keeps (written against the
port, so another backend runs the same tests), plus the SQLite migration that adds them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lessons.store.migrations import head
from lessons.store.protocol import LessonStore, NotFound
from lessons.store.records import Lesson, SceneDraft, User
from lessons.store.sqlite_store import SqliteLessonStore
from tests.legacy_store import legacy_file, revision_of

DRAFTS = [SceneDraft(title="S1", goal="g", narration="n", visual="v")]


@pytest.fixture
def port(store: SqliteLessonStore) -> LessonStore:
    return store


@pytest.fixture
async def alice(port: LessonStore) -> User:
    return await port.ensure_user("alice")


@pytest.fixture
async def bob(port: LessonStore) -> User:
    return await port.ensure_user("bob")


async def new_lesson(port: LessonStore, user: User, title: str = "Pythagoras") -> Lesson:
    return await port.create_lesson(user, title, "make it", "chat-1", "low", DRAFTS)


def soon(seconds: float) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


async def test_a_link_opens_its_lesson_with_the_owner(port: LessonStore, alice: User) -> None:
    lesson = await new_lesson(port, alice)
    share = await port.create_share(alice, lesson.id, "tok-1", None)
    assert (share.token, share.lesson_id, share.expires_at, share.revoked_at) == (
        "tok-1",
        lesson.id,
        None,
        None,
    )
    found = await port.find_share("tok-1")
    assert found is not None
    assert found.owner == alice and found.lesson == lesson and found.share == share
    assert await port.active_share(alice, lesson.id) == share


async def test_unknown_tokens_open_nothing(port: LessonStore, alice: User) -> None:
    lesson = await new_lesson(port, alice)
    await port.create_share(alice, lesson.id, "tok-1", None)
    for bogus in ("", "tok", "TOK-1", "tok-1 ", "x" * 10_000, "' OR 1=1 --", "%"):
        assert await port.find_share(bogus) is None


async def test_another_users_lesson_is_not_found(port: LessonStore, alice: User, bob: User) -> None:
    lesson = await new_lesson(port, alice)
    await port.create_share(alice, lesson.id, "tok-1", None)
    with pytest.raises(NotFound):
        await port.create_share(bob, lesson.id, "tok-bob", None)
    with pytest.raises(NotFound):
        await port.active_share(bob, lesson.id)
    with pytest.raises(NotFound):
        await port.revoke_shares(bob, lesson.id)
    with pytest.raises(NotFound):
        await port.create_share(alice, "no-such-lesson", "tok-2", None)
    assert await port.find_share("tok-bob") is None
    assert await port.find_share("tok-1") is not None  # bob's attempts changed nothing


async def test_revoking_ends_every_live_link_of_that_lesson_only(
    port: LessonStore, alice: User
) -> None:
    lesson, other = await new_lesson(port, alice), await new_lesson(port, alice, "Sine")
    for token in ("a", "b"):
        await port.create_share(alice, lesson.id, token, None)
    await port.create_share(alice, lesson.id, "c", soon(3600))
    await port.create_share(alice, other.id, "d", None)
    assert await port.revoke_shares(alice, lesson.id) == 3
    assert [await port.find_share(t) for t in "abc"] == [None, None, None]
    assert await port.active_share(alice, lesson.id) is None
    assert await port.revoke_shares(alice, lesson.id) == 0  # nothing live is left
    assert await port.find_share("d") is not None
    assert await port.active_share(alice, other.id) is not None


async def test_links_expire(port: LessonStore, alice: User) -> None:
    lesson = await new_lesson(port, alice)
    await port.create_share(alice, lesson.id, "gone", soon(-1))
    assert await port.find_share("gone") is None
    short = await port.create_share(alice, lesson.id, "short", soon(0.3))
    assert short.expires_at is not None and short.expires_at > datetime.now(UTC)
    assert await port.find_share("short") is not None
    assert await port.active_share(alice, lesson.id) == short
    await asyncio.sleep(0.4)
    assert await port.find_share("short") is None
    assert await port.active_share(alice, lesson.id) is None
    assert await port.revoke_shares(alice, lesson.id) == 0  # an expired link is not live


async def test_the_active_link_is_the_newest_live_one(port: LessonStore, alice: User) -> None:
    lesson = await new_lesson(port, alice)
    await port.create_share(alice, lesson.id, "first", None)
    newest = await port.create_share(alice, lesson.id, "second", soon(3600))
    assert await port.active_share(alice, lesson.id) == newest


async def test_a_token_is_used_once(port: LessonStore, alice: User) -> None:
    lesson = await new_lesson(port, alice)
    await port.create_share(alice, lesson.id, "same", None)
    await port.revoke_shares(alice, lesson.id)
    with pytest.raises(Exception):  # noqa: B017  # each backend names its own conflict
        await port.create_share(alice, lesson.id, "same", None)
    assert await port.find_share("same") is None


def test_a_file_from_before_share_links_is_migrated(db: Path) -> None:
    legacy_file(db, 3)  # as the release before share links left it

    async def use() -> None:
        with SqliteLessonStore.open(db) as store:
            alice = await store.ensure_user("alice")
            lesson = await new_lesson(store, alice)
            await store.create_share(alice, lesson.id, "tok", None)
            assert await store.find_share("tok") is not None

    asyncio.run(use())
    assert revision_of(db) == head() >= "0004"
