"""The render engine built from settings (one place, shared by the CLI and the agent)."""

from __future__ import annotations

from agent.settings import Settings
from tools.render.engine import EngineConfig, RenderEngine
from tools.storage.local import LocalStorage
from tools.storage.protocol import FileStorage


def render_media(settings: Settings) -> FileStorage:
    """Where the engine keeps its renders (the render cache): local files for now.

    Its keys start with `renders/`, so the cache stays at `<data dir>/cache/renders/`.
    """
    return LocalStorage(settings.cache_dir)


def build_engine(settings: Settings) -> RenderEngine:
    return RenderEngine(
        EngineConfig(
            data_dir=settings.data_dir,
            workers=settings.worker_count(),
            timeout_s=settings.render_timeout_s,
            memory_mb=settings.render_memory_mb,
            disk_mb=settings.render_disk_mb,
            max_duration_s=settings.render_max_duration_s,
            sandbox=settings.sandbox,
            api_index_dir=settings.api_index_dir,
            warm_sandboxes=(
                settings.worker_count()
                if settings.render_warm_sandboxes is None
                else settings.render_warm_sandboxes
            ),
        ),
        render_media(settings),
    )
