"""The offline model's stream: event for event what the SDK's `ScriptedModel` streams for the
same step, built without building openai's validators."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import Any

from agents import ModelSettings
from agents.items import TResponseOutputItem
from agents.testing import ModelStep, ScriptedModel
from agents.testing.model import assistant_message, function_call

from agent.offline.stream_events import stream_events

STEPS: list[list[TResponseOutputItem]] = [
    [
        function_call("write_scene_code", '{"scene": 1, "code": "x"}', call_id="call_a"),
        function_call("render_scenes", '{"scenes": [1]}', call_id="call_b"),
    ],
    [assistant_message("[offline model] Scene 2 is red now.", item_id="msg_1")],
]


async def scripted(output: list[TResponseOutputItem]) -> list[dict[str, Any]]:
    model = ScriptedModel([ModelStep(output=output, response_id="resp_1")])
    events = model.stream_response(
        None, "hi", ModelSettings(), [], None, [], None,  # type: ignore[arg-type]
        previous_response_id=None, conversation_id=None, prompt=None,
    )  # fmt: skip
    return [event.model_dump() async for event in events]


async def test_the_stream_is_the_scripted_models_event_for_event() -> None:
    for output in STEPS:
        ours = [event.model_dump() for event in stream_events(output, "resp_1", "offline")]
        theirs = await scripted(output)
        for event in theirs:
            if "response" in event:  # the model's name is the one difference
                event["response"]["model"] = "offline"
        assert [e["type"] for e in ours] == [e["type"] for e in theirs]
        assert ours == theirs


def test_streaming_builds_none_of_openais_response_validators() -> None:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent("""
            from agents.testing.model import function_call
            from openai.types.responses import Response, ResponseOutputItemAddedEvent
            from agent.offline.stream_events import stream_events
            events = stream_events([function_call("f", "{}", call_id="c")], "r", "offline")
            print(len(events), Response.__pydantic_complete__,
                  ResponseOutputItemAddedEvent.__pydantic_complete__)
        """)],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert done.stdout.split() == ["7", "False", "False"]
