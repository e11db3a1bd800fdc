"""Storing a scene's new code for a turn: what `write_scene_code` does, whether the tool call
runs it or the code was taken from the model's stream as soon as it was complete
(`agent.early_renders`). A write started early is claimed by its tool call, never done twice.
"""

from __future__ import annotations

import asyncio

from agent.tool_results import CodeProblem, Written
from agent.turn_context import TurnContext
from lessons.narrations import target_s
from lessons.progress import SceneProgress
from lessons.store.protocol import NotFound

NO_LESSON = "There is no lesson in this conversation yet: call plan_lesson first."


async def write_scene(turn: TurnContext, scene: int, code: str, call_id: str | None) -> Written:
    """The tool call's write: the one started early for this very call, else a new one."""
    early = turn.early_writes.pop(call_id, None) if call_id else None
    if early is not None and (early.scene, early.code) == (scene, code):
        return await early.written
    return await start_write(turn, scene, code)


def start_write(turn: TurnContext, scene: int, code: str) -> asyncio.Task[Written]:
    """`store_code` under way; `writes_done` waits for it."""
    task = asyncio.create_task(_in_lane(turn, scene, code))
    turn.writing.add(task)
    task.add_done_callback(turn.writing.discard)
    return task


async def writes_done(turn: TurnContext) -> None:
    """Wait for the turn's writes under way: the model may send its writes and render_scenes
    in one response, and the SDK runs those calls at the same time."""
    await asyncio.gather(*turn.writing, return_exceptions=True)


async def _in_lane(turn: TurnContext, scene: int, code: str) -> Written:
    # A model often sends a lesson's writes in one response, so they start together. Run
    # side by side they would share the CPU (their checks, the store) and end together; one at
    # a time, in order, scene 1's is stored first and its render starts that much sooner.
    async with turn.write_lane:
        return await store_code(turn, scene, code)


async def store_code(turn: TurnContext, scene: int, code: str) -> Written:
    """A new version of the scene's code, after the mechanical API fixes, with what the checks
    still find; refused when the scene has no rewrites left this turn."""
    if turn.lesson_id is None:
        raise NotFound(NO_LESSON)
    lesson_id = turn.lesson_id
    n = await turn.service.scene_number(turn.user, lesson_id, scene)
    if refusal := turn.budget.rewrite_refusal([n]):  # refused now, not after the write
        raise ValueError(refusal)
    latest = await turn.service.latest_version(turn.user, lesson_id, n)
    note = "first draft" if latest is None else "repair" if latest.status == "failed" else "rewrite"
    title = (await turn.service.scene(turn.user, lesson_id, n)).title
    turn.listener(
        SceneProgress(lesson_id, n, title, "repairing" if note == "repair" else "writing")
    )
    written = await turn.service.write_code(turn.user, lesson_id, n, code, note, speak=turn.voice)
    return Written(
        scene=n,
        version=written.version.number,
        status=written.version.status,
        fixed=written.fixed,
        problems=[
            CodeProblem(line=p.line, message=p.message, suggestion=p.suggestion)
            for p in written.problems
        ],
        target_duration_s=target_s(written.version.narration),
        speech_warning=written.speech_warning,
    )
