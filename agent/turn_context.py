"""What one chat turn's tools share: who is acting, which lesson, and the repair budget."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from lessons.progress import ProgressListener, ignore_progress
from lessons.service import LessonService
from lessons.store.records import User


@dataclass
class TurnContext:
    service: LessonService
    user: User
    session_id: str
    quality: Literal["low", "medium", "high"] = "low"
    max_repair_attempts: int = 3
    listener: ProgressListener = ignore_progress
    lesson_id: str | None = None  # the lesson the conversation is about, if any yet
    prompt: str = ""  # the user's message this turn
    planned: bool = False  # a lesson was planned this turn: no re-planning during repairs
    failures: dict[int, int] = field(default_factory=dict[int, int])  # failed renders per scene
    stopped: str | None = None  # an environment error: rendering more cannot help
    rendered: set[int] = field(default_factory=set[int])  # scenes re-rendered this turn

    def attempts_left(self, n: int) -> int:
        """Repairs still allowed for scene n this turn (the first render is not a repair)."""
        return max(0, self.max_repair_attempts + 1 - self.failures.get(n, 0))
