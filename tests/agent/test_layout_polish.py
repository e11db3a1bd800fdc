"""The polish step, scripted: a good render with layout warnings goes back to the model, which
rewrites the scene once; the rewrite is a new version like any edit. Real renders, real store."""

from __future__ import annotations

from typing import Any

import pytest
from agents.testing import ModelStep, ScriptedModel, assistant_message, function_call

from tests.agent.conftest import CountingRenderer, OpenTutor
from tests.agent.scripts import plan, scene_code, tool_output

pytestmark = pytest.mark.render

# Scene 1 of a three-scene lesson (the other two are plain squares): a formula written on
# top of the sentence it explains, both at the centre.
CRAMPED = """from manim import *


class AreaRule(Scene):
    def construct(self):
        sentence = Text("The area of a square is its side squared", font_size=36)
        formula = MathTex(r"A = s^2", font_size=72)
        self.play(FadeIn(sentence))
        self.play(Write(formula))
        self.wait(0.5)
"""
# The model's rewrite: the formula placed under the sentence, with room between them.
TIDY = CRAMPED.replace(
    "        self.play(FadeIn(sentence))\n",
    "        formula.next_to(sentence, DOWN, buff=0.6)\n        self.play(FadeIn(sentence))\n",
)
# A rewrite that does not help: still on top of each other.
STILL_CRAMPED = CRAMPED.replace("font_size=72)", "font_size=72).shift(DOWN * 0.1)")


def lesson_start() -> list[Any]:
    return [
        [function_call("plan_lesson", {"plan": plan(3, "Areas")}, call_id="plan")],
        [
            function_call("write_scene_code", {"scene": 1, "code": CRAMPED}, call_id="write1"),
            function_call("write_scene_code", {"scene": 2, "code": scene_code(2)}, call_id="w2"),
            function_call("write_scene_code", {"scene": 3, "code": scene_code(3)}, call_id="w3"),
        ],
        [function_call("render_scenes", {"scenes": None}, call_id="render")],
    ]


def lesson_end() -> list[Any]:
    return [
        [function_call("assemble_lesson", {}, call_id="assemble")],
        [assistant_message("Your lesson is ready.")],
    ]


async def test_an_overlap_goes_to_the_model_which_fixes_it_in_a_new_version(
    open_tutor: OpenTutor, renderer: CountingRenderer
) -> None:
    model = ScriptedModel()
    tutor = await open_tutor(model)
    seen: dict[str, Any] = {}

    def polish(call: Any) -> list[Any]:
        result, *others = tool_output(model, "render")["results"]
        assert [r["layout"] for r in others] == [[], []], "plain squares look clean"
        seen["first"] = result
        return [function_call("write_scene_code", {"scene": 1, "code": TIDY}, call_id="fix")]

    model.extend(
        [
            *lesson_start(),
            ModelStep.respond(polish),
            [function_call("render_scenes", {"scenes": [1]}, call_id="polished")],
            *lesson_end(),
        ]
    )
    ada = await tutor.user("ada")
    result = await tutor.turn(ada, "chat-1", "a lesson on the area of a square")
    assert result.ok, result.reply

    # What the model got for the first render: a good clip, an overlap naming both objects and
    # the line that placed them, and one polish left.
    first = seen["first"]
    assert (first["status"], first["version"], first["polish_left"]) == ("ok", 1, 1)
    assert [item["kind"] for item in first["layout"]] == ["overlap"]
    overlap = first["layout"][0]
    assert overlap["line"] in (6, 7, 8, 9), overlap
    assert any("Text(" in o for o in overlap["objects"]), overlap
    assert any("MathTex(" in o for o in overlap["objects"]), overlap
    assert first["attempts_left"] == 3, "a layout warning is not a failed attempt"
    assert "Polish" in (model.calls[0].system_instructions or "")

    # The rewrite renders clean, as version 2, and is what the lesson shows.
    [polished] = tool_output(model, "polished")["results"]
    assert (polished["status"], polished["version"], polished["layout"]) == ("ok", 2, [])
    assert polished["polish_left"] == 0
    view = await tutor.service.view(ada, result.lesson_id or "")
    assert [(s.status, s.version, s.layout) for s in view.scenes] == [
        ("ok", 2, []),
        ("ok", 1, []),
        ("ok", 1, []),
    ]
    old, new = await tutor.service.versions(ada, result.lesson_id or "", 1)
    assert [i.kind for i in old.layout] == ["overlap"] and new.layout == []
    assert tool_output(model, "assemble")["placeholders"] == []
    assert len(renderer.calls) == 4


async def test_one_polish_per_scene_then_the_scene_is_kept(
    open_tutor: OpenTutor, renderer: CountingRenderer
) -> None:
    model = ScriptedModel()
    tutor = await open_tutor(model)
    model.extend(
        [
            *lesson_start(),
            [function_call("write_scene_code", {"scene": 1, "code": STILL_CRAMPED}, call_id="p1")],
            [function_call("render_scenes", {"scenes": [1]}, call_id="r1")],
            [function_call("write_scene_code", {"scene": 1, "code": TIDY}, call_id="p2")],
            [function_call("render_scenes", {"scenes": [1]}, call_id="r2")],
            *lesson_end(),
        ]
    )
    ada = await tutor.user("ada")
    result = await tutor.turn(ada, "chat-1", "a lesson on the area of a square")
    assert result.ok, result.reply

    [again] = tool_output(model, "r1")["results"]
    assert again["layout"] and again["polish_left"] == 0
    assert "already had its layout fix" in tool_output(model, "p2")["error"]
    # Refused before it was written, so no pending version is left behind, and nothing
    # rendered a third time; the lesson keeps the polished (still untidy) version.
    [r2] = tool_output(model, "r2")["results"]
    assert (r2["version"], r2["status"]) == (2, "ok")
    versions = await tutor.service.versions(ada, result.lesson_id or "", 1)
    assert [(v.number, v.status) for v in versions] == [(1, "ok"), (2, "ok")]
    assert len(renderer.calls) == 4
