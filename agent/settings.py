"""The one reader of the environment: every setting has a `TUTOR_` variable and a default."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tools.logs import LogFormat
from tools.media.quality import QualityName

# Warm sandboxes a running app keeps by default: a lesson's scenes (3 to 6; 5 is usual) then
# render without waiting for manim's import. They start while the app is idle.
WARM_FOR_A_LESSON = 5


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "manim-tutor"


class Settings(BaseSettings):
    """Runtime configuration. Embedded defaults work with nothing configured."""

    model_config = SettingsConfigDict(env_prefix="TUTOR_", extra="ignore")

    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Where renders, the render cache and the API index live.",
    )
    quality: QualityName = Field(default="low", description="Default render quality preset.")
    render_workers: int = Field(
        default=0, ge=0, description="Parallel renders; 0 means one per CPU core."
    )
    render_timeout_s: float = Field(
        default=180.0, gt=0, description="Wall-time limit of one render."
    )
    render_memory_mb: int = Field(
        default=4096, ge=256, description="Address-space limit of one render process."
    )
    render_max_duration_s: float = Field(
        default=120.0, gt=0, description="Longest clip a scene may produce."
    )
    render_disk_mb: int = Field(
        default=1024, ge=16, description="Most disk one render may fill in its work dir."
    )
    render_warm_sandboxes: int | None = Field(
        default=None,
        ge=0,
        description="Sandboxes kept started ahead of demand (manim imported); unset = enough "
        "for a lesson's scenes (5), or one per worker where there are more workers.",
    )
    layout_audit: bool = Field(
        default=True,
        description="Check each render for off-frame, overlapping and too-small text (warnings).",
    )
    sandbox: Literal["auto", "bwrap", "none"] = Field(
        default="auto",
        description="auto: bubblewrap when installed, else limits only (with a warning).",
    )
    store: Literal["sqlite", "convex", "postgres"] = Field(
        default="sqlite",
        description=(
            "Where users, logins and lessons are kept: a SQLite file, Convex, or PostgreSQL"
            " (the default when TUTOR_DATABASE_URL is set)."
        ),
    )
    database_url: SecretStr | None = Field(
        default=None,
        description=(
            "PostgreSQL for the lessons, the chat history and the agent's memory, shared by"
            " several app instances: postgresql://USER:PASSWORD@HOST:PORT/DB (unset: SQLite"
            " files in the data dir)."
        ),
    )
    convex_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("CONVEX_URL", "TUTOR_CONVEX_URL"),
        description="The Convex deployment (TUTOR_STORE=convex), e.g. https://NAME.convex.cloud.",
    )
    convex_transport: Literal["http", "websocket"] = Field(
        default="http",
        description=(
            "How the Convex store calls the deployment: http (ConvexHttpClient) or websocket"
            " (ConvexClient, which stalls the process while Convex is unreachable)."
        ),
    )
    convex_secret: SecretStr | None = Field(
        default=None,
        description="The server secret the Convex functions check (their TUTOR_CONVEX_SECRET).",
    )
    storage: Literal["local", "s3"] = Field(
        default="local",
        description="Where clips, posters and lesson videos are kept: local files, or S3.",
    )
    s3_bucket: str | None = Field(default=None, description="The S3 bucket (TUTOR_STORAGE=s3).")
    s3_prefix: str = Field(default="", description="Prefix of every object key in the bucket.")
    s3_endpoint_url: str | None = Field(
        default=None, description="Another S3 API than AWS's (MinIO, R2, a test server)."
    )
    s3_region: str | None = Field(default=None, description="The bucket's region.")
    s3_presign_ttl_s: int = Field(
        default=900, ge=60, le=7 * 24 * 3600, description="Lifetime of a presigned media URL."
    )
    s3_retry_max_s: float = Field(
        default=300.0, gt=0, description="Longest wait between two tries of a pending upload."
    )
    cdn_base_url: str | None = Field(
        default=None,
        description="A CDN in front of the bucket: media URLs are this + the object key.",
    )
    renderer: Literal["local", "celery"] = Field(
        default="local",
        description=(
            "What renders scenes: local = sandboxed processes on this machine; celery = "
            "`tutor worker` processes reached through Redis (TUTOR_REDIS_URL)."
        ),
    )
    turns: Literal["local", "celery"] = Field(
        default="local",
        description=(
            "Where a chat turn (the agent planning, writing and rendering a lesson) runs: local ="
            " in the app; celery = `tutor worker --turns` processes, so a lesson goes on when the"
            " tab closes or the app restarts, and any app instance can show it."
        ),
    )
    redis_url: str | None = Field(
        default=None,
        description="Redis for the render queue, e.g. redis://host:6379/0 (TUTOR_RENDERER=celery).",
    )
    redis_timeout_s: float = Field(
        default=5.0,
        gt=0,
        description="Longest wait to connect to Redis or for one answer; 3x this for an outage.",
    )
    render_visibility_timeout_s: float = Field(
        default=600.0,
        gt=0,
        description="A job whose worker died is queued again after this long (> longest render).",
    )
    render_cache_dir: Path | None = Field(
        default=None,
        description=(
            "The render cache; with workers on other machines, a directory the app and every "
            "worker share (unset: <data dir>/cache)."
        ),
    )
    log_level: str = Field(default="INFO", description="Python logging level.")
    log_format: LogFormat = Field(
        default="text",
        description="Log lines as readable text, or 'json': one JSON object per line.",
    )
    model: str = Field(
        default="",
        description=(
            "Model name. Empty: OpenAI's default model when OPENAI_API_KEY is set, else the "
            "offline model. 'offline' forces it; 'litellm/<provider>/<model>' uses LiteLLM."
        ),
    )
    model_base_url: str | None = Field(
        default=None,
        description="Base URL of an OpenAI-compatible server (Ollama, vLLM, LM Studio).",
    )
    model_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("TUTOR_MODEL_API_KEY", "OPENAI_API_KEY"),
        description="API key for the model; OPENAI_API_KEY is read too.",
    )
    model_retries: int = Field(
        default=4,
        ge=0,
        le=20,
        description="Retries of a model call that met 429, 5xx or a timeout.",
    )
    model_retry_wait_s: float = Field(
        default=1.0, gt=0, description="Bound of the first retry's wait, doubled each retry."
    )
    model_retry_max_wait_s: float = Field(
        default=30.0, gt=0, description="Longest wait between two tries of a model call."
    )
    max_repair_attempts: int = Field(
        default=3, ge=0, le=10, description="Repairs the agent may try per failing scene."
    )
    user: str = Field(default="local", description="The acting user of `tutor` commands.")
    port: int = Field(default=8000, ge=1, le=65535, description="The chat app's port (make demo).")
    admin_user: str | None = Field(
        default=None,
        description="Login the chat app creates (or updates) at start-up; needs admin_password.",
    )
    admin_password: SecretStr | None = Field(
        default=None, description="Password of admin_user, set at every start-up."
    )
    auth_secret: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("CHAINLIT_AUTH_SECRET", "TUTOR_AUTH_SECRET"),
        description=(
            "Secret that signs chat login tokens; unset = one generated and kept in the data dir."
        ),
    )
    auth_cookie_name: str = Field(
        default="access_token",
        validation_alias=AliasChoices("CHAINLIT_AUTH_COOKIE_NAME", "TUTOR_AUTH_COOKIE_NAME"),
        description="Name of the login token cookie (Chainlit's own setting, read here too).",
    )
    public_url: str | None = Field(
        default=None,
        description=(
            "The chat app's public address (e.g. https://tutor.example.org): its origin may "
            "call the app, when it is https every cookie the app sets is Secure, and share "
            "links start with it (unset: http://localhost:TUTOR_PORT)."
        ),
    )
    allowed_origins: str = Field(
        default="",
        description=(
            "Comma-separated origins (scheme://host[:port]) besides the app's own that may call "
            "it from a browser (CORS with credentials, the chat socket)."
        ),
    )
    health_min_free_mb: int = Field(
        default=100,
        ge=0,
        description="GET /health answers 503 when the data volume has less free space (MB).",
    )
    login_max_failures: int = Field(
        default=10,
        ge=1,
        description="Failed logins per (client address, user name) in the window before 429.",
    )
    login_max_address_failures: int = Field(
        default=50,
        ge=1,
        description="Failed logins per client address, any user name, in the window before 429.",
    )
    login_window_s: float = Field(
        default=900.0, gt=0, description="How long a failed login counts against its sender."
    )
    login_concurrency: int = Field(
        default=2, ge=1, description="Password checks (16 MiB scrypt each) run at once at most."
    )
    login_socket_sweep_s: float = Field(
        default=30.0,
        ge=0,
        description="How often open chat sockets are checked; those of ended logins are closed.",
    )
    max_message_chars: int = Field(
        default=20_000,
        ge=100,
        description="Longest chat message the app accepts; longer ones are refused with a reply.",
    )

    @model_validator(mode="after")
    def _s3_needs_a_bucket(self) -> Settings:
        if self.storage == "s3" and not self.s3_bucket:
            raise ValueError("TUTOR_STORAGE=s3 needs TUTOR_S3_BUCKET (the bucket's name)")
        return self

    @model_validator(mode="before")
    @classmethod
    def _database_url_picks_postgres(cls, values: Any) -> Any:
        """One URL moves everything to PostgreSQL, unless a store is named."""
        if isinstance(values, dict) and values.get("database_url") and not values.get("store"):
            return {**values, "store": "postgres"}
        return values

    @model_validator(mode="after")
    def _postgres_by_database_url(self) -> Settings:
        settings = self
        url = settings.database_url.get_secret_value() if settings.database_url else None
        if url is not None and not url.startswith(("postgresql://", "postgres://")):
            raise ValueError(
                "TUTOR_DATABASE_URL must be a PostgreSQL URL: postgresql://USER:PASSWORD@HOST/DB"
            )
        if settings.store == "postgres" and not url:
            raise ValueError("TUTOR_STORE=postgres needs TUTOR_DATABASE_URL (postgresql://…)")
        return self

    @model_validator(mode="after")
    def _celery_needs_redis(self) -> Settings:
        settings = self
        for name, value in (("RENDERER", settings.renderer), ("TURNS", settings.turns)):
            if value == "celery" and not settings.redis_url:
                raise ValueError(
                    f"TUTOR_{name}=celery needs TUTOR_REDIS_URL (e.g. redis://localhost:6379/0)"
                )
        return self

    @property
    def outbox_dir(self) -> Path:
        """Files saved but not yet uploaded to remote storage (kept across restarts)."""
        return self.data_dir / "outbox"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    @property
    def render_cache_root(self) -> Path:
        """Where renders are kept by content (shared with the workers under celery)."""
        return self.render_cache_dir or self.cache_dir

    @property
    def api_index_dir(self) -> Path:
        return self.data_dir / "api-index"

    @property
    def db_path(self) -> Path:
        return self.data_dir / "tutor.db"

    @property
    def conversations_path(self) -> Path:
        return self.data_dir / "conversations.db"

    @property
    def chat_db_path(self) -> Path:
        """The chat app's conversation history (Chainlit's threads, steps, elements)."""
        return self.data_dir / "chat.db"

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "files"

    def share_url(self, token: str) -> str:
        """The link a learner opens: `{public URL}/share/{token}`."""
        base = (self.public_url or f"http://localhost:{self.port}").rstrip("/")
        return f"{base}/share/{token}"

    def worker_count(self) -> int:
        return self.render_workers or os.cpu_count() or 1

    def warm_sandboxes(self) -> int:
        """Sandboxes kept started ahead of demand, unless set: enough for a lesson's scenes,
        so that none of them waits for manim's import (each idle one holds about 75 MB of
        its own), or one per worker where there are more workers."""
        if self.render_warm_sandboxes is None:
            return max(self.worker_count(), WARM_FOR_A_LESSON)
        return self.render_warm_sandboxes

    def with_warm_sandboxes_at_most(self, count: int) -> Settings:
        """These settings for a command that renders at most `count` scenes: more sandboxes
        started ahead would only take CPU from its start-up (0 stays 0: turned off)."""
        return self.model_copy(update={"render_warm_sandboxes": min(count, self.warm_sandboxes())})
