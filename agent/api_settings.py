"""The REST API's settings (`TUTOR_API_*`, `TUTOR_WEBHOOK_*`), read like every other setting."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class ApiSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TUTOR_", extra="ignore")

    api_master_key: SecretStr | None = Field(
        default=None,
        description=(
            "The key every API key's secret is derived from; unset = one generated and kept in"
            " the data dir (api-master-key). Several app instances must share the same one."
        ),
    )
    api_rate_per_min: int = Field(
        default=120, ge=1, description="Requests per minute one API key may make (per instance)."
    )
    api_clock_skew_s: int = Field(
        default=300, ge=1, description="How far a request's timestamp may be from now."
    )
    api_lesson_wait_s: float = Field(
        default=20.0,
        ge=0,
        le=120,
        description=(
            "How long POST /lessons waits for the plan to name the lesson before answering"
            " (0: answer at once; the job names the lesson later)."
        ),
    )
    webhook_allow_private: bool = Field(
        default=False,
        description="Let webhooks go to private, loopback and link-local addresses (tests).",
    )
    webhook_max_attempts: int = Field(default=6, ge=1, le=20, description="Deliveries per event.")
    webhook_backoff_s: float = Field(
        default=2.0, gt=0, description="First retry's delay; doubled each time, with jitter."
    )
    webhook_timeout_s: float = Field(default=10.0, gt=0, description="One delivery's time limit.")
