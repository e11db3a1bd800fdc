"""Progress of long work, reported per scene to whoever listens (terminal, chat UI)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from tools.render.layout import LayoutItem
from tools.render.result import RenderError

Stage = Literal["queued", "writing", "rendering", "repairing", "done", "failed", "assembling"]


@dataclass(frozen=True)
class SceneProgress:
    """One scene moved to a new stage; `clip`/`poster` (and their keys) are set when it is done."""

    lesson_id: str
    n: int  # 0 for the lesson as a whole (assembly)
    title: str
    stage: Stage
    version: int | None = None
    clip: str | None = None  # where a client fetches it (a local path, or a URL)
    poster: str | None = None
    clip_key: str | None = None  # the storage keys of the same files
    poster_key: str | None = None
    error: RenderError | None = None
    repaired: bool = False  # done after at least one failed attempt in this turn
    layout: tuple[LayoutItem, ...] = ()  # the layout audit's warnings of a done clip


ProgressListener = Callable[[SceneProgress], None]


def ignore_progress(_: SceneProgress) -> None:
    """The listener used when nobody watches."""
