"""What the lesson service's operations return: typed, so callers read fields, not keys."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from lessons.store.records import Export, SceneVersion
from tools.check import Problem


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class WrittenCode(_Result):
    version: SceneVersion
    fixed: list[str] = Field(description="Mechanical rewrites applied before storing.")
    problems: list[Problem] = Field(description="What static checks still find.")
    speech_warning: str | None = Field(
        default=None, description="Why the narration is silent when the voice failed."
    )


class RenderOutcome(_Result):
    n: int
    version: SceneVersion
    docs: list[str] = Field(default_factory=list[str], description="Doc snippets for a failure.")


class EditOutcome(_Result):
    """One scene re-rendered alone; `export` is the re-stitched lesson when the render worked."""

    outcome: RenderOutcome
    written: WrittenCode
    export: Export | None
    live: SceneVersion | None = Field(description="The scene's live version after the edit.")


class Reverted(_Result):
    """An earlier version made live again, and the lesson re-stitched with it."""

    version: SceneVersion
    export: Export


class RepairLimit(ValueError):
    """The turn's repair budget refuses another render (the message says why, for the model)."""


class CannotRender(RuntimeError):
    """Rendering cannot run here now (the render queue unreachable, no worker, no sandbox), so
    the lesson cannot be stitched; the message says why and what to do. Nothing is lost."""


class ShareLink(_Result):
    """A live share link of a lesson: `token` goes into `{public URL}/share/{token}`."""

    token: str
    lesson: str
    title: str
    expires_at: datetime | None = Field(description="When the link stops working; None: never.")
    reused: bool = Field(description="True when the lesson's existing link was handed out again.")


class PublicLesson(_Result):
    """What a share link shows: the lesson's title and its latest stitched video, nothing else."""

    title: str
    video_key: str
    chapters_key: str
    subtitles_key: str
    duration_s: float
