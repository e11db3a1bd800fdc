"""The lesson service built from settings: store, file storage, renderer, repair docs.

Kept apart from `tutor.py` so commands that need no model (show, revert) skip importing the
Agents SDK, which takes seconds.
"""

from __future__ import annotations

from agent.repair_docs import RepairDocs
from agent.settings import Settings
from lessons.ports import SceneRenderer
from lessons.service import LessonService
from lessons.store.sqlite_store import SqliteLessonStore
from tools.storage.local import LocalStorage
from tools.storage.protocol import FileStorage


def open_service(
    settings: Settings,
    *,
    renderer: SceneRenderer | None = None,
    files: FileStorage | None = None,
) -> LessonService:
    if renderer is None:
        from agent.engine import build_engine

        renderer = build_engine(settings)
    return LessonService(
        SqliteLessonStore.open(settings.db_path),
        files or LocalStorage(settings.files_dir),
        renderer,
        RepairDocs(settings.api_index_dir),
        settings.data_dir / "work",
    )


async def close_service(service: LessonService) -> None:
    await service.renderer.close()
    service.store.close()
