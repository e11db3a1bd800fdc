"""What one chat turn's tools share: who is acting, which lesson, and the repair budget."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from agent.tool_results import Written
from lessons.progress import ProgressListener, ignore_progress
from lessons.repairs import RepairBudget
from lessons.service import LessonService
from lessons.store.records import User
from tools.media.quality import QualityName


@dataclass
class EarlyWrite:
    """A scene's code taken from the model's stream and stored before its tool call ran."""

    scene: int  # as the model numbered it (-1: the last)
    code: str
    written: asyncio.Task[Written]


@dataclass
class TurnContext:
    service: LessonService
    user: User
    session_id: str
    quality: QualityName = "low"
    voice: bool = True  # narration spoken (False: silent clips, subtitles only)
    budget: RepairBudget = field(default_factory=RepairBudget)  # repairs left per scene
    listener: ProgressListener = ignore_progress
    lesson_id: str | None = None  # the lesson the conversation is about, if any yet
    prompt: str = ""  # the user's message this turn
    planned: bool = False  # a lesson was planned this turn: no re-planning during repairs
    rendered: set[int] = field(default_factory=set[int])  # scenes re-rendered this turn
    # Writes started from the stream, by the id of the tool call that will claim them.
    early_writes: dict[str, EarlyWrite] = field(default_factory=dict[str, EarlyWrite])
    writing: set[asyncio.Task[Written]] = field(default_factory=set[asyncio.Task[Written]])
    # One write at a time, in the order they came (see agent.scene_writes).
    write_lane: asyncio.Lock = field(default_factory=asyncio.Lock)
    share_url: Callable[[str], str] = field(default=lambda token: f"/share/{token}")  # a link
