"""The tools the model calls. Thin typed wrappers over `LessonService`; the docstrings are the
model's instructions for each tool. Every tool returns a JSON string; expected failures come
back as `{"error": "..."}` so the model can act on them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from agents import FunctionTool, ModelBehaviorError, RunContextWrapper
from agents import function_tool as sdk_function_tool
from agents.tool_context import ToolContext

from agent.turn_context import TurnContext
from lessons.plan import LessonPlan
from lessons.progress import SceneProgress
from lessons.service import RenderOutcome
from lessons.store.protocol import InvalidTransition, NotFound
from tools.render.disk_full import is_disk_full_error

log = logging.getLogger(__name__)
Ctx = RunContextWrapper[TurnContext]
NO_LESSON = "There is no lesson in this conversation yet: call plan_lesson first."


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


async def _answer(work: Callable[[], Awaitable[dict[str, Any]]]) -> str:
    try:
        return json.dumps(await work())
    except (NotFound, InvalidTransition, ValueError) as exc:
        return json.dumps({"error": str(exc)})


def _lesson(ctx: Ctx) -> str:
    if ctx.context.lesson_id is None:
        raise NotFound(NO_LESSON)
    return ctx.context.lesson_id


@function_tool
async def plan_lesson(ctx: Ctx, plan: LessonPlan) -> str:
    """Start a new lesson from a plan of 3-6 scenes (title, goal, narration, visual each).

    Call this once per lesson, before writing any code. Never call it to fix a failing scene:
    repairs change that scene's code only.
    """
    turn = ctx.context

    async def work() -> dict[str, Any]:
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
        scenes = [{"n": n, "title": s.title} for n, s in enumerate(plan.scenes, start=1)]
        return {"lesson": lesson.id, "title": lesson.title, "scenes": scenes}

    return await _answer(work)


@function_tool
async def write_scene_code(ctx: Ctx, scene: int, code: str) -> str:
    """Store new Manim CE code for one scene (1-based; -1 = last) without rendering it.

    The code is one file: `from manim import *` and exactly one Scene subclass. Mechanical API
    fixes are applied first and listed in "fixed"; "problems" lists what static checks still
    find (fix those before rendering). Call render_scenes afterwards.
    """
    turn = ctx.context

    async def work() -> dict[str, Any]:
        lesson_id = _lesson(ctx)
        n = await turn.service.scene_number(turn.user, lesson_id, scene)
        latest = await turn.service.store.latest_version(turn.user, lesson_id, n)
        note = (
            "first draft"
            if latest is None
            else "repair"
            if latest.status == "failed"
            else "rewrite"
        )
        title = (await turn.service.store.scene(turn.user, lesson_id, n)).title
        turn.listener(
            SceneProgress(lesson_id, n, title, "repairing" if note == "repair" else "writing")
        )
        written = await turn.service.write_code(turn.user, lesson_id, n, code, note)
        return {
            "scene": n,
            "version": written.version.number,
            "status": written.version.status,
            "fixed": written.fixed,
            "problems": [
                {"line": p.line, "message": p.message, "suggestion": p.suggestion}
                for p in written.problems
            ],
        }

    return await _answer(work)


@function_tool
async def render_scenes(ctx: Ctx, scenes: list[int] | None = None) -> str:
    """Render scenes in parallel: the given scene numbers, or every scene with unrendered code.

    Each result is ok (with the clip) or failed with a structured error, doc snippets and the
    repair attempts left. To repair: write_scene_code for that scene only, then render it again.
    When attempts_left is 0 or "stop" is set, stop and tell the user.
    """
    turn = ctx.context

    async def work() -> dict[str, Any]:
        lesson_id = _lesson(ctx)
        if turn.stopped:
            return {"results": [], "stop": turn.stopped}
        numbers = None
        if scenes is not None:
            numbers = [await turn.service.scene_number(turn.user, lesson_id, n) for n in scenes]
        over = [n for n in numbers or [] if turn.attempts_left(n) == 0]
        if over:
            return {"results": [], "stop": _limit_reached(over, turn.max_repair_attempts)}
        outcomes = await turn.service.render_scenes(
            turn.user,
            lesson_id,
            numbers,
            turn.listener,
            frozenset(n for n, count in turn.failures.items() if count),
        )
        return {"results": [await _result(turn, o) for o in outcomes], "stop": turn.stopped}

    return await _answer(work)


def _limit_reached(numbers: list[int], attempts: int) -> str:
    names = ", ".join(str(n) for n in numbers)
    return (
        f"Scene {names} failed {attempts + 1} times: the repair limit is reached. Stop repairing; "
        "tell the user the scene keeps its last good version (or a placeholder) and why."
    )


async def _result(turn: TurnContext, outcome: RenderOutcome) -> dict[str, Any]:
    version = outcome.version
    turn.rendered.add(outcome.n)
    error = version.error
    if version.status == "failed":
        turn.failures[outcome.n] = turn.failures.get(outcome.n, 0) + 1
        if error is not None and (error.kind == "environment" or is_disk_full_error(error)):
            turn.stopped = f"Not a code problem, rendering cannot work here: {error.message}"
    clip = await turn.service.files.url(version.clip_key) if version.clip_key else None
    return {
        "scene": outcome.n,
        "status": version.status,
        "version": version.number,
        "clip": clip,
        "duration_s": version.duration_s,
        "error": error.model_dump(exclude={"log_tail"}) if error else None,
        "log_tail": error.log_tail[-1500:] if error else None,
        "docs": outcome.docs,
        "attempts_left": turn.attempts_left(outcome.n),
    }


@function_tool
async def read_scene(ctx: Ctx, scene: int) -> str:
    """One scene's plan, live version, status, code and last error (1-based; -1 = last)."""
    turn = ctx.context

    async def work() -> dict[str, Any]:
        lesson_id = _lesson(ctx)
        n = await turn.service.scene_number(turn.user, lesson_id, scene)
        store = turn.service.store
        plan = await store.scene(turn.user, lesson_id, n)
        live = await store.current_version(turn.user, lesson_id, n)
        latest = await store.latest_version(turn.user, lesson_id, n)
        shown = live or latest
        return {
            "scene": n,
            "title": plan.title,
            "goal": plan.goal,
            "narration": plan.narration,
            "visual": plan.visual,
            "version": live.number if live else None,
            "status": shown.status if shown else "no code yet",
            "code": shown.code if shown else None,
            "error": latest.error.message if latest and latest.error else None,
        }

    return await _answer(work)


