"""The lesson as the API shows it: scenes with every version, statuses, errors, and media URLs
served by the API itself (signed, owner-only), never a host path."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from chat import runtime
from lessons.store.records import User, VersionStatus
from tools.render.layout import LayoutItem

API = "/api/v1"


class VersionOut(BaseModel):
    number: int
    status: VersionStatus
    note: str
    error: str | None
    created_at: datetime
    layout: list[LayoutItem] = Field(description="The layout audit's warnings of its render.")
    narration: str | None = Field(default=None, description="What its clip says.")


class SceneOut(BaseModel):
    n: int
    title: str
    status: VersionStatus = Field(description="The live version's status (or the newest one's).")
    version: int | None = Field(description="The live version's number.")
    error: str | None = Field(description="Why the newest version failed, when newer than live.")
    clip_url: str | None = Field(description="The live clip (a signed API request).")
    layout: list[LayoutItem] = Field(
        description="The layout audit's warnings of the live clip; empty when it looks clean."
    )
    narration: str | None = Field(default=None, description="What the live clip says.")
    narration_s: float | None = Field(
        default=None, description="How long the live clip's narration is spoken; null: silent."
    )
    versions: list[VersionOut]


class LessonOut(BaseModel):
    id: str
    title: str
    prompt: str
    created_at: datetime
    updated_at: datetime
    video_url: str | None = Field(description="The latest stitched lesson (a signed API request).")
    all_ok: bool
    scenes: list[SceneOut]


async def api_view(user: User, lesson_id: str) -> LessonOut:
    service = (await runtime.get_tutor()).service
    lesson = await service.lesson(user, lesson_id)
    view = await service.view(user, lesson_id)
    scenes = []
    for scene in view.scenes:
        versions = await service.versions(user, lesson_id, scene.n)
        scenes.append(
            SceneOut(
                n=scene.n,
                title=scene.title,
                status=scene.status,
                version=scene.version,
                error=scene.error,
                layout=scene.layout,
                narration=scene.narration,
                narration_s=scene.narration_s,
                clip_url=f"{API}/lessons/{lesson_id}/scenes/{scene.n}/clip" if scene.clip else None,
                versions=[
                    VersionOut(
                        number=v.number,
                        status=v.status,
                        note=v.note,
                        error=v.error.message if v.error else None,
                        created_at=v.created_at,
                        layout=v.layout,
                        narration=v.narration.text if v.narration else None,
                    )
                    for v in versions
                ],
            )
        )
    return LessonOut(
        id=lesson.id,
        title=lesson.title,
        prompt=lesson.prompt,
        created_at=lesson.created_at,
        updated_at=lesson.updated_at,
        video_url=f"{API}/lessons/{lesson_id}/video" if view.export else None,
        all_ok=view.all_ok,
        scenes=scenes,
    )
