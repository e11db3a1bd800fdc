"""Finishing a lesson a crash interrupted: the one way both `tutor resume` and the chat do it.

Render what was left unrendered (versions still "pending" or "rendering" in the store), ask the
agent to write the scenes that never got code, then stitch the lesson.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from agent.store.records import User

if TYPE_CHECKING:
    from agent.lesson_service import LessonService
    from agent.tutor import TurnObserver, TurnOptions, Tutor

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


@dataclass(frozen=True)
class Resumed:
    reply: str  # the agent's words when it wrote missing scenes, else ""
    unfinished: Unfinished  # what there was to do
    rendered: set[int] = field(default_factory=set[int])


async def unfinished_scenes(service: LessonService, user: User, lesson_id: str) -> Unfinished:
    """Scenes of a lesson that a crash (or a failed save) left without a finished render."""
    stale = await service.store.stale_versions(user, lesson_id)
    missing = await service.scenes_without_code(user, lesson_id)
    return Unfinished([n for n, _ in stale], missing)


def continue_message(missing: list[int]) -> str:
    """What the agent is asked when scenes never got code."""
    names = ", ".join(str(n) for n in missing)
    return (
        f"Continue the lesson: write and render scenes {names}. The app stitches the lesson "
        "afterwards."
    )


async def resume_lesson(
    tutor: Tutor,
    user: User,
    lesson_id: str,
    observer: TurnObserver,
    options: TurnOptions | None = None,
) -> Resumed:
    """Finish an interrupted lesson: render the stale scenes, have the missing ones written,
    and stitch the lesson (even when nothing was left, so the lesson has a current export)."""
    service = tutor.service
    todo = await unfinished_scenes(service, user, lesson_id)
    rendered: set[int] = set()
    if todo.interrupted:
        outcomes = await service.render_scenes(user, lesson_id, todo.interrupted, observer.progress)
        rendered.update(o.n for o in outcomes)
    reply = ""
    if todo.missing:
        lesson = await service.store.get_lesson(user, lesson_id)
        turn = await tutor.turn(
            user,
            lesson.session_id,
            continue_message(todo.missing),
            lesson_id=lesson_id,
            observer=observer,
            options=options,
        )
        reply = turn.reply
        rendered.update(turn.rendered)
    await service.assemble(user, lesson_id, observer.progress)
    return Resumed(reply, todo, rendered)
