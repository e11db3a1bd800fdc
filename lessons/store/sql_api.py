"""The REST API's records in the SQL stores (SQLite, PostgreSQL): keys, seen signatures, jobs
and webhook attempts. Keys and jobs are scoped to their user the way lessons are: another
user's job is `NotFound`, exactly as a missing one.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import TypeVar

from lessons.store import sqlite_queries as q
from lessons.store import sqlite_rows as rows
from lessons.store.api_records import ApiJob, ApiKey, JobKind, JobState, SceneStep, WebhookAttempt
from lessons.store.protocol import NotFound
from lessons.store.records import User
from lessons.store.sql import Conn, Row

T = TypeVar("T")

KEY_COLS = (
    "k.id, k.user_id, u.name AS user_name, k.salt, k.secret_check, k.created_at, k.revoked_at"
)
JOB_COLS = (
    "j.id, j.user_id, j.key_id, j.kind, j.lesson_id, j.scene, j.state, j.progress, j.error,"
    " j.webhook_url, j.created_at, j.updated_at"
)
ATTEMPT_COLS = "w.id, w.job_id, w.url, w.attempt, w.status, w.error, w.at, w.duration_ms"


def _key(row: Row) -> ApiKey:
    return ApiKey.model_validate(dict(row))


def _job(row: Row) -> ApiJob:
    found = dict(row)
    found["progress"] = [SceneStep.model_validate(s) for s in json.loads(found["progress"])]
    return ApiJob.model_validate(found)


def _job_row(c: Conn, job_id: str) -> Row | None:
    return q.one(c, f"SELECT {JOB_COLS} FROM api_jobs j WHERE j.id = ?", job_id)


class SqlApi:
    """The API methods of the SQL stores (which provide `_tx`)."""

    async def _tx(self, fn: Callable[[Conn], T], *, write: bool = False) -> T:
        raise NotImplementedError

    # Keys

    async def create_api_key(self, user: User, key_id: str, salt: str, secret_check: str) -> ApiKey:
        def create(c: Conn) -> ApiKey:
            q.require_user(c, user)
            q.insert(
                c,
                "api_keys",
                id=key_id,
                user_id=user.id,
                salt=salt,
                secret_check=secret_check,
                created_at=rows.now(),
            )
            sql = (
                f"SELECT {KEY_COLS} FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.id = ?"
            )
            return _key(q.must(c, sql, key_id))

        return await self._tx(create, write=True)

    async def api_key(self, key_id: str) -> ApiKey | None:
        """The key with this id, revoked or not, with its user's name; None if unknown."""
        sql = f"SELECT {KEY_COLS} FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.id = ?"
        found = await self._tx(lambda c: q.one(c, sql, key_id))
        return None if found is None else _key(found)

    async def api_keys(self, user_name: str | None = None) -> list[ApiKey]:
        """Every key (or one user's), oldest first."""
        where, args = ("WHERE u.name = ?", (user_name,)) if user_name else ("", ())
        sql = (
            f"SELECT {KEY_COLS} FROM api_keys k JOIN users u ON u.id = k.user_id {where}"
            " ORDER BY k.created_at, k.id"
        )
        return [_key(r) for r in await self._tx(lambda c: c.execute(sql, args).fetchall())]

    async def revoke_api_key(self, key_id: str) -> bool:
        """Revoke a live key; False when there is no live key with this id."""

        def revoke(c: Conn) -> bool:
            sql = "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"
            return c.execute(sql, (rows.now(), key_id)).rowcount > 0

        return await self._tx(revoke, write=True)

    # Replays

    async def remember_signature(self, key_id: str, signature: str, expires_at: float) -> bool:
        """Record a request's signature until `expires_at` (unix s); False if already seen."""

        def remember(c: Conn) -> bool:
            c.execute("DELETE FROM api_signatures WHERE expires_at < ?", (time.time(),))
            if q.one(c, "SELECT 1 FROM api_signatures WHERE signature = ?", signature):
                return False
            q.insert(c, "api_signatures", signature=signature, key_id=key_id, expires_at=expires_at)
            return True

        return await self._tx(remember, write=True)

    # Jobs

    async def create_job(
        self,
        user: User,
        job_id: str,
        key_id: str,
        kind: JobKind,
        lesson_id: str | None,
        scene: int | None,
        webhook_url: str | None,
    ) -> ApiJob:
        def create(c: Conn) -> ApiJob:
            at = rows.now()
            q.insert(
                c,
                "api_jobs",
                id=job_id,
                user_id=user.id,
                key_id=key_id,
                kind=kind,
                lesson_id=lesson_id,
                scene=scene,
                state="queued",
                progress="[]",
                webhook_url=webhook_url,
                created_at=at,
                updated_at=at,
            )
            return _job(q.must(c, f"SELECT {JOB_COLS} FROM api_jobs j WHERE j.id = ?", job_id))

        return await self._tx(create, write=True)

    async def update_job(
        self,
        job_id: str,
        *,
        state: JobState | None = None,
        lesson_id: str | None = None,
        progress: list[SceneStep] | None = None,
        error: str | None = None,
    ) -> ApiJob:
        """Move a job along; the fields left None keep their values."""
        steps = None if progress is None else json.dumps([s.model_dump() for s in progress])

        def update(c: Conn) -> ApiJob:
            c.execute(
                "UPDATE api_jobs SET state = COALESCE(?, state),"
                " lesson_id = COALESCE(?, lesson_id), progress = COALESCE(?, progress),"
                " error = COALESCE(?, error), updated_at = ? WHERE id = ?",
                (state, lesson_id, steps, error, rows.now(), job_id),
            )
            found = _job_row(c, job_id)
            if found is None:
                raise NotFound(f"No job {job_id}.")
            return _job(found)

        return await self._tx(update, write=True)

    async def job(self, user: User, job_id: str) -> ApiJob:
        """The user's job; `NotFound` for another user's job as for a missing one."""
        found = await self._tx(lambda c: _job_row(c, job_id))
        if found is None or found["user_id"] != user.id:
            raise NotFound(f"No job {job_id}.")
        return _job(found)

    # Webhook deliveries

    async def add_webhook_attempt(self, attempt: WebhookAttempt) -> None:
        values = attempt.model_dump()
        values["at"] = attempt.at.isoformat(timespec="microseconds")
        await self._tx(lambda c: q.insert(c, "webhook_attempts", **values), write=True)

    async def webhook_attempts(
        self, job_id: str | None = None, limit: int = 200
    ) -> list[WebhookAttempt]:
        """The newest attempts (or one job's), oldest first."""
        where, args = ("WHERE w.job_id = ?", (job_id,)) if job_id else ("", ())
        sql = (
            f"SELECT {ATTEMPT_COLS} FROM webhook_attempts w {where}"
            f" ORDER BY w.at DESC, w.attempt DESC LIMIT {int(limit)}"
        )
        found = await self._tx(lambda c: c.execute(sql, args).fetchall())
        return [WebhookAttempt.model_validate(dict(r)) for r in reversed(found)]
