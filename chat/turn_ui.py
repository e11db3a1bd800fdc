"""One turn shown as it happens, in order: task list, tool steps, clips, streamed reply.

The agent reports progress, tool calls and reply text from its own tasks; a queue puts them
into the chat one at a time, in the order they came (tool steps: see `chat.tool_steps`).
"""

from __future__ import annotations

import asyncio
from typing import Any

import chainlit as cl

from agent.model_retry import busy_notice
from agent.tutor import TurnObserver, Tutor
from chat import runtime
from chat.files import file_url, hidden_roots
from chat.tool_steps import ToolSteps
from chat.view import (
    chapter_items,
    layout_warning,
    lesson_heading,
    scene_error_text,
    scene_heading,
    scrub,
    task_title,
)
from lessons.progress import SceneProgress
from lessons.store.records import User
from tools.retry import RetryNotice

TASK_LIST_EVERY_S = 0.3


class TurnUI:
    """Shows one turn as it happens, in order: task list, tool steps, clips, streamed reply."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self.worker = asyncio.get_running_loop().create_task(self._drain())
        self.tasks = cl.TaskList(status="Working…")
        self.scene_tasks: dict[int, cl.Task] = {}
        self.hidden = hidden_roots()
        self.steps = ToolSteps(
            lambda call_id: self.queue.put_nowait(("step", call_id)), self.hidden
        )
        self.reply: cl.Message | None = None
        self.busy: cl.Message | None = None  # "the model is busy, retrying…"
        self.tasks_due = False  # a send of the task list is scheduled
        self.tasks_sent_at = -TASK_LIST_EVERY_S  # loop time of the last one

    def observer(self) -> TurnObserver:
        return TurnObserver(
            progress=self._queue_progress,
            text=lambda t: self.queue.put_nowait(("text", t)),
            tool=lambda e: self.queue.put_nowait(("tool", e)),
            retrying=lambda n: self.queue.put_nowait(("retrying", n)),
        )

    def catch_up_observer(self) -> TurnObserver:
        """For a turn picked up part-way: what the chat already showed (and stored) only
        brings the task list up to date; its clips, steps and text are not shown again."""
        return TurnObserver(progress=lambda e: self._queue_progress(e, shown=True))

    def _queue_progress(self, event: SceneProgress, shown: bool = False) -> None:
        self.queue.put_nowait(("shown" if shown else "progress", event))

    async def _drain(self) -> None:
        while (item := await self.queue.get())[0] != "end":
            kind, value = item
            if kind in ("progress", "shown"):
                await self._progress(value, show=kind == "progress")
            elif kind == "tasks":
                await self._send_tasks()
            elif kind == "tool":
                await self.steps.on_event(value)
            elif kind == "step":
                await self.steps.show(up_to=value)
            elif kind == "retrying":
                await self.steps.show()
                await self._busy(value)
            else:
                await self.steps.show()
                await self._text(value)

    async def _progress(self, event: SceneProgress, show: bool = True) -> None:
        posts = show and event.stage == "done" and event.clip_key is not None
        if posts:
            await self.steps.show()  # the calls that led to it, above it
        if event.n == 0:
            if posts:
                await show_lesson(event.lesson_id)
            return
        if posts:
            await show_clip(event)  # the clip first: the task list can wait a moment
        task = self.scene_tasks.get(event.n)
        status = {
            "done": cl.TaskStatus.DONE,
            "failed": cl.TaskStatus.FAILED,
            "queued": cl.TaskStatus.READY,
        }.get(event.stage, cl.TaskStatus.RUNNING)
        if task is None:
            task = self.scene_tasks[event.n] = cl.Task(title=task_title(event), status=status)
            await self.tasks.add_task(task)
        task.title, task.status = task_title(event), status
        self._tasks_changed()

    def _tasks_changed(self) -> None:
        """Send the task list soon: at most once per TASK_LIST_EVERY_S. Scenes change state
        in bursts, and each send is a message, a stored file and a request from the browser,
        in the very moments a clip is on its way."""
        if self.tasks_due:
            return
        self.tasks_due = True
        loop = asyncio.get_running_loop()
        wait = max(0.0, self.tasks_sent_at + TASK_LIST_EVERY_S - loop.time())
        loop.call_later(wait, self.queue.put_nowait, ("tasks", None))

    async def _send_tasks(self) -> None:
        self.tasks_due = False
        self.tasks_sent_at = asyncio.get_running_loop().time()
        await self.tasks.send()

    async def _busy(self, notice: RetryNotice) -> None:
        # One message per turn, updated at each retry, rather than one per retry.
        if self.busy is None:
            self.busy = cl.Message(content=busy_notice(notice))
            await self.busy.send()
        else:
            self.busy.content = busy_notice(notice)
            await self.busy.update()

    async def _text(self, delta: str) -> None:
        if self.reply is None:
            self.reply = cl.Message(content="")
        await self.reply.stream_token(scrub(delta, self.hidden))

    async def finish(self, reply: str) -> None:
        self.queue.put_nowait(("end", None))
        await self.worker
        await self.steps.show()
        reply = scrub(reply, self.hidden)  # no host paths, no internal ids
        if self.scene_tasks:
            self.tasks.status = "Done"
            await self.tasks.send()
        if self.reply is None:
            await cl.Message(content=reply).send()
        else:
            self.reply.content = reply
            await self.reply.update()


def scene_actions(n: int, failed: bool = False, layout: bool = False) -> list[cl.Action]:
    """The buttons under a scene's clip (`layout`: it has layout warnings) or its failure."""
    payload = {"scene": n}
    if failed:
        return [
            cl.Action(name="retry", payload=payload, label="Retry"),
            cl.Action(name="revert", payload=payload, label="Revert"),
        ]
    fix = [cl.Action(name="fix_layout", payload=payload, label="Fix layout")] if layout else []
    return [
        *fix,  # first: what the warning above it asks for
        cl.Action(name="edit", payload=payload, label="Edit"),
        cl.Action(name="revert", payload=payload, label="Revert"),
        cl.Action(name="show_code", payload=payload, label="Show code"),
        cl.Action(name="rerender_high", payload=payload, label="Re-render in high quality"),
    ]


