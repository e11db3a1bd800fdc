"""Whole conversations with a scripted model: real tools, real store, real renders."""

from __future__ import annotations

import json
import logging
import subprocess
from pathlib import Path
from typing import Any

import pytest
from agents.testing import ModelStep, ScriptedModel, assistant_message, function_call

from agent.tutor import TurnObserver, Tutor
from lessons.progress import SceneProgress
from lessons.store.protocol import NotFound
from tests.agent.conftest import CountingRenderer, OpenTutor
from tests.agent.scripts import BROKEN_BODY, make_lesson_steps, scene_code, tool_output
from tools.render.result import RenderError, RenderFailed

pytestmark = pytest.mark.render

CODES = [scene_code(n) for n in range(1, 5)]


def chapters(video: str) -> list[dict[str, Any]]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", video],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)["chapters"]


async def make_lesson(tutor: Tutor, codes: list[str] = CODES) -> tuple[str, dict[str, Any]]:
    user = await tutor.user("ada")
    model = tutor.model
    assert isinstance(model, ScriptedModel)
    model.extend(make_lesson_steps(codes))
    result = await tutor.turn(user, "chat-1", "make a lesson about squares")
    assert result.ok and result.lesson_id, result.reply
    return result.lesson_id, (await tutor.service.view(user, result.lesson_id)).model_dump()


async def test_a_four_scene_lesson_is_planned_written_rendered_and_stitched(
    open_tutor: OpenTutor, renderer: CountingRenderer, caplog: pytest.LogCaptureFixture
) -> None:
    model = ScriptedModel()
    tutor = await open_tutor(model)
    events: list[SceneProgress] = []
    user = await tutor.user("ada")
    model.extend(make_lesson_steps(CODES))
    with caplog.at_level(logging.INFO, logger="tools.media.assembler"):
        result = await tutor.turn(
            user, "chat-1", "make a lesson about squares", observer=TurnObserver(events.append)
        )
    assert "ffmpeg started ahead" in caplog.text, "its ffmpeg started once the first clip was out"
    assert result.reply == "Your lesson is ready."
    view = (await tutor.service.view(user, result.lesson_id or "")).model_dump()
    assert [(s["n"], s["status"], s["version"]) for s in view["scenes"]] == [
        (n, "ok", 1) for n in range(1, 5)
    ]
    assert all(Path(s["clip"]).is_file() for s in view["scenes"])
    assert [c["tags"]["title"] for c in chapters(view["export"])] == [
        f"Part {n}" for n in range(1, 5)
    ]
    assert sorted(renderer.calls) == sorted(CODES)
    done = [e.n for e in events if e.stage == "done" and e.n > 0]
    assert sorted(done) == [1, 2, 3, 4]
    render_result = tool_output(model, "render")
    assert [r["status"] for r in render_result["results"]] == ["ok"] * 4
    model.assert_complete()


async def test_change_scene_2_rerenders_only_scene_2(
    open_tutor: OpenTutor, renderer: CountingRenderer, caplog: pytest.LogCaptureFixture
) -> None:
    model = ScriptedModel()
    tutor = await open_tutor(model)
    lesson, before = await make_lesson(tutor)
    mtimes = {s["n"]: Path(s["clip"]).stat().st_mtime_ns for s in before["scenes"]}
    renderer.calls.clear()
    red = scene_code(2, "RED")
    model.extend(
        [
            [function_call("read_scene", {"scene": 2}, call_id="read")],
            [
                function_call(
                    "edit_scene", {"scene": 2, "code": red, "change": "red"}, call_id="edit"
                )
            ],
            [assistant_message("Scene 2 is red now.")],
        ]
    )
    user = await tutor.user("ada")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="tools.media.assembler"):
        result = await tutor.turn(user, "chat-1", "change scene 2 so the square is red")
    assert "ffmpeg started ahead" in caplog.text, "the re-stitch's ffmpeg started with the render"
    assert result.lesson_id == lesson and result.rendered == {2}
    assert tool_output(model, "read")["code"] == CODES[1]
    assert renderer.calls == [red]
    after = (await tutor.service.view(user, lesson)).model_dump()
    assert [s["version"] for s in after["scenes"]] == [1, 2, 1, 1]
    for s in after["scenes"]:
        if s["n"] != 2:
            assert s["clip"] == before["scenes"][s["n"] - 1]["clip"]
            assert Path(s["clip"]).stat().st_mtime_ns == mtimes[s["n"]]
    assert after["scenes"][1]["clip"] != before["scenes"][1]["clip"]
    assert after["export"] != before["export"] and len(chapters(after["export"])) == 4


