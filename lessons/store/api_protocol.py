"""The REST API's port on the store: keys, replay memory, jobs and webhook attempts.

Kept in the lesson store's database so every app instance sees the same keys, jobs and
signatures. The SQL stores implement it (`sql_api`), the Convex store too (`convex_api`).
"""

from __future__ import annotations

from typing import Protocol

from lessons.store.api_records import ApiJob, ApiKey, JobKind, JobState, SceneStep, WebhookAttempt
from lessons.store.records import User


class ApiStore(Protocol):
    async def create_api_key(
        self, user: User, key_id: str, salt: str, secret_check: str
    ) -> ApiKey: ...

    async def api_key(self, key_id: str) -> ApiKey | None:
        """The key with this id, revoked or not; None if unknown."""
        ...

    async def api_keys(self, user_name: str | None = None) -> list[ApiKey]: ...

    async def revoke_api_key(self, key_id: str) -> bool:
        """False when there is no live key with this id."""
        ...

    async def remember_signature(self, key_id: str, signature: str, expires_at: float) -> bool:
        """Record a signature until `expires_at` (unix s); False if it was already seen."""
        ...

    async def create_job(
        self,
        user: User,
        job_id: str,
        key_id: str,
        kind: JobKind,
        lesson_id: str | None,
        scene: int | None,
        webhook_url: str | None,
    ) -> ApiJob: ...

    async def update_job(
        self,
        job_id: str,
        *,
        state: JobState | None = None,
        lesson_id: str | None = None,
        progress: list[SceneStep] | None = None,
        error: str | None = None,
    ) -> ApiJob: ...

    async def job(self, user: User, job_id: str) -> ApiJob:
        """The user's job; `NotFound` for another user's as for a missing one."""
        ...

    async def add_webhook_attempt(self, attempt: WebhookAttempt) -> None: ...

    async def webhook_attempts(
        self, job_id: str | None = None, limit: int = 200
    ) -> list[WebhookAttempt]: ...
