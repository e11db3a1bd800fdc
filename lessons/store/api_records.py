"""What the REST API keeps: keys, jobs and webhook delivery attempts."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

JobState = Literal["queued", "running", "done", "failed"]
JobKind = Literal["lesson", "edit"]


class ApiKey(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    user_id: str
    user_name: str
    salt: str
    secret_check: str
    created_at: datetime
    revoked_at: datetime | None = None


class SceneStep(BaseModel):
    """Where one scene of a job is: the newest progress event's stage."""

    n: int
    title: str
    stage: str
    version: int | None = None
    error: str | None = None


class ApiJob(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    user_id: str
    key_id: str
    kind: JobKind
    lesson_id: str | None
    scene: int | None
    state: JobState
    progress: list[SceneStep] = Field(default_factory=list[SceneStep])
    error: str | None = None
    webhook_url: str | None = None
    created_at: datetime
    updated_at: datetime


class WebhookAttempt(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    job_id: str
    url: str
    attempt: int
    status: int | None  # the receiver's HTTP status; None when no answer came
    error: str | None
    at: datetime
    duration_ms: int
