"""The tools the model calls. Thin typed wrappers over `LessonService`; the docstrings are the
model's instructions for each tool. Every tool answers with one of the models in
`agent.tool_results` as JSON; expected failures come back as `{"error": "..."}` so the model
can act on them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from agents import FunctionTool, ModelBehaviorError, RunContextWrapper
from agents import function_tool as sdk_function_tool
from agents.tool_context import ToolContext
from pydantic import BaseModel

from agent.scene_writes import NO_LESSON, write_scene, writes_done
from agent.tool_results import (
    Assembled,
    Edited,
    ErrorSummary,
    Planned,
    PlannedScene,
    Rendered,
    RevertedScene,
    SceneDetails,
    SceneRender,
    SceneTitle,
    ToolError,
)
from agent.turn_context import TurnContext
from lessons.narrations import pacing, target_s
from lessons.plan import LessonPlan
from lessons.progress import SceneProgress
from lessons.results import CannotRender, RenderOutcome, RepairLimit
from lessons.store.protocol import InvalidTransition, NotFound

log = logging.getLogger(__name__)
Ctx = RunContextWrapper[TurnContext]


def tool_failed(ctx: RunContextWrapper[Any], error: Exception) -> str:
    """An unexpected exception in a tool: logged with its traceback, and said to the model."""
    name = ctx.tool_name if isinstance(ctx, ToolContext) else "a tool"
    if isinstance(error, ModelBehaviorError):  # the model sent arguments that do not fit
        log.warning("tool %s: bad arguments: %s", name, error)
        return json.dumps({"error": f"{name}: {error}. Fix the arguments and call it again."})
    log.error("tool %s failed", name, exc_info=error)
    return json.dumps(
        {
            "error": f"{name} failed because of an internal error on the server (it is logged, "
            "not a problem in your input). Call it again with the same arguments."
        }
    )


def function_tool(func: Callable[..., Awaitable[str]]) -> FunctionTool:
    """The SDK's function_tool, with failures logged at ERROR (the SDK logs them at debug)."""
    return sdk_function_tool(func, failure_error_function=tool_failed)


async def answer(work: Callable[[], Awaitable[BaseModel]]) -> str:
    """The tool's answer as JSON; an expected failure becomes `{"error": ...}` for the model."""
    try:
        answer = await work()
    # RepairLimit is a ValueError; CannotRender: rendering cannot run here now (Redis down…).
    except (NotFound, InvalidTransition, ValueError, CannotRender) as exc:
        answer = ToolError(error=str(exc))
    return json.dumps(answer.model_dump(mode="json"))


def current_lesson(ctx: Ctx) -> str:
    """The conversation's lesson; NotFound (said to the model) when there is none yet."""
    if ctx.context.lesson_id is None:
        raise NotFound(NO_LESSON)
    return ctx.context.lesson_id


@function_tool
async def plan_lesson(ctx: Ctx, plan: LessonPlan) -> str:
    """Start a new lesson from a plan of 3-6 scenes (title, goal, narration, visual each).

    Call this once per lesson, before writing any code. Never call it to fix a failing scene:
    repairs change that scene's code only. The narration is spoken at once: each scene comes
    back with target_duration_s, how long its narration lasts; time its animation to that.
    """
    turn = ctx.context

    async def work() -> Planned:
        if turn.planned:
            raise ValueError(
                "A lesson was already planned in this turn. Repair failing scenes with "
                "write_scene_code + render_scenes; do not re-plan."
            )
        lesson = await turn.service.create_lesson(
            turn.user, plan, turn.prompt, turn.session_id, turn.quality
        )
        turn.lesson_id, turn.planned = lesson.id, True
        for n, scene in enumerate(plan.scenes, start=1):
            turn.listener(SceneProgress(lesson.id, n, scene.title, "queued"))
        voiced = await turn.service.speak_plan(turn.user, lesson.id, turn.voice)
        scenes = [
            PlannedScene(n=n, title=s.title, target_duration_s=target_s(v.narration))
            for n, (s, v) in enumerate(zip(plan.scenes, voiced, strict=True), start=1)
        ]
        warning = next((v.warning for v in voiced if v.warning), None)
        return Planned(lesson=lesson.id, title=lesson.title, scenes=scenes, speech_warning=warning)

    return await answer(work)


@function_tool
async def write_scene_code(ctx: Ctx, scene: int, code: str) -> str:
    """Store new Manim CE code for one scene (1-based; -1 = last) without rendering it.

    The code is one file: `from manim import *` and exactly one Scene subclass. Mechanical API
    fixes are applied first and listed in "fixed"; "problems" lists what static checks still
    find (fix those before rendering). target_duration_s is how long the scene's narration
    lasts. Call render_scenes afterwards.
    """
    turn = ctx.context
    call_id = ctx.tool_call_id if isinstance(ctx, ToolContext) else None
    return await answer(lambda: write_scene(turn, scene, code, call_id))


@function_tool
async def render_scenes(ctx: Ctx, scenes: list[int] | None = None) -> str:
    """Render scenes in parallel: the given scene numbers, or every scene with unrendered code.

    Each result is ok (with the clip) or failed with a structured error, doc snippets and the
    repair attempts left. To repair: write_scene_code for that scene only, then render it again.
    When attempts_left is 0 or "stop" is set, stop and tell the user. An ok result may list
    layout warnings (each with the line, the objects and a concrete fix): while polish_left is
    1, fix them all in one write_scene_code for that scene and render it again.
    """
    turn = ctx.context

    async def work() -> Rendered:
        lesson_id = current_lesson(ctx)
        await writes_done(turn)  # a write sent in the same response is stored first
        numbers = None
        if scenes is not None:
            numbers = [await turn.service.scene_number(turn.user, lesson_id, n) for n in scenes]
        try:
            outcomes = await turn.service.render_scenes(
                turn.user, lesson_id, numbers, turn.listener, turn.budget
            )
        except RepairLimit as limit:
            return Rendered(results=[], stop=str(limit))
        results = [await render_result(turn, o) for o in outcomes]
        return Rendered(results=results, stop=turn.budget.stopped)

    return await answer(work)


