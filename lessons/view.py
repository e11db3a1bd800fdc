"""The lesson's state as one typed object: what `--json` prints and the agent's status tool returns."""

from __future__ import annotations

from pydantic import BaseModel, Field

from lessons.store.records import SceneVersion, VersionStatus
from tools.render.layout import LayoutItem


class SceneView(BaseModel):
    n: int = Field(description="1-based scene number.")
    title: str
    status: VersionStatus = Field(description="Status of the live version (or the newest one).")
    version: int | None = Field(
        description="The live clip's version: it moves only on a re-render or a revert."
    )
    clip: str | None = Field(description="Where the live clip is, if there is one.")
    error: str | None = Field(
        description="Why the newest version failed, when it is newer than the live one."
    )
    rendered_by: str | None = Field(
        default=None,
        description="The render worker (host:pid) that rendered the live clip; None in-process.",
    )
    layout: list[LayoutItem] = Field(
        default_factory=list[LayoutItem],
        description="The layout audit's warnings of the live clip; empty when it looks clean.",
    )
    narration: str | None = Field(
        default=None, description="What the live clip's narrator says (None: not recorded)."
    )
    narration_s: float | None = Field(
        default=None, description="How long the live clip's narration is spoken; None: silent."
    )


class LessonView(BaseModel):
    lesson: str = Field(description="The lesson's id.")
    title: str
    export: str | None = Field(description="Where the latest stitched lesson video is.")
    scenes: list[SceneView]

    @property
    def all_ok(self) -> bool:
        """Every scene has a live clip and no newer failure."""
        return all(s.status == "ok" and not s.error for s in self.scenes)


def scene_view(
    n: int,
    title: str,
    live: SceneVersion | None,
    latest: SceneVersion | None,
    clip_url: str | None,
) -> SceneView:
    """One scene; a failed edit leaves the live version in place, and its error is still
    reported so nobody mistakes "kept the old clip" for "the edit worked"."""
    status = live.status if live else (latest.status if latest else "pending")
    error = None
    if (
        latest is not None
        and latest.status == "failed"
        and (live is None or latest.number > live.number)
    ):
        error = latest.error.message if latest.error else "render failed"
    said = live.narration if live else None
    return SceneView(
        n=n,
        title=title,
        status=status,
        version=live.number if live else None,
        clip=clip_url,
        error=error,
        rendered_by=live.rendered_by if live else None,
        layout=list(live.layout) if live else [],
        narration=said.text if said else None,
        narration_s=round(said.speech_s, 3) if said and said.speech_s else None,
    )