@function_tool
async def edit_scene(ctx: Ctx, scene: int, code: str, change: str) -> str:
    """Replace one scene's code with an edited version, render only that scene, and re-stitch.

    `change` says in a few words what changed (e.g. "triangle red"). If the new version fails
    to render, the previous version stays live: repair with another edit_scene call.
    """
    turn = ctx.context

    async def work() -> dict[str, Any]:
        lesson_id = _lesson(ctx)
        if turn.stopped:
            return {"error": turn.stopped}
        n = await turn.service.scene_number(turn.user, lesson_id, scene)
        if turn.attempts_left(n) == 0:
            return {"error": _limit_reached([n], turn.max_repair_attempts)}
        outcome, written, export = await turn.service.edit_scene(
            turn.user, lesson_id, n, code, change, turn.listener, turn.failures.get(n, 0) > 0
        )
        result = await _result(turn, outcome)
        live = await turn.service.store.current_version(turn.user, lesson_id, n)
        result.update(
            live_version=live.number if live else None,
            fixed=written.fixed,
            export=await turn.service.files.url(export.video_key) if export else None,
        )
        return result

    return await _answer(work)


@function_tool
async def revert_scene(ctx: Ctx, scene: int, version: int | None = None) -> str:
    """Undo: make an earlier rendered version of a scene live again and re-stitch the lesson.

    Without `version`, goes back one version from the live one.
    """
    turn = ctx.context

    async def work() -> dict[str, Any]:
        lesson_id = _lesson(ctx)
        n = await turn.service.scene_number(turn.user, lesson_id, scene)
        reverted = await turn.service.revert_scene(turn.user, lesson_id, n, version)
        clip = await turn.service.files.url(reverted.clip_key or "")
        title = (await turn.service.store.scene(turn.user, lesson_id, n)).title
        poster = await turn.service.files.url(reverted.poster_key or "")
        turn.listener(SceneProgress(lesson_id, n, title, "done", reverted.number, clip, poster))
        export = await turn.service.assemble(turn.user, lesson_id, turn.listener)
        turn.rendered.add(n)
        return {
            "scene": n,
            "version": reverted.number,
            "clip": clip,
            "export": await turn.service.files.url(export.video_key),
        }

    return await _answer(work)


@function_tool
async def assemble_lesson(ctx: Ctx) -> str:
    """Stitch every scene's live clip into the lesson video, with chapters and subtitles.

    A scene without a good clip gets a titled placeholder card until it is fixed.
    """
    turn = ctx.context

    async def work() -> dict[str, Any]:
        lesson_id = _lesson(ctx)
        export = await turn.service.assemble(turn.user, lesson_id, turn.listener)
        view = await turn.service.view(turn.user, lesson_id)
        placeholders = [n for n, v in enumerate(export.scene_versions, start=1) if v == 0]
        return {
            "export": view["export"],
            "chapters": [{"n": s["n"], "title": s["title"]} for s in view["scenes"]],
            "placeholders": placeholders,
            "duration_s": round(export.duration_s, 2),
        }

    return await _answer(work)


@function_tool
async def lesson_status(ctx: Ctx) -> str:
    """The current lesson: title, stitched video, and each scene's status, version and clip."""
    turn = ctx.context
    return await _answer(lambda: turn.service.view(turn.user, _lesson(ctx)))


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
