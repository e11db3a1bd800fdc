"""What the lesson tools answer the model: one typed model per tool, sent as JSON.

Expected failures are `ToolError` (`{"error": "..."}`), so the model can act on them.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from tools.render.layout import LayoutItem
from tools.render.result import ErrorKind, RenderError


class ToolError(BaseModel):
    error: str = Field(description="What went wrong and what to do instead.")


class SceneTitle(BaseModel):
    n: int
    title: str


TARGET = (
    "How long the narration of this scene takes to say, in seconds: time the animation to it"
    " (run_time and waits adding up to about this). null: the scene is silent."
)
SPEECH_WARNING = "Why a narration will be silent (the voice failed); say so to the user."


class PlannedScene(SceneTitle):
    target_duration_s: float | None = Field(description=TARGET)


class Planned(BaseModel):
    lesson: str = Field(description="The new lesson's id.")
    title: str
    scenes: list[PlannedScene]
    speech_warning: str | None = Field(default=None, description=SPEECH_WARNING)


class CodeProblem(BaseModel):
    line: int
    message: str
    suggestion: str | None


class Written(BaseModel):
    scene: int
    version: int = Field(description="The new version's number.")
    status: str
    fixed: list[str] = Field(description="Mechanical API fixes applied before storing.")
    problems: list[CodeProblem] = Field(description="What static checks still find.")
    target_duration_s: float | None = Field(description=TARGET)
    speech_warning: str | None = Field(default=None, description=SPEECH_WARNING)


class ErrorSummary(BaseModel):
    kind: ErrorKind
    message: str
    line: int | None
    hint: str | None

    @classmethod
    def of(cls, error: RenderError) -> ErrorSummary:
        return cls(kind=error.kind, message=error.message, line=error.line, hint=error.hint)


class SceneRender(BaseModel):
    scene: int
    status: str
    version: int
    clip: str | None
    duration_s: float | None
    error: ErrorSummary | None
    log_tail: str | None = Field(description="The end of the render log, for a failure.")
    docs: list[str] = Field(description="Manim doc snippets relevant to a failure.")
    attempts_left: int = Field(description="Repairs still allowed for this scene in this turn.")
    layout: list[LayoutItem] = Field(
        description="Layout warnings of a good render: text off the frame, drawn over other "
        "text, or too small to read. Fix them once (see polish_left); empty when it looks clean."
    )
    polish_left: int = Field(
        description="Layout fixes still allowed for this scene in this turn (separate from the "
        "repairs): when layout is not empty and this is 1, rewrite the scene once to fix them."
    )
    narration_s: float | None = Field(
        default=None,
        description="How long the clip's narration is spoken; the clip always lasts at least "
        "that long (its last frame is held). null: silent.",
    )
    pacing: str | None = Field(
        default=None,
        description="Set when the animation runs far longer than its narration: shorten "
        "run times and waits in the next change of this scene.",
    )


class Rendered(BaseModel):
    results: list[SceneRender]
    stop: str | None = Field(
        description="Set when rendering more cannot help: stop, tell the user."
    )


class Edited(SceneRender):
    live_version: int | None = Field(description="The version now live (the old one on failure).")
    fixed: list[str]
    export: str | None = Field(description="The re-stitched lesson, when the edit rendered.")
    speech_warning: str | None = Field(default=None, description=SPEECH_WARNING)


class SceneDetails(BaseModel):
    scene: int
    title: str
    goal: str
    narration: str = Field(description="What the narrator says in the live clip.")
    target_duration_s: float | None = Field(description=TARGET)
    visual: str
    version: int | None = Field(description="The live version's number.")
    status: str
    code: str | None
    error: str | None = Field(description="Why the newest version failed, if it did.")
    layout: list[LayoutItem] = Field(
        description="The live version's layout warnings; empty when it looks clean."
    )


class RevertedScene(BaseModel):
    scene: int
    version: int
    clip: str | None
    export: str | None


class Assembled(BaseModel):
    export: str | None
    chapters: list[SceneTitle]
    placeholders: list[int] = Field(description="Scenes shown as a titled card (no good clip).")
    duration_s: float


class Published(BaseModel):
    url: str = Field(description="The share link: give it to the user exactly as it is.")
    title: str
    expires_at: datetime | None = Field(description="When the link stops working; null: never.")
    new_link: bool = Field(description="False when the lesson's existing link was handed out.")
    uploads_pending: int = Field(
        default=0,
        description=(
            "Files of the lesson saved on the server but not yet in the media storage (it is "
            "unreachable): say the upload is pending; they upload by themselves, nothing is lost."
        ),
    )


class Unshared(BaseModel):
    revoked: int = Field(description="How many share links stopped working.")
