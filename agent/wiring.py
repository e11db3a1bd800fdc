"""The one place a backend is chosen: everything the product runs on, built from `Settings`.

`TUTOR_STORE` picks the lesson store, `TUTOR_STORAGE` the file storage and `TUTOR_RENDERER`
the renderer, each with an embedded default that needs no configuration. A new backend is a
module of its own plus one branch here. The Agents SDK is imported only by what needs a model
(`open_model`, `docs_server`), so commands without one start fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from agent.settings import Settings
from agent.voice_settings import VoiceSettings

# The lesson domain and the docs index load only when a command opens the backends: a
# `tutor render` builds just its renderer and starts its sandbox sooner.
if TYPE_CHECKING:
    from agents.mcp import MCPServerStdio
    from celery import Celery

    from agent.providers import ChosenModel
    from lessons.ports import SceneRenderer, Voice
    from lessons.service import LessonService
    from lessons.store.api_protocol import ApiStore
    from lessons.store.migrations import Upgrade
    from lessons.store.protocol import AccountStore, LessonStore
    from lessons.store.snapshot import Installation
    from tools.render.engine import RenderEngine
    from tools.render.queue.celery_app import QueueConfig
    from tools.render.queue.worker import RenderHost
    from tools.storage.protocol import FileStorage


def open_store(settings: Settings) -> LessonStore:
    """Users, logins and lessons (`TUTOR_STORE`)."""
    match settings.store:
        case "sqlite":
            from lessons.store.sqlite_store import SqliteLessonStore

            return SqliteLessonStore.open(settings.db_path)
        case "convex":
            from lessons.store.convex_store import ConvexLessonStore

            url, secret = _convex_settings(settings)
            return ConvexLessonStore.open(url, secret, settings.convex_transport)
        case "postgres":
            from lessons.store.postgres_store import PostgresLessonStore

            return PostgresLessonStore.open(_database_url(settings))


def upgrade_store(settings: Settings) -> Upgrade:
    """Bring the configured store's database to the newest schema revision (`tutor db upgrade`;
    opening the store does the same). Convex has no SQL schema: ValueError."""
    match settings.store:
        case "sqlite":
            from lessons.store.migrations import upgrade_sqlite

            return upgrade_sqlite(settings.db_path)
        case "postgres":
            from lessons.store.postgres_conn import upgrade_postgres

            return upgrade_postgres(_database_url(settings))
        case "convex":
            raise ValueError(
                "the Convex store has no SQL schema: its functions are deployed with"
                " `npx convex deploy`"
            )


def _database_url(settings: Settings) -> str:
    url = settings.database_url
    if url is None:  # the settings refuse TUTOR_STORE=postgres without a URL
        raise ValueError("TUTOR_STORE=postgres needs TUTOR_DATABASE_URL (postgresql://…)")
    return url.get_secret_value()


def open_installation(
    settings: Settings, kind: Literal["sqlite", "postgres", "convex"]
) -> Installation:
    """A store of either kind seen whole, to copy from or into (`tutor store copy`)."""
    match kind:
        case "sqlite":
            from lessons.store.sqlite_copy import SqliteInstallation

            return SqliteInstallation(settings.db_path)
        case "postgres":
            from lessons.store.postgres_copy import PostgresInstallation

            return PostgresInstallation(_database_url(settings))
        case "convex":
            from lessons.store.convex_calls import ConvexCalls
            from lessons.store.convex_copy import ConvexInstallation

            url, secret = _convex_settings(settings)
            return ConvexInstallation(ConvexCalls(url, secret, transport=settings.convex_transport))


def _convex_settings(settings: Settings) -> tuple[str, str]:
    secret = settings.convex_secret
    if not settings.convex_url or secret is None:
        raise ValueError(
            "the Convex store needs CONVEX_URL (the deployment) and TUTOR_CONVEX_SECRET"
            " (the server secret, also set on the deployment: `npx convex env set`)"
        )
    return settings.convex_url, secret.get_secret_value()


def open_files(settings: Settings) -> FileStorage:
    """Where clips, posters, exports and chat files live (`TUTOR_STORAGE`)."""
    match settings.storage:
        case "local":
            from tools.storage.local import LocalStorage

            return LocalStorage(settings.files_dir)
        case "s3":
            from tools.storage.s3 import S3Config, S3Storage

            config = S3Config(
                bucket=settings.s3_bucket or "",  # the settings refuse s3 without a bucket
                prefix=settings.s3_prefix,
                endpoint_url=settings.s3_endpoint_url,
                region=settings.s3_region,
                cdn_base_url=settings.cdn_base_url,
                presign_ttl_s=settings.s3_presign_ttl_s,
                retry_max_s=settings.s3_retry_max_s,
            )
            return S3Storage(config, settings.outbox_dir, settings.cache_dir / "s3")


def open_renderer(settings: Settings) -> SceneRenderer:
    """What renders scenes (`TUTOR_RENDERER`): sandboxed processes on this machine by default,
    or Celery workers reached through Redis."""
    match settings.renderer:
        case "local":
            return open_engine(settings, settings.worker_count(), settings.warm_sandboxes())
        case "celery":
            from tools.render.queue.client import CeleryRenderer

            return CeleryRenderer(
                queue_config(settings), open_render_cache(settings), settings.api_index_dir
            )


def open_engine(settings: Settings, workers: int, warm_sandboxes: int) -> RenderEngine:
    """The sandboxed render engine of this machine (the app's, or a worker's)."""
    from tools.render.engine import EngineConfig, RenderEngine

    config = EngineConfig(
        data_dir=settings.data_dir,
        workers=workers,
        timeout_s=settings.render_timeout_s,
        memory_mb=settings.render_memory_mb,
        disk_mb=settings.render_disk_mb,
        max_duration_s=settings.render_max_duration_s,
        sandbox=settings.sandbox,
        api_index_dir=settings.api_index_dir,
        warm_sandboxes=warm_sandboxes,
        layout_audit=settings.layout_audit,
    )
    return RenderEngine(config, open_render_cache(settings))


def queue_config(settings: Settings) -> QueueConfig:
    """The render queue on Redis, as the app and the workers both see it."""
    from tools.render.queue.celery_app import QueueConfig

    return QueueConfig(
        redis_url=settings.redis_url or "",  # the settings refuse celery without a URL
        timeout_s=settings.redis_timeout_s,
        visibility_timeout_s=settings.render_visibility_timeout_s,
    )


def open_render_cache(settings: Settings) -> FileStorage:
    """Where renders are kept, keyed by content (the render cache): local files.

    Its keys start with `renders/`, so the cache is `<data dir>/cache/renders/` unless
    `TUTOR_RENDER_CACHE_DIR` names a directory shared with the render workers.
    """
    from tools.storage.local import LocalStorage

    return LocalStorage(settings.render_cache_root)


def open_voice(settings: Settings, voice: VoiceSettings | None = None) -> Voice:
    """Who speaks the narration (`TUTOR_VOICE`): espeak-ng offline by default, OpenAI or any
    server speaking its protocol, or none. Every backend sits behind a cache of its speech,
    keyed by the text and every setting that changes the sound."""
    from tools.media.voices.cache import CachedVoice

    voice = voice or VoiceSettings()
    # Engines write each speech as a new file here; the cache moves it in at once.
    work_dir = settings.data_dir / "work"
    spoken: Voice
    match voice.voice:
        case "espeak":
            from tools.media.voices.espeak import EspeakVoice

            spoken = EspeakVoice(work_dir, voice=voice.voice_name or "en-us", wpm=voice.voice_wpm)
        case "openai":
            from tools.media.voices.openai_speech import OpenAISpeechVoice

            spoken = OpenAISpeechVoice(
                work_dir,
                api_key=voice.speech_key(),
                model=voice.voice_model,
                voice=voice.voice_name or "alloy",
                base_url=voice.voice_base_url,
            )
        case "none":
            from tools.media.voices.silent import SilentVoice

            return SilentVoice()
    return CachedVoice(spoken, settings.cache_dir / "speech")


def open_model(settings: Settings) -> ChosenModel:
    """The model the settings describe (`TUTOR_MODEL`, `TUTOR_MODEL_BASE_URL`); offline when
    nothing is configured."""
    from agent.providers import choose_model

    return choose_model(settings)


def docs_server(settings: Settings) -> MCPServerStdio:
    """The Manim docs MCP server, started as a child process and reached over stdio, as an IDE
    agent reaches it."""
    import sys

    from agents.mcp import MCPServerStdio

    return MCPServerStdio(
        params={
            "command": sys.executable,
            "args": ["-m", "mcp_manim_docs", "--cache-dir", str(settings.api_index_dir)],
        },
        cache_tools_list=True,
        name="manim-docs",
        client_session_timeout_seconds=60,
    )


@dataclass(frozen=True)
class Backends:
    """The lesson service, the accounts and the API's records, over one store; close it once
    when done."""

    service: LessonService
    accounts: AccountStore
    api: ApiStore

    async def close(self) -> None:
        await self.service.close()


def open_backends(
    settings: Settings,
    *,
    renderer: SceneRenderer | None = None,
    files: FileStorage | None = None,
    voice: Voice | None = None,
) -> Backends:
    """Everything a lesson needs, from settings; tests pass their own renderer, files or voice."""
    from agent.repair_docs import RepairDocs
    from lessons.service import LessonService

    store = open_store(settings)
    service = LessonService(
        store,
        files or open_files(settings),
        renderer or open_renderer(settings),
        RepairDocs(settings.api_index_dir),
        settings.data_dir / "work",
        voice or open_voice(settings),
        settings.cache_dir / "tracks",  # beside the speech cache (open_voice)
    )
    return Backends(service, store, store)


def open_worker(settings: Settings, concurrency: int) -> RenderWorker:
    """A render worker's parts: the queue, and one engine with `concurrency` render slots
    and as many warm sandboxes (unless `TUTOR_RENDER_WARM_SANDBOXES` says otherwise)."""
    from tools.render.queue.celery_app import make_celery
    from tools.render.queue.worker import RenderHost, register_render_task

    warm = concurrency if settings.render_warm_sandboxes is None else settings.render_warm_sandboxes
    config = queue_config(settings)
    app = make_celery(config)
    host = RenderHost(open_engine(settings, concurrency, warm))
    register_render_task(app, host, config)
    return RenderWorker(app, host, config)


def open_queue(settings: Settings) -> tuple[Celery, QueueConfig]:
    """The render queue as the operator's `tutor status` reads it."""
    from tools.render.queue.celery_app import make_celery

    config = queue_config(settings)
    return make_celery(config), config


@dataclass(frozen=True)
class RenderWorker:
    app: Celery
    host: RenderHost
    config: QueueConfig
