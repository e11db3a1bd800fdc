"""Building blocks for scripted conversations: plans, scene code and model steps."""

from __future__ import annotations

import json
from typing import Any

from agents.testing import ScriptedModel, assistant_message, function_call


def scene_code(n: int, color: str = "BLUE", body: str = "") -> str:
    """A tiny scene (half a second of animation) that renders in about a second."""
    return (
        "from manim import *\n\n\n"
        f"class Part{n}(Scene):\n"
        "    def construct(self):\n"
        f"        shape = Square(color={color}, fill_opacity=0.5).shift(RIGHT * {n - 2})\n"
        "        self.play(Create(shape), run_time=0.5)\n" + body
    )


# Fails while rendering (not statically): indexing an empty group.
BROKEN_BODY = "        self.play(FadeIn(VGroup()[3]))\n"


def plan(count: int, title: str = "Squares") -> dict[str, Any]:
    return {
        "title": title,
        "scenes": [
            {
                "title": f"Part {n}",
                "goal": f"See square {n}.",
                "narration": f"This is part {n}. It shows a square.",
                "visual": "A square is drawn.",
            }
            for n in range(1, count + 1)
        ],
    }


def make_lesson_steps(codes: list[str], reply: str = "Your lesson is ready.") -> list[Any]:
    """plan → write every scene at once → render all → assemble → reply."""
    return [
        [function_call("plan_lesson", {"plan": plan(len(codes))}, call_id="plan")],
        [
            function_call("write_scene_code", {"scene": n, "code": code}, call_id=f"write{n}")
            for n, code in enumerate(codes, start=1)
        ],
        [function_call("render_scenes", {"scenes": None}, call_id="render")],
        [function_call("assemble_lesson", {}, call_id="assemble")],
        [assistant_message(reply)],
    ]


def tool_output(model: ScriptedModel, call_id: str) -> dict[str, Any]:
    """The JSON a tool returned to the model for one call."""
    for call in reversed(model.calls):
        for item in call.input if isinstance(call.input, list) else []:
            data = item if isinstance(item, dict) else item.model_dump()
            if data.get("type") == "function_call_output" and data.get("call_id") == call_id:
                output = data["output"]
                # MCP tools answer with content parts; ours answer with one JSON string.
                return json.loads(output) if isinstance(output, str) else {"parts": output}
    raise AssertionError(f"no output for call {call_id}")