async def render_result(turn: TurnContext, outcome: RenderOutcome) -> SceneRender:
    version = outcome.version
    turn.rendered.add(outcome.n)
    error = version.error
    return SceneRender(
        scene=outcome.n,
        status=version.status,
        version=version.number,
        clip=await turn.service.url(version.clip_key),
        duration_s=version.duration_s,
        error=ErrorSummary.of(error) if error else None,
        log_tail=error.log_tail[-1500:] if error else None,
        docs=outcome.docs,
        attempts_left=turn.budget.attempts_left(outcome.n),
        layout=version.layout,
        polish_left=turn.budget.polish_left(outcome.n),
        narration_s=version.narration.speech_s or None if version.narration else None,
        pacing=pacing(version),
    )


@function_tool
async def read_scene(ctx: Ctx, scene: int) -> str:
    """One scene's plan, live version, status, code, layout warnings and last error (1-based;
    -1 = last)."""
    turn = ctx.context

    async def work() -> SceneDetails:
        lesson_id = current_lesson(ctx)
        n = await turn.service.scene_number(turn.user, lesson_id, scene)
        plan = await turn.service.scene(turn.user, lesson_id, n)
        live = await turn.service.live_version(turn.user, lesson_id, n)
        latest = await turn.service.latest_version(turn.user, lesson_id, n)
        shown = live or latest
        said = live.narration if live else None
        return SceneDetails(
            scene=n,
            title=plan.title,
            goal=plan.goal,
            narration=said.text if said else plan.narration,
            target_duration_s=target_s(said),
            visual=plan.visual,
            version=live.number if live else None,
            status=shown.status if shown else "no code yet",
            code=shown.code if shown else None,
            error=latest.error.message if latest and latest.error else None,
            layout=live.layout if live else [],
        )

    return await answer(work)


@function_tool
async def edit_scene(
    ctx: Ctx, scene: int, code: str, change: str, narration: str | None = None
) -> str:
    """Replace one scene's code with an edited version, render only that scene, and re-stitch.

    `change` says in a few words what changed (e.g. "triangle red"). The scene keeps what its
    narrator says unless you pass `narration` (only when the user asked to change the words as
    well). If the new version fails to render, the previous version stays live: repair with
    another edit_scene call. To change only the narration, use narrate_scene instead.
    """
    turn = ctx.context

    async def work() -> Edited:
        lesson_id = current_lesson(ctx)
        n = await turn.service.scene_number(turn.user, lesson_id, scene)
        edit = await turn.service.edit_scene(
            turn.user, lesson_id, n, code, change, turn.listener, turn.budget, narration, turn.voice
        )
        result = await render_result(turn, edit.outcome)
        return Edited(
            **result.model_dump(),
            live_version=edit.live.number if edit.live else None,
            fixed=edit.written.fixed,
            speech_warning=edit.written.speech_warning,
            export=await turn.service.url(edit.export.video_key if edit.export else None),
        )

    return await answer(work)


@function_tool
async def revert_scene(ctx: Ctx, scene: int, version: int | None = None) -> str:
    """Undo: make an earlier rendered version of a scene live again and re-stitch the lesson.

    Without `version`, goes back one version from the live one.
    """
    turn = ctx.context

    async def work() -> RevertedScene:
        lesson_id = current_lesson(ctx)
        n = await turn.service.scene_number(turn.user, lesson_id, scene)
        reverted = await turn.service.revert_scene(turn.user, lesson_id, n, version, turn.listener)
        turn.rendered.add(n)
        return RevertedScene(
            scene=n,
            version=reverted.version.number,
            clip=await turn.service.url(reverted.version.clip_key),
            export=await turn.service.url(reverted.export.video_key),
        )

    return await answer(work)


@function_tool
async def assemble_lesson(ctx: Ctx) -> str:
    """Stitch every scene's live clip into the lesson video, with chapters and subtitles.

    A scene without a good clip gets a titled placeholder card until it is fixed.
    """
    turn = ctx.context

    async def work() -> Assembled:
        lesson_id = current_lesson(ctx)
        export = await turn.service.assemble(turn.user, lesson_id, turn.listener)
        view = await turn.service.view(turn.user, lesson_id)
        placeholders = [n for n, v in enumerate(export.scene_versions, start=1) if v == 0]
        return Assembled(
            export=view.export,
            chapters=[SceneTitle(n=s.n, title=s.title) for s in view.scenes],
            placeholders=placeholders,
            duration_s=round(export.duration_s, 2),
        )

    return await answer(work)


@function_tool
async def lesson_status(ctx: Ctx) -> str:
    """The current lesson: title, stitched video, and each scene's status, version and clip."""
    turn = ctx.context
    return await answer(lambda: turn.service.view(turn.user, current_lesson(ctx)))


LESSON_TOOLS: list[FunctionTool] = [
    plan_lesson,
    write_scene_code,
    render_scenes,
    read_scene,
    edit_scene,
    revert_scene,
    assemble_lesson,
    lesson_status,
]
