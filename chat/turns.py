"""The agent's turns in the chat: a message, a finished interrupted lesson, a button's request.

Whatever breaks in a turn, the user gets words and a next step, never a silent chat.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable

import chainlit as cl
from chainlit.types import ThreadDict

from agent.offline import OfflineLessonModel
from agent.resume import resume_lesson
from agent.tutor import TurnOptions, TurnResult, Tutor
from chat import runtime
from chat.profiles import OFFLINE_PROFILE
from chat.turn_ui import TurnUI, show_failures
from chat.view import resume_done, resume_offer, too_long, uploads_pending
from lessons.results import CannotRender
from lessons.resume import is_resume_request, unfinished_scenes
from lessons.store.records import User
from tools.logs import correlated
from tools.render.disk_full import is_storage_failure

log = logging.getLogger(__name__)

WENT_WRONG = (
    "Something went wrong on our side while making that. Please try again; "
    "if it keeps happening, revert the last change or start a new chat."
)
STORAGE_FULL = (
    "The server's storage is full or read-only, so nothing new can be saved right now. "
    "Your lessons so far are kept; please try again once the server's operator has freed space."
)
FOLLOW_AFTER_S = 1.0  # lets the browser show the stored history before the live part
_resuming: set[str] = set()  # chat threads whose interrupted lesson is being finished


@correlated
async def on_message(message: cl.Message) -> None:
    """A typed message: refused when too long, a resume when asked for, else a turn."""
    if refusal := too_long(message.content, runtime.settings().max_message_chars):
        # Refused before the agent sees it: stored once, as the user's message. Chainlit's run
        # step around this hook keeps a copy as its input; a short mention is enough there.
        if (run := cl.context.current_run) is not None:
            run.input = f"(a message of {len(message.content):,} characters, refused)"
        await cl.Message(content=refusal).send()
        return
    if is_resume_request(message.content):
        tutor = await runtime.get_tutor()
        user = await runtime.current_user(tutor)
        if (lesson_id := await interrupted_lesson(tutor, user)) is not None:
            await guarded(run_resume(lesson_id))
            return
    await run_turn(message.content)


async def offer_resume(thread: ThreadDict) -> None:
    """On reopening a chat: follow its turn where a turn worker is on it (from where the chat
    left off); else, where a crash interrupted its lesson, offer to finish it."""
    tutor = await runtime.get_tutor()
    user = await runtime.current_user(tutor)
    remote = runtime.remote_turns()
    if remote and (turn_id := await remote.running(user, thread["id"])):
        # After this hook Chainlit shows the stored history: what comes next goes after it.
        follow = asyncio.get_running_loop().create_task(guarded(_follow(turn_id)))
        cl.user_session.set("following", follow)
        return
    if (lesson_id := await interrupted_lesson(tutor, user)) is None:
        return
    todo = await unfinished_scenes(tutor.service, user, lesson_id)
    offer = cl.Message(
        content=resume_offer(todo.scenes),
        actions=[cl.Action(name="resume", payload={}, label="Resume")],
    )
    await offer.send()  # stored, and its Resume action shown
    # Right after this hook Chainlit shows `thread` as the chat's history, replacing the
    # messages sent meanwhile: the offer goes in it too.
    thread["steps"].append(offer.to_dict())


async def run_turn(text: str) -> None:
    await guarded(_run_turn(text))


async def guarded(work: Awaitable[None]) -> None:
    try:
        await work
    except CannotRender as exc:  # the renderer is unreachable (Redis down…): its own words
        log.warning("turn stopped: %s", exc)
        await cl.Message(content=str(exc)).send()
    except Exception as exc:  # whatever broke, the user gets words and a next step
        log.exception("chat turn failed")
        await cl.Message(content=STORAGE_FULL if is_storage_failure(exc) else WENT_WRONG).send()


def turn_options() -> TurnOptions:
    options = cl.user_session.get("options") or {}
    return TurnOptions(
        model=OfflineLessonModel()
        if cl.user_session.get("chat_profile") == OFFLINE_PROFILE
        else None,
        quality=options.get("quality"),
        max_repair_attempts=(
            int(options["max_repair_attempts"]) if "max_repair_attempts" in options else None
        ),
        voice=bool(options["voice"]) if "voice" in options else None,
    )


async def _run_turn(text: str) -> None:
    tutor = await runtime.get_tutor()
    user = await runtime.current_user(tutor)
    thread_id = cl.context.session.thread_id
    ui = TurnUI()
    remote = runtime.remote_turns()
    log.info("chat turn for %s, run %s", user.name, "on a turn worker" if remote else "here")
    if remote is not None:  # on a turn worker, followed here
        result = await remote.turn(
            user, thread_id, text, observer=ui.observer(), options=turn_options()
        )
    else:
        result = await tutor.turn(
            user, thread_id, text, observer=ui.observer(), options=turn_options()
        )
    await _finish_turn(tutor, user, ui, result)


async def _finish_turn(tutor: Tutor, user: User, ui: TurnUI, result: TurnResult) -> None:
    await ui.finish(result.reply)
    if result.lesson_id:
        await show_failures(tutor, user, result.lesson_id, result.rendered)
        await say_pending_uploads(tutor, user, result.lesson_id)


async def _follow(turn_id: str) -> None:
    """Show a turn running on a worker, from where this chat's history left off."""
    await asyncio.sleep(FOLLOW_AFTER_S)
    remote = runtime.remote_turns()
    assert remote is not None
    tutor = await runtime.get_tutor()
    user = await runtime.current_user(tutor)
    ui = TurnUI()
    result = await remote.follow(turn_id, ui.observer(), catch_up=ui.catch_up_observer())
    await _finish_turn(tutor, user, ui, result)