async def show_clip(event: SceneProgress) -> None:
    """A scene's clip, inline, the moment it is rendered, with its poster frame, and under it
    its layout warnings with a Fix layout button when the audit found any."""
    assert event.clip_key is not None
    poster = file_url(event.poster_key)
    video = cl.Video(
        name=f"scene-{event.n}-v{event.version}.mp4",
        # Our owner-checked route, not a copy: it serves the file or redirects to the storage.
        url=file_url(event.clip_key),
        display="inline",
        player_config={"file": {"attributes": {"poster": poster}}} if poster else None,
    )
    heading = f"{scene_heading(event.n, event.title)} (version {event.version})"
    # In the message's own text, so a chat reopened from its history still shows it.
    warning = layout_warning(event.layout, hidden_roots())
    message = cl.Message(
        content=f"{heading}\n\n{warning}" if warning else heading, elements=[video]
    )
    await message.send()
    # The buttons after the clip: sent with the message, their events would go out first and
    # the browser would start loading the clip after them.
    message.actions = scene_actions(event.n, layout=bool(event.layout))
    for action in message.actions:
        await action.send(for_id=message.id)


async def show_lesson(lesson_id: str) -> None:
    """The stitched lesson, with a chapter list that seeks when clicked."""
    tutor = await runtime.get_tutor()
    user = await runtime.current_user(tutor)
    service = tutor.service
    view = await service.view(user, lesson_id)
    export = await service.latest_export(user, lesson_id)
    if export is None:
        return
    starts = await service.chapter_starts(user, lesson_id)
    first = await service.live_version(user, lesson_id, 1)
    player = cl.CustomElement(
        name="LessonPlayer",
        display="inline",
        props={
            "src": file_url(export.video_key),
            "poster": file_url(first.poster_key if first else None),
            "chapters_vtt": file_url(export.chapters_key),
            "subtitles_vtt": file_url(export.subtitles_key),
            "chapters": chapter_items(view, starts),
        },
    )
    share = cl.Action(name="share", payload={}, label="Share")
    await cl.Message(content=lesson_heading(view.title), elements=[player], actions=[share]).send()


async def show_failures(tutor: Tutor, user: User, lesson_id: str, rendered: set[int]) -> None:
    """A message with Retry and Revert for each scene this turn tried and could not render."""
    view = await tutor.service.view(user, lesson_id)
    for scene in view.scenes:
        if scene.n in rendered and scene.error:
            await cl.Message(
                content=f"{scene_heading(scene.n, scene.title)} — "
                + scene_error_text(scene.error, hidden_roots()),
                actions=scene_actions(scene.n, failed=True),
            ).send()
