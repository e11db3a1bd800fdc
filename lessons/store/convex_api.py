"""The REST API's records on Convex: keys, seen signatures, jobs and webhook attempts, kept by
our functions in convex/apiKeys.ts and convex/apiJobs.ts, called as our server.

Ids are the app's own ("tk_…", "job_…"), kept as fields. Scoping is done by the functions: another
user's job is `NotFound`, with the same message as a missing one, as in the SQL stores.
"""

from __future__ import annotations

from typing import Any

from lessons.store import convex_records as rec
from lessons.store.api_records import ApiJob, ApiKey, JobKind, JobState, SceneStep, WebhookAttempt
from lessons.store.convex_calls import ConvexCalls
from lessons.store.records import User


def _attempt(fields: Any) -> WebhookAttempt:
    return rec.record(WebhookAttempt, {**fields, "at": rec.from_ms(fields["at"])})


class ConvexApi:
    """`ApiStore` on Convex, for the Convex store (which provides `_calls`)."""

    _calls: ConvexCalls

    # Keys

    async def create_api_key(self, user: User, key_id: str, salt: str, secret_check: str) -> ApiKey:
        found = await self._calls.mutation(
            "apiKeys:create", userId=user.id, keyId=key_id, salt=salt, secretCheck=secret_check
        )
        return rec.record(ApiKey, found)

    async def api_key(self, key_id: str) -> ApiKey | None:
        """The key with this id, revoked or not, with its user's name; None if unknown."""
        return rec.maybe(ApiKey, await self._calls.query("apiKeys:get", keyId=key_id))

    async def api_keys(self, user_name: str | None = None) -> list[ApiKey]:
        """Every key (or one user's), oldest first."""
        return rec.records(ApiKey, await self._calls.query("apiKeys:list", userName=user_name))

    async def revoke_api_key(self, key_id: str) -> bool:
        """Revoke a live key; False when there is no live key with this id."""
        return bool(await self._calls.mutation("apiKeys:revoke", keyId=key_id))

    # Replays

    async def remember_signature(self, key_id: str, signature: str, expires_at: float) -> bool:
        """Record a request's signature until `expires_at` (unix s); False if already seen.
        One mutation checks and inserts, so two app instances cannot both accept it."""
        remembered = await self._calls.mutation(
            "apiKeys:rememberSignature",
            keyId=key_id,
            signature=signature,
            expiresAt=expires_at * 1000,
        )
        return bool(remembered)

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
        found = await self._calls.mutation(
            "apiJobs:create",
            userId=user.id,
            jobId=job_id,
            keyId=key_id,
            kind=kind,
            lessonId=lesson_id,
            scene=scene,
            webhookUrl=webhook_url,
        )
        return rec.record(ApiJob, found)

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
        found = await self._calls.mutation(
            "apiJobs:update",
            jobId=job_id,
            state=state,
            lessonId=lesson_id,
            progress=None if progress is None else [s.model_dump() for s in progress],
            error=error,
        )
        return rec.record(ApiJob, found)

    async def job(self, user: User, job_id: str) -> ApiJob:
        """The user's job; `NotFound` for another user's job as for a missing one."""
        return rec.record(
            ApiJob, await self._calls.query("apiJobs:get", userId=user.id, jobId=job_id)
        )

    # Webhook deliveries

    async def add_webhook_attempt(self, attempt: WebhookAttempt) -> None:
        await self._calls.mutation(
            "apiJobs:addWebhookAttempt",
            attemptId=attempt.id,
            jobId=attempt.job_id,
            url=attempt.url,
            attempt=attempt.attempt,
            status=attempt.status,
            error=attempt.error,
            at=rec.to_ms(attempt.at),
            durationMs=attempt.duration_ms,
        )

    async def webhook_attempts(
        self, job_id: str | None = None, limit: int = 200
    ) -> list[WebhookAttempt]:
        """The newest attempts (or one job's), oldest first."""
        found = await self._calls.query("apiJobs:webhookAttempts", jobId=job_id, limit=limit)
        return [_attempt(f) for f in found]
