"""What a render returns: expected failures are data the model can act on, not exceptions."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from tools.render.layout import LayoutItem

ErrorKind = Literal[
    "syntax", "unsafe", "api", "latex", "runtime", "timeout", "resource", "environment"
]


class RenderError(BaseModel):
    kind: ErrorKind = Field(description="Category of the failure.")
    message: str = Field(description="One line saying what went wrong.")
    line: int | None = Field(
        default=None, description="Line in the scene's own code, when one is to blame."
    )
    hint: str | None = Field(default=None, description="What to change to fix it.")
    log_tail: str = Field(default="", description="The last lines of the render log.")


class RenderOk(BaseModel):
    """A good render. Its files are objects in the engine's media `FileStorage`, named by key
    (not host paths), so a render done elsewhere can hand them back."""

    ok: Literal[True] = True
    video_key: str = Field(description="Storage key of the H.264 mp4 with faststart.")
    poster_key: str = Field(description="Storage key of the PNG of the last frame.")
    duration_s: float
    cached: bool = False
    elapsed_s: float = 0.0
    warnings: list[str] = Field(default_factory=list[str])
    worker: str | None = Field(
        default=None, description="The render worker that made it (host:pid); None in-process."
    )
    layout: list[LayoutItem] = Field(
        default_factory=list[LayoutItem],
        description="Layout defects seen in the clip (warnings: the render is still good).",
    )


class RenderFailed(BaseModel):
    ok: Literal[False] = False
    error: RenderError
    elapsed_s: float = 0.0
    warnings: list[str] = Field(default_factory=list[str])
    worker: str | None = Field(
        default=None, description="The render worker that made it (host:pid); None in-process."
    )


RenderResult = RenderOk | RenderFailed


def to_cli_json(
    result: RenderResult, video: Path | None = None, poster: Path | None = None
) -> dict[str, object]:
    """The `tutor render --json` shape (documented in the README).

    `video` and `poster` are the local files of an ok result's keys (`FileStorage.local_path`):
    the command prints paths a user can open.
    """
    if isinstance(result, RenderOk):
        if video is None or poster is None:
            raise ValueError("the JSON of a good render needs the local paths of its files")
        return {
            "ok": True,
            "video": str(video),
            "poster": str(poster),
            "duration_s": round(result.duration_s, 3),
            "cached": result.cached,
            "elapsed_s": round(result.elapsed_s, 3),
            "error": None,
            "layout": [item.model_dump() for item in result.layout],
        }
    return {
        "ok": False,
        "video": None,
        "poster": None,
        "duration_s": None,
        "cached": False,
        "elapsed_s": round(result.elapsed_s, 3),
        "error": result.error.model_dump(),
        "layout": [],
    }
