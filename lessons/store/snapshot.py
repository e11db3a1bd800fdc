"""A whole installation's lessons as plain data, to copy between stores and to compare.

Ids are left out (each store makes its own); records point at each other by user name,
scene position and version number. Login sessions are not copied: users log in again.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Protocol

from pydantic import BaseModel, ConfigDict, field_serializer

from lessons.store.records import Narration, VersionStatus
from tools.media.quality import QualityName
from tools.render.layout import LayoutItem
from tools.render.result import RenderError


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True)


class _Timed(_Data):
    # Stores keep time to the microsecond (SQLite) or the millisecond (Convex): compare in ms.
    @field_serializer("*", when_used="json")
    def _ms(self, value: object) -> object:
        if isinstance(value, datetime):
            return round(value.timestamp() * 1000)
        return value


class UserData(_Timed):
    name: str
    created_at: datetime
    password_hash: str | None


class VersionData(_Timed):
    number: int
    code: str
    note: str
    parent_number: int | None
    status: VersionStatus
    clip_key: str | None
    poster_key: str | None
    duration_s: float | None
    error: RenderError | None
    created_at: datetime
    rendered_by: str | None
    layout: list[LayoutItem]
    # What its clip says; None when made without one (and in snapshots from before it was kept).
    narration: Narration | None = None


class SceneData(_Data):
    n: int
    title: str
    goal: str
    narration: str
    visual: str
    pinned_version: int | None
    versions: list[VersionData]


class ExportData(_Timed):
    number: int
    video_key: str
    chapters_key: str
    subtitles_key: str
    duration_s: float
    scene_versions: list[int]
    created_at: datetime


class ShareData(_Timed):
    token: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None


class LessonData(_Timed):
    owner: str
    title: str
    prompt: str
    session_id: str
    quality: QualityName
    created_at: datetime
    updated_at: datetime
    scenes: list[SceneData]
    exports: list[ExportData]
    shares: list[ShareData]


class Snapshot(_Data):
    """Users by name; each user's lessons least recently updated first."""

    users: list[UserData]
    lessons: list[LessonData]

    def counts(self) -> dict[str, int]:
        scenes = [s for lesson in self.lessons for s in lesson.scenes]
        return {
            "users": len(self.users),
            "lessons": len(self.lessons),
            "scenes": len(scenes),
            "versions": sum(len(s.versions) for s in scenes),
            "exports": sum(len(lesson.exports) for lesson in self.lessons),
            "shares": sum(len(lesson.shares) for lesson in self.lessons),
        }

    def digest(self) -> str:
        """SHA-256 of the snapshot's canonical JSON: equal iff the installations hold the same."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()


class Installation(Protocol):
    """A store seen whole: read everything out, or fill an empty one."""

    async def dump(self) -> Snapshot: ...

    async def load(self, snapshot: Snapshot) -> None:
        """Write the snapshot into this store, which must hold no users yet."""
        ...
