"""Login sessions in the SQL stores (SQLite, PostgreSQL): one row per live login, found by a hash of the token's session id.

A session ends when its row is deleted (logout, password change, `tutor users logout`) or
when it expires; a token naming a session with no live row is refused by the app.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from lessons.store import sqlite_queries as q
from lessons.store.records import User
from lessons.store.sql import Conn, Row
from lessons.store.sqlite_rows import USER_COLS

# Session ids are 43 URL-safe characters; anything much longer is not one of ours.
_MAX_ID_CHARS = 128


def new_session_id() -> str:
    """A random session id (256 bits) to put in the login token."""
    return secrets.token_urlsafe(32)


def id_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _stamp(at: datetime) -> str:
    # The same fixed-width ISO UTC text as every other timestamp: text order is time order.
    return at.isoformat(timespec="microseconds")


def open_session(c: Conn, user: User, session_id: str, lifetime_s: float) -> None:
    """Record a new live session for `user` (and forget sessions that have expired)."""
    q.require_user(c, user)
    now = datetime.now(UTC)
    c.execute("DELETE FROM login_sessions WHERE expires_at <= ?", (_stamp(now),))
    c.execute(
        "INSERT INTO login_sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
        (id_hash(session_id), user.id, _stamp(now), _stamp(now + timedelta(seconds=lifetime_s))),
    )


def session_user(c: Conn, session_id: str) -> Row | None:
    """The user of a live session, or None (unknown, ended or expired)."""
    if not session_id or len(session_id) > _MAX_ID_CHARS:
        return None
    return q.one(
        c,
        f"SELECT {USER_COLS} FROM login_sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.id_hash = ? AND s.expires_at > ?",
        id_hash(session_id),
        _stamp(datetime.now(UTC)),
    )


def end_session(c: Conn, session_id: str) -> bool:
    """End one session; False if it was not live."""
    cursor = c.execute("DELETE FROM login_sessions WHERE id_hash = ?", (id_hash(session_id),))
    return cursor.rowcount > 0


def end_user_sessions(c: Conn, name: str) -> int:
    """End every session of the user called `name`; how many were live."""
    c.execute("DELETE FROM login_sessions WHERE expires_at <= ?", (_stamp(datetime.now(UTC)),))
    cursor = c.execute(
        "DELETE FROM login_sessions WHERE user_id IN (SELECT id FROM users WHERE name = ?)",
        (name,),
    )
    return cursor.rowcount