async def test_a_failing_scene_is_repaired_with_the_error_and_docs(
    open_tutor: OpenTutor,
) -> None:
    model = ScriptedModel()
    tutor = await open_tutor(model, docs_mcp=True)
    events: list[SceneProgress] = []
    broken = scene_code(3, body=BROKEN_BODY)
    old_api = scene_code(4).replace("Create(", "ShowCreation(")
    steps = make_lesson_steps([CODES[0], CODES[1], broken, old_api])
    fixed = scene_code(3, body="        self.play(FadeIn(Dot()))\n")

    def repair(call: Any) -> list[Any]:
        # The model sees the failure as data: kind, line, message, docs and attempts left.
        result = tool_output(model, "render")
        failed = [r for r in result["results"] if r["status"] == "failed"]
        assert [r["scene"] for r in failed] == [3]
        assert failed[0]["error"]["kind"] == "runtime" and failed[0]["error"]["line"] == 8
        assert failed[0]["attempts_left"] == 2
        assert failed[0]["docs"], "a failure comes with doc snippets"
        return [
            function_call("search_manim_docs", {"query": "fade in a dot"}, call_id="docs"),
        ]

    steps[3:3] = [
        ModelStep.respond(repair),
        [function_call("write_scene_code", {"scene": 3, "code": fixed}, call_id="fix")],
        [function_call("render_scenes", {"scenes": [3]}, call_id="rerender")],
    ]
    model.extend(steps)
    user = await tutor.user("ada")
    result = await tutor.turn(user, "chat-1", "lesson please", observer=TurnObserver(events.append))
    assert result.ok, result.reply
    assert "manim" in json.dumps(tool_output(model, "docs")).lower()  # the docs MCP server answered
    assert tool_output(model, "write4")["fixed"], "ShowCreation should be fixed mechanically"
    assert tool_output(model, "rerender")["results"][0]["status"] == "ok"
    view = (await tutor.service.view(user, result.lesson_id or "")).model_dump()
    assert [(s["status"], s["version"]) for s in view["scenes"]] == [
        ("ok", 1),
        ("ok", 1),
        ("ok", 2),
        ("ok", 1),
    ]
    assert any(e.n == 3 and e.stage == "done" and e.repaired for e in events)
    versions = await tutor.service.versions(user, result.lesson_id or "", 4)
    assert "Create(" in versions[0].code and "ShowCreation" not in versions[0].code
    tools = {t.name for t in model.calls[0].tools}
    assert {"plan_lesson", "search_manim_docs", "get_manim_doc"} <= tools


async def test_an_unrepairable_scene_gets_a_placeholder_and_the_lesson_still_assembles(
    open_tutor: OpenTutor,
) -> None:
    model = ScriptedModel()
    tutor = await open_tutor(model)
    broken = scene_code(2, body=BROKEN_BODY)
    still_broken = scene_code(2, body="        self.play(FadeIn(VGroup()[4]))\n")
    steps = make_lesson_steps([CODES[0], broken, CODES[2]])
    steps[3:3] = [
        [function_call("write_scene_code", {"scene": 2, "code": still_broken}, call_id="fix1")],
        [function_call("render_scenes", {"scenes": [2]}, call_id="r1")],
        [function_call("write_scene_code", {"scene": 2, "code": broken}, call_id="fix2")],
        [function_call("render_scenes", {"scenes": [2]}, call_id="r2")],
        [function_call("render_scenes", {"scenes": [2]}, call_id="r3")],
    ]
    model.extend(steps)
    user = await tutor.user("ada")
    result = await tutor.turn(user, "chat-1", "lesson")
    assert tool_output(model, "r2")["results"][0]["attempts_left"] == 0
    assert "repair limit" in tool_output(model, "r3")["stop"]
    assembled = tool_output(model, "assemble")
    assert assembled["placeholders"] == [2]
    view = (await tutor.service.view(user, result.lesson_id or "")).model_dump()
    assert [s["status"] for s in view["scenes"]] == ["ok", "failed", "ok"]
    assert view["scenes"][1]["error"] and view["scenes"][1]["clip"] is None
    assert [c["tags"]["title"] for c in chapters(view["export"])] == ["Part 1", "Part 2", "Part 3"]


async def test_a_failed_edit_keeps_the_last_good_version_live(open_tutor: OpenTutor) -> None:
    model = ScriptedModel()
    tutor = await open_tutor(model)
    lesson, before = await make_lesson(tutor)
    broken = scene_code(2, "RED", body=BROKEN_BODY)
    model.extend(
        [
            [
                function_call(
                    "edit_scene", {"scene": 2, "code": broken, "change": "red"}, call_id="e"
                )
            ],
            [assistant_message("That edit failed; scene 2 keeps its previous version.")],
        ]
    )
    user = await tutor.user("ada")
    await tutor.turn(user, "chat-1", "make scene 2 red")
    edit = tool_output(model, "e")
    assert edit["status"] == "failed" and edit["live_version"] == 1 and edit["export"] is None
    after = (await tutor.service.view(user, lesson)).model_dump()
    assert after["scenes"][1]["version"] == 1 and after["scenes"][1]["status"] == "ok"
    assert after["scenes"][1]["clip"] == before["scenes"][1]["clip"]
    assert after["scenes"][1]["error"]  # the failure is reported, not hidden
    assert after["export"] == before["export"]


