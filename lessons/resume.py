"""What a crash left of a lesson: scenes still "pending" or "rendering" in the store, scenes that
never got code, and how a user asks to go on. `agent.resume` finishes such a lesson."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lessons.store.records import User

if TYPE_CHECKING:
    from lessons.service import LessonService

# What a user types to go on with an interrupted lesson ("continue", "resume", "go on", ...).
_RESUME_WORDS = re.compile(
    r"^\s*(?:please\s+)?(?:continue|resume|go on|carry on|keep going|finish(?: it| the lesson)?)"
    r"(?:\s+(?:please|the lesson|it|making it))?\s*[.!]*\s*$",
    re.I,
)


def is_resume_request(text: str) -> bool:
    """Whether a message only asks to go on ("continue", "resume", "go on", "keep going")."""
    return bool(_RESUME_WORDS.match(text))


@dataclass(frozen=True)
class Unfinished:
    """What a crash left of a lesson: scenes to render again, scenes without any code."""

    interrupted: list[int] = field(default_factory=list[int])
    missing: list[int] = field(default_factory=list[int])

    @property
    def scenes(self) -> list[int]:
        return sorted({*self.interrupted, *self.missing})

    def __bool__(self) -> bool:
        return bool(self.interrupted or self.missing)


async def unfinished_scenes(service: LessonService, user: User, lesson_id: str) -> Unfinished:
    """Scenes of a lesson that a crash (or a failed save) left without a finished render."""
    stale = await service.stale_scenes(user, lesson_id)
    missing = await service.scenes_without_code(user, lesson_id)
    return Unfinished(stale, missing)


def continue_message(missing: list[int]) -> str:
    """What the agent is asked when scenes never got code."""
    names = ", ".join(str(n) for n in missing)
    return (
        f"Continue the lesson: write and render scenes {names}. The app stitches the lesson "
        "afterwards."
    )
