"""What a crash (or an unreachable renderer) left of a lesson: scenes still "pending" or
"rendering" in the store, scenes that never got code, scenes whose render could not run, and how
a user asks to go on. `agent.resume` finishes such a lesson."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lessons.store.records import User
from lessons.unfinished import Unfinished

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


async def unfinished_scenes(service: LessonService, user: User, lesson_id: str) -> Unfinished:
    """Scenes of a lesson left without a finished render: a crash (or a failed save) left them
    unrendered, they never got code, or their render could not run (the renderer unreachable)."""
    return await service.unfinished(user, lesson_id)


def continue_message(missing: list[int]) -> str:
    """What the agent is asked when scenes never got code."""
    names = ", ".join(str(n) for n in missing)
    return (
        f"Continue the lesson: write and render scenes {names}. The app stitches the lesson "
        "afterwards."
    )