def stop_following() -> None:
    """The chat's tab closed: with turns on workers, stop showing them here (the worker goes
    on, and the next chat that opens this conversation picks the turn up)."""
    if runtime.remote_turns() is None:
        return  # the turn runs in this process: it must go on
    for task in (cl.user_session.get("following"), cl.context.session.current_task):
        if task is not None and not task.done():
            task.cancel()


async def say_pending_uploads(tutor: Tutor, user: User, lesson_id: str) -> None:
    """Tell the user when this lesson's files wait for the storage (they upload by themselves)."""
    prefix = f"u/{user.id}/l/{lesson_id}/"
    waiting = [key for key in await tutor.service.finish_uploads() if key.startswith(prefix)]
    if waiting:
        await cl.Message(content=uploads_pending(len(waiting))).send()


async def interrupted_lesson(tutor: Tutor, user: User) -> str | None:
    """This chat's lesson when a crash left it unfinished and nothing is working on it now."""
    thread_id = cl.context.session.thread_id
    if thread_id in _resuming or tutor.is_running(user, thread_id):
        return None
    if (remote := runtime.remote_turns()) and await remote.running(user, thread_id):
        return None  # a turn worker is on it
    lesson_id = await tutor.lesson_for(user, thread_id)
    if lesson_id is None or not await unfinished_scenes(tutor.service, user, lesson_id):
        return None
    return lesson_id


async def run_resume(lesson_id: str) -> None:
    """Finish an interrupted lesson the way `tutor resume` does, shown like a turn."""
    tutor = await runtime.get_tutor()
    user = await runtime.current_user(tutor)
    thread_id = cl.context.session.thread_id
    _resuming.add(thread_id)
    try:
        ui = TurnUI()
        resumed = await resume_lesson(tutor, user, lesson_id, ui.observer(), turn_options())
        await ui.finish(resume_done(resumed.unfinished.scenes, resumed.reply))
    finally:
        _resuming.discard(thread_id)
    await show_failures(tutor, user, lesson_id, resumed.rendered)
