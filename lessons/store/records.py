"""What the store keeps. Records are immutable snapshots; changes go through the store."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tools.media.quality import QualityName
from tools.render.layout import LayoutItem
from tools.render.result import RenderError

VersionStatus = Literal["pending", "rendering", "ok", "failed"]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True)


class User(_Record):
    id: str
    name: str
    created_at: datetime


class Project(_Record):
    id: str
    owner_id: str
    name: str
    created_at: datetime


class Lesson(_Record):
    """A "video session": one lesson made in one chat (or one `tutor make`)."""

    id: str
    owner_id: str
    project_id: str
    title: str
    prompt: str
    session_id: str  # the conversation (chat thread) the lesson belongs to
    quality: QualityName
    created_at: datetime
    updated_at: datetime


class Scene(_Record):
    id: str
    lesson_id: str
    n: int  # 1-based position in the lesson
    title: str
    goal: str
    narration: str
    visual: str
    pinned_version: int | None  # set by a revert; None means "latest ok version"


class SpokenSpan(_Record):
    """When one sentence of a narration is heard, in seconds from the start of its clip."""

    start_s: float
    end_s: float
    text: str


class Narration(_Record):
    """What a version's clip says: the narration text, the voice that spoke it, and when."""

    text: str
    voice: str  # the voice's key (backend and settings); "none" for a silent track
    speech_s: float  # how long the speech lasts (0 when silent)
    spans: list[SpokenSpan] = Field(default_factory=list[SpokenSpan])  # one per sentence


class SceneVersion(_Record):
    """One immutable attempt at a scene: its code and what rendering it gave."""

    id: str
    scene_id: str
    number: int  # 1, 2, 3… per scene
    code: str
    note: str  # why this version exists: "first draft", "repair: …", "edit: make it red"
    parent_number: int | None
    status: VersionStatus
    clip_key: str | None
    poster_key: str | None
    duration_s: float | None
    error: RenderError | None
    created_at: datetime
    # The render worker that rendered it ("host:pid"); None for an in-process render (or none).
    rendered_by: str | None = None
    # The layout audit's warnings of its good render; empty when clean, failed or not rendered.
    layout: list[LayoutItem] = Field(default_factory=list[LayoutItem])
    # What its clip says, decided when the version is made (a narration edit is a new version
    # of the same code); None for versions made before narration was voiced: the scene's text.
    narration: Narration | None = None


class SceneState(_Record):
    """A scene with its live version and its newest one: what a lesson view shows of it."""

    scene: Scene
    current: SceneVersion | None
    latest: SceneVersion | None


class Export(_Record):
    """One stitched lesson video, with the scene versions it was made from."""

    id: str
    lesson_id: str
    number: int
    video_key: str
    chapters_key: str
    subtitles_key: str
    duration_s: float
    scene_versions: list[int]  # version number used for each scene, in order; 0 = placeholder
    created_at: datetime


class ClipFiles(_Record):
    """What a good render left: where its clip and poster are stored, and how long it runs."""

    clip_key: str
    poster_key: str | None = None
    duration_s: float | None = None


class ExportFiles(_Record):
    """A stitched lesson video to record: its files, and the scene versions it was made from."""

    video_key: str
    chapters_key: str
    subtitles_key: str
    duration_s: float
    scene_versions: list[int]  # version number used for each scene, in order; 0 = placeholder


class SceneDraft(BaseModel):
    """A scene as planned, before it has code."""

    title: str
    goal: str
    narration: str
    visual: str


class Share(_Record):
    """A share link of a lesson: whoever has the token may watch the lesson, until it is
    revoked or expires."""

    token: str
    lesson_id: str
    created_at: datetime
    expires_at: datetime | None  # None: until revoked
    revoked_at: datetime | None


class SharedLesson(_Record):
    """What a live share token opens: the lesson and its owner (to read it as them)."""

    owner: User
    lesson: Lesson
    share: Share
