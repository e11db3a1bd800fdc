"""The buttons under clips and failures: the same agent path as typed requests.

Each scene button first finds what it acts on: the scene its payload names (a forged payload
gets a short refusal instead) and, for the buttons that read it, this chat's lesson and user.
"""

from __future__ import annotations

from dataclasses import dataclass

import chainlit as cl

from agent.tutor import Tutor
from chat import runtime
from chat.action_payload import scene_number
from chat.turns import guarded, interrupted_lesson, run_resume, run_turn
from chat.view import code_block, share_text, too_long, unshare_text
from lessons.store.records import User
from tools.logs import correlated


async def _scene(action: cl.Action) -> int | None:
    """The scene an action button names; a forged payload gets a short refusal instead."""
    n = scene_number(action.payload)
    if n is None:
        await cl.Message(content="That button names no scene of this lesson.").send()
    return n


@dataclass(frozen=True)
class SceneOfLesson:
    tutor: Tutor
    user: User
    lesson_id: str
    n: int


async def _scene_of_lesson(action: cl.Action) -> SceneOfLesson | None:
    """The scene the button names, in this chat's lesson; None when there is none."""
    if (n := await _scene(action)) is None:
        return None
    tutor = await runtime.get_tutor()
    user = await runtime.current_user(tutor)
    lesson_id = await tutor.lesson_for(user, cl.context.session.thread_id)
    return None if lesson_id is None else SceneOfLesson(tutor, user, lesson_id, n)


@correlated
async def edit(action: cl.Action) -> None:
    if (n := await _scene(action)) is None:
        return
    answer = await cl.AskUserMessage(
        content=f"What should change in scene {n}?", timeout=600
    ).send()
    text = answer.get("output") if answer else None
    if text is None:
        return
    if refusal := too_long(text, runtime.settings().max_message_chars):
        await cl.Message(content=refusal).send()
    else:
        await run_turn(f"In scene {n}: {text}")


@correlated
async def revert(action: cl.Action) -> None:
    if (n := await _scene(action)) is not None:
        await run_turn(f"Revert scene {n} to its previous version.")


@correlated
async def retry(action: cl.Action) -> None:
    if (n := await _scene(action)) is not None:
        await run_turn(f"Scene {n} failed to render. Fix it and render it again.")


@correlated
async def fix_layout(action: cl.Action) -> None:
    # Exactly these words: the offline model reads them, and a real model sees a plain request.
    if (n := await _scene(action)) is not None:
        await run_turn(f"Fix the layout of scene {n}.")


@correlated
async def resume(action: cl.Action) -> None:
    tutor = await runtime.get_tutor()
    if (lesson_id := await interrupted_lesson(tutor, await runtime.current_user(tutor))) is None:
        await cl.Message(content="Nothing is left to finish in this lesson.").send()
        return
    await guarded(run_resume(lesson_id))


@correlated
async def show_code(action: cl.Action) -> None:
    if (scene := await _scene_of_lesson(action)) is None:
        return
    version = await scene.tutor.service.live_version(scene.user, scene.lesson_id, scene.n)
    code = version.code if version else "(no code yet)"
    await cl.Message(content=f"Scene {scene.n}:\n{code_block(code)}").send()


@correlated
async def rerender_high(action: cl.Action) -> None:
    if (scene := await _scene_of_lesson(action)) is None:
        return
    n = scene.n
    async with cl.Step(name=f"Rendering scene {n} in high quality", type="run"):
        clip = await scene.tutor.service.render_preview(scene.user, scene.lesson_id, n, "high")
    if clip is None:
        await cl.Message(content=f"Scene {n} could not be rendered in high quality.").send()
        return
    video = cl.Video(name=f"scene-{n}-high.mp4", path=str(clip), display="inline")
    await cl.Message(content=f"**Scene {n}** in high quality (1080p)", elements=[video]).send()


async def _this_lesson() -> tuple[Tutor, User, str] | None:
    """This chat's lesson, the acting user's own (the only lesson a button can act on)."""
    tutor = await runtime.get_tutor()
    user = await runtime.current_user(tutor)
    lesson_id = await tutor.lesson_for(user, cl.context.session.thread_id)
    if lesson_id is None:
        await cl.Message(content="There is no lesson in this chat yet.").send()
        return None
    return tutor, user, lesson_id


@correlated
async def share(action: cl.Action) -> None:
    """Publish this chat's lesson and post its link, with a Stop sharing button."""
    if (found := await _this_lesson()) is None:
        return
    tutor, user, lesson_id = found
    async with cl.Step(name="Publishing the lesson", type="run"):
        link = await tutor.service.share(user, lesson_id)
    url = runtime.settings().share_url(link.token)
    stop = cl.Action(name="stop_sharing", payload={}, label="Stop sharing")
    await cl.Message(content=share_text(url, link.expires_at), actions=[stop]).send()


@correlated
async def stop_sharing(action: cl.Action) -> None:
    if (found := await _this_lesson()) is None:
        return
    tutor, user, lesson_id = found
    await cl.Message(content=unshare_text(await tutor.service.unshare(user, lesson_id))).send()
