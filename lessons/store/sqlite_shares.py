"""Share links in the SQL stores (SQLite, PostgreSQL): the queries, and the store methods that run them.

A link is live while it is neither revoked nor past its expiry; only a live link finds its
lesson. Links are made, listed and revoked by the lesson's owner only (another user's lesson
is `NotFound`); finding one by token needs no user, as a learner opening the link has none.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from lessons.store import sqlite_queries as q
from lessons.store import sqlite_rows as rows
from lessons.store.records import Share, SharedLesson, User
from lessons.store.sql import Conn
from lessons.store.sqlite_rows import LESSON_COLS, USER_COLS

T = TypeVar("T")

SHARE_COLS = "sh.token, sh.lesson_id, sh.created_at, sh.expires_at, sh.revoked_at"
# Unqualified: it is used with and without the `sh` alias.
_LIVE = "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)"
# Tokens are 32 URL-safe characters; anything much longer is not one of ours.
_MAX_TOKEN_CHARS = 128


def _stamp(at: datetime) -> str:
    # The same fixed-width ISO UTC text as every other timestamp: text order is time order.
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def create_share(
    c: Conn, user: User, lesson_id: str, token: str, expires_at: datetime | None
) -> Share:
    q.owned_lesson(c, user, lesson_id)
    q.insert(
        c,
        "shares",
        token=token,
        lesson_id=lesson_id,
        created_at=rows.now(),
        expires_at=None if expires_at is None else _stamp(expires_at),
    )
    return Share.model_validate(
        dict(q.must(c, f"SELECT {SHARE_COLS} FROM shares sh WHERE sh.token = ?", token))
    )


def find_share(c: Conn, token: str) -> SharedLesson | None:
    if not token or len(token) > _MAX_TOKEN_CHARS:
        return None
    now = _stamp(datetime.now(UTC))
    found = q.one(
        c, f"SELECT {SHARE_COLS} FROM shares sh WHERE sh.token = ? AND {_LIVE}", token, now
    )
    if found is None:
        return None
    lesson = q.must(c, f"SELECT {LESSON_COLS} FROM lessons l WHERE l.id = ?", found["lesson_id"])
    owner = q.must(c, f"SELECT {USER_COLS} FROM users u WHERE u.id = ?", lesson["owner_id"])
    return SharedLesson(
        owner=rows.to_user(owner),
        lesson=rows.to_lesson(lesson),
        share=Share.model_validate(dict(found)),
    )


def active_share(c: Conn, user: User, lesson_id: str) -> Share | None:
    q.owned_lesson(c, user, lesson_id)
    found = q.one(
        c,
        f"SELECT {SHARE_COLS} FROM shares sh WHERE sh.lesson_id = ? AND {_LIVE}"
        " ORDER BY sh.created_at DESC LIMIT 1",
        lesson_id,
        _stamp(datetime.now(UTC)),
    )
    return None if found is None else Share.model_validate(dict(found))


def revoke_shares(c: Conn, user: User, lesson_id: str) -> int:
    q.owned_lesson(c, user, lesson_id)
    now = _stamp(datetime.now(UTC))
    cursor = c.execute(
        f"UPDATE shares SET revoked_at = ? WHERE lesson_id = ? AND {_LIVE}",
        (now, lesson_id, now),
    )
    return cursor.rowcount


class SqliteShares:
    """The share-link methods of the SQL stores (which provide `_tx`)."""

    async def _tx(self, fn: Callable[[Conn], T], *, write: bool = False) -> T:
        raise NotImplementedError

    async def create_share(
        self, user: User, lesson_id: str, token: str, expires_at: datetime | None
    ) -> Share:
        """Record a new link to the user's lesson (live until revoked, or until `expires_at`)."""
        return await self._tx(
            lambda c: create_share(c, user, lesson_id, token, expires_at), write=True
        )

    async def find_share(self, token: str) -> SharedLesson | None:
        """The lesson a live link opens, with its owner; None if unknown, revoked or expired."""
        return await self._tx(lambda c: find_share(c, token))

    async def active_share(self, user: User, lesson_id: str) -> Share | None:
        """The lesson's newest live link, if any."""
        return await self._tx(lambda c: active_share(c, user, lesson_id))

    async def revoke_shares(self, user: User, lesson_id: str) -> int:
        """Revoke every live link of the lesson; how many there were."""
        return await self._tx(lambda c: revoke_shares(c, user, lesson_id), write=True)
