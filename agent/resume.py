"""Finishing a lesson a crash interrupted: the one way both `tutor resume` and the chat do it.

Render what was left unrendered (versions still "pending" or "rendering" in the store, and
scenes whose render could not run, e.g. while the render queue's Redis was down), ask the agent
to write the scenes that never got code, then stitch the lesson.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lessons.resume import Unfinished, continue_message, unfinished_scenes
from lessons.store.records import User

if TYPE_CHECKING:
    from agent.tutor import TurnObserver, TurnOptions, Tutor


@dataclass(frozen=True)
class Resumed:
    reply: str  # the agent's words when it wrote missing scenes, else ""
    unfinished: Unfinished  # what there was to do
    rendered: set[int] = field(default_factory=set[int])


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
    if todo.to_render:
        outcomes = await service.render_again(user, lesson_id, todo.to_render, observer.progress)
        rendered.update(o.n for o in outcomes)
    reply = ""
    if todo.missing:
        lesson = await service.lesson(user, lesson_id)
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