async def test_undo_restores_the_earlier_clip(open_tutor: OpenTutor) -> None:
    model = ScriptedModel()
    tutor = await open_tutor(model)
    lesson, before = await make_lesson(tutor)
    red = scene_code(2, "RED")
    model.extend(
        [
            [function_call("edit_scene", {"scene": 2, "code": red, "change": "red"}, call_id="e")],
            [assistant_message("Red.")],
            [function_call("revert_scene", {"scene": 2, "version": None}, call_id="undo")],
            [assistant_message("Back to the previous version.")],
        ]
    )
    user = await tutor.user("ada")
    await tutor.turn(user, "chat-1", "make scene 2 red")
    await tutor.turn(user, "chat-1", "undo that")
    assert tool_output(model, "undo")["version"] == 1
    after = (await tutor.service.view(user, lesson)).model_dump()
    assert after["scenes"][1]["version"] == 1
    assert after["scenes"][1]["clip"] == before["scenes"][1]["clip"]
    export = await tutor.service.latest_export(user, lesson)
    assert export is not None and export.scene_versions == [1, 1, 1, 1]
    # The second turn saw the first: conversation memory is kept per chat.
    assert any("make scene 2 red" in json.dumps(i, default=str) for i in model.calls[-1].input)

    model.extend(
        [
            [function_call("revert_scene", {"scene": 2, "version": 2}, call_id="redo")],
            [function_call("revert_scene", {"scene": 2, "version": 9}, call_id="nope")],
            [assistant_message("Version 2 again.")],
        ]
    )
    await tutor.turn(user, "chat-1", "go back to version 2")
    assert tool_output(model, "redo")["version"] == 2
    assert "error" in tool_output(model, "nope")  # no such version: said, not crashed
    assert (await tutor.service.view(user, lesson)).scenes[1].version == 2


async def test_another_user_cannot_read_or_edit_the_lesson(open_tutor: OpenTutor) -> None:
    model = ScriptedModel()
    tutor = await open_tutor(model)
    lesson, _ = await make_lesson(tutor)
    mallory = await tutor.user("mallory")
    with pytest.raises(NotFound):
        (await tutor.service.view(mallory, lesson)).model_dump()
    with pytest.raises(NotFound):
        await tutor.turn(mallory, "chat-1", "change scene 2", lesson_id=lesson)
    # In her own chat (even with the same chat id) the tools see no lesson to edit.
    model.extend(
        [
            [function_call("read_scene", {"scene": 2}, call_id="peek")],
            [
                function_call(
                    "edit_scene", {"scene": 2, "code": CODES[0], "change": "x"}, call_id="edit"
                )
            ],
            [assistant_message("There is no lesson here.")],
        ]
    )
    await tutor.turn(mallory, "chat-1", "show me scene 2")
    assert "no lesson" in tool_output(model, "peek")["error"]
    assert "no lesson" in tool_output(model, "edit")["error"]
    ada = await tutor.user("ada")
    assert [s.version for s in (await tutor.service.view(ada, lesson)).scenes] == [1] * 4


class BrokenEnvironment(CountingRenderer):
    """LaTeX missing, as a render would report it: no code change can fix that."""

    async def render(
        self, code: str, scene: str | None = None, quality: Any = "low", **kw: Any
    ) -> Any:
        self.calls.append(code)
        error = RenderError(kind="environment", message="LaTeX is not installed.")
        return RenderFailed(error=error)


async def test_an_environment_error_stops_the_repair_loop(
    open_tutor: OpenTutor, renderer: CountingRenderer
) -> None:
    model = ScriptedModel()
    tutor = await open_tutor(model, renderer=BrokenEnvironment(renderer.engine))
    steps = make_lesson_steps(CODES[:3])
    steps[3:3] = [[function_call("render_scenes", {"scenes": [1]}, call_id="again")]]
    model.extend([*steps[:4], [assistant_message("Rendering is broken here.")]])
    user = await tutor.user("ada")
    await tutor.turn(user, "chat-1", "lesson")
    first = tool_output(model, "render")
    assert first["stop"] and "Not a code problem" in first["stop"]
    assert tool_output(model, "again") == {"results": [], "stop": first["stop"]}
    # Nothing was tried again: each scene at most once (its writes are stored one after the
    # other, and once scene 1's render has failed the later ones may not be tried at all).
    calls = tutor.service.renderer.calls  # type: ignore[attr-defined]
    assert calls and calls[0] == CODES[0] and len(set(calls)) == len(calls) <= 3


async def test_a_lesson_is_planned_once_per_turn(open_tutor: OpenTutor) -> None:
    model = ScriptedModel()
    tutor = await open_tutor(model)
    steps = make_lesson_steps(CODES[:3])
    again = {
        "plan": {
            "title": "Other",
            "scenes": [{"title": "t", "goal": "g", "narration": "n", "visual": "v"}] * 3,
        }
    }
    model.extend([steps[0], [function_call("plan_lesson", again, call_id="replan")], steps[-1]])
    user = await tutor.user("ada")
    await tutor.turn(user, "chat-1", "lesson")
    assert "do not re-plan" in tool_output(model, "replan")["error"]
    assert len(await tutor.service.lessons(user)) == 1
