"""A bug inside a tool: logged at ERROR with its traceback, a clear answer to the model, and
the scene's code is never lost."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from agents.testing import ScriptedModel, assistant_message, function_call

from tests.agent.conftest import CountingRenderer, OpenTutor
from tests.agent.scripts import make_lesson_steps, scene_code, tool_output
from tools.check import ApiIndex
from tools.render.disk_full import disk_full_error
from tools.render.result import RenderFailed

pytestmark = pytest.mark.render

CODES = [scene_code(n) for n in range(1, 4)]


class CrashingRenderer(CountingRenderer):
    """Every render call dies of a bug (as the AST race did)."""

    async def render(self, code: str, *args: Any, **kw: Any) -> Any:
        self.calls.append(code)
        raise SystemError("AST constructor recursion depth mismatch (before=15, after=9)")


class FlakyIndex(CountingRenderer):
    """The API index breaks once while the fixer reads it (a fixer bug, as the race was)."""

    broke = False

    @property
    def api_index(self) -> ApiIndex:
        if not self.broke:
            self.broke = True
            raise SystemError("AST constructor recursion depth mismatch (before=15, after=9)")
        return self.engine.api_index


async def test_a_tool_that_raises_is_logged_with_its_traceback_and_answers_clearly(
    open_tutor: OpenTutor, renderer: CountingRenderer, caplog: pytest.LogCaptureFixture
) -> None:
    model = ScriptedModel()
    tutor = await open_tutor(model, renderer=CrashingRenderer(renderer.engine))
    steps = make_lesson_steps(CODES)
    model.extend([*steps[:3], [assistant_message("Something broke.")]])
    user = await tutor.user("ada")
    with caplog.at_level(logging.ERROR):
        await tutor.turn(user, "chat-1", "lesson")
    failed = [r for r in caplog.records if "render_scenes failed" in r.getMessage()]
    assert failed and failed[0].levelno == logging.ERROR
    assert failed[0].exc_info and "recursion depth mismatch" in str(failed[0].exc_info[1])
    answer = tool_output(model, "render")
    assert "internal error" in answer["error"] and "again" in answer["error"]
    # The renders started from the stream, before the tool call, died first: logged the same way.
    early = [r for r in caplog.records if "early render of scene" in r.getMessage()]
    assert len(early) == len(CODES) and all(r.exc_info for r in early)


async def test_a_fixer_failure_still_stores_the_scene(
    open_tutor: OpenTutor, renderer: CountingRenderer, caplog: pytest.LogCaptureFixture
) -> None:
    model = ScriptedModel()
    tutor = await open_tutor(model, renderer=FlakyIndex(renderer.engine))
    model.extend(make_lesson_steps(CODES))
    user = await tutor.user("ada")
    with caplog.at_level(logging.ERROR):
        result = await tutor.turn(user, "chat-1", "lesson")
    assert all("error" not in tool_output(model, f"write{n}") for n in (1, 2, 3))
    view = (await tutor.service.view(user, result.lesson_id or "")).model_dump()
    assert [s["version"] for s in view["scenes"]] == [1, 1, 1]
    assert any(r.exc_info for r in caplog.records if "fixing scene code failed" in r.getMessage())


class FullDisk(CountingRenderer):
    """Every render meets a full disk, as the engine reports it."""

    async def render(self, code: str, *args: Any, **kw: Any) -> Any:
        self.calls.append(code)
        return RenderFailed(error=disk_full_error())


async def test_a_full_disk_stops_the_repair_loop(
    open_tutor: OpenTutor, renderer: CountingRenderer
) -> None:
    model = ScriptedModel()
    tutor = await open_tutor(model, renderer=FullDisk(renderer.engine))
    steps = make_lesson_steps(CODES)
    steps[3:3] = [[function_call("render_scenes", {"scenes": [1]}, call_id="again")]]
    model.extend([*steps[:4], [assistant_message("The server's disk is full.")]])
    user = await tutor.user("ada")
    await tutor.turn(user, "chat-1", "lesson")
    first = tool_output(model, "render")
    assert first["stop"] and "disk is full" in first["stop"]
    assert all(r["error"]["line"] is None for r in first["results"])
    assert tool_output(model, "again") == {"results": [], "stop": first["stop"]}
    # Nothing was tried again: each scene at most once (its writes are stored one after the
    # other, and once scene 1's render has failed the later ones may not be tried at all).
    calls = tutor.service.renderer.calls  # type: ignore[attr-defined]
    assert calls and calls[0] == CODES[0] and len(set(calls)) == len(calls) <= 3
