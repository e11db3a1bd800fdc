"""The offline model driven by the real Agents SDK Runner, against fake lesson tools."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from agents import Agent, RunConfig, Runner
from agents.memory import SQLiteSession

from agent.offline import OFFLINE_MODEL_NAME, OfflineLessonModel
from tests.agent.offline.fake_tools import FakeLessonTools

LABEL = "[offline model] "
NO_TRACES = RunConfig(tracing_disabled=True)
LESSON = "make a short lesson on the Pythagorean theorem"
LESSON_CALLS = ["plan_lesson"] + ["write_scene_code"] * 5 + ["render_scenes", "assemble_lesson"]


def agent_for(fake: FakeLessonTools) -> Agent:
    return Agent(
        name="tutor", instructions="ignored", model=OfflineLessonModel(), tools=fake.tools()
    )


async def say(agent: Agent, text: str, session: SQLiteSession | None = None) -> str:
    result = await Runner.run(agent, text, session=session, run_config=NO_TRACES)
    output = result.final_output
    assert isinstance(output, str) and output.startswith(LABEL), output
    return output


@pytest.fixture
def session(tmp_path: Path) -> SQLiteSession:
    return SQLiteSession("conversation", str(tmp_path / "memory.db"))


def test_model_name() -> None:
    assert OFFLINE_MODEL_NAME == "offline"


async def test_new_lesson_plans_writes_renders_assembles_then_summarises() -> None:
    fake = FakeLessonTools()
    reply = await say(agent_for(fake), LESSON)
    assert fake.names() == LESSON_CALLS
    plan = fake.calls[0][1]["plan"]
    assert plan["title"] == "The Pythagorean theorem"
    writes = [args for name, args in fake.calls if name == "write_scene_code"]
    assert [w["scene"] for w in writes] == [1, 2, 3, 4, 5]
    assert all(f"class Scene{w['scene']}" in w["code"] for w in writes)
    assert fake.calls[6][1] == {"scenes": None}
    assert "/exports/L1-v1.mp4" in reply
    assert "change scene 2 so the triangle is red" in reply
    assert "undo that" in reply


async def test_a_generic_topic_gets_the_outline_lesson() -> None:
    fake = FakeLessonTools()
    reply = await say(agent_for(fake), "teach me about the water cycle")
    assert fake.names() == ["plan_lesson"] + ["write_scene_code"] * 4 + LESSON_CALLS[-2:]
    assert fake.calls[0][1]["plan"]["title"] == "The water cycle"
    assert "4 scenes" in reply


async def test_failed_scenes_are_listed_with_their_error() -> None:
    fake = FakeLessonTools(fail_render={3})
    reply = await say(agent_for(fake), LESSON)
    assert fake.names() == LESSON_CALLS
    assert "3. Squares on the sides: failed: runtime error (line 12): boom in construct" in reply
    assert "can't repair" in reply and "OPENAI_API_KEY" in reply


async def test_tool_errors_are_told_plainly() -> None:
    fake = FakeLessonTools(no_lesson=True)
    reply = await say(agent_for(fake), LESSON)
    assert fake.names() == ["plan_lesson"]
    assert "couldn't plan the lesson: no project is open" in reply


async def test_edit_then_follow_up_then_undo(session: SQLiteSession) -> None:
    fake = FakeLessonTools()
    agent = agent_for(fake)
    await say(agent, LESSON, session)

    start = len(fake.calls)
    reply = await say(agent, "change scene 2 so the triangle is red and slower", session)
    assert fake.names()[start:] == ["read_scene", "edit_scene"]
    assert fake.calls[start][1] == {"scene": 2}
    edit = fake.calls[start + 1][1]
    assert edit["scene"] == 2
    assert re.search(r"^ +color = RED", edit["code"], re.M)
    assert re.search(r"^ +speed = 0\.5", edit["code"], re.M)
    assert edit["change"] == "color: BLUE → RED, speed: 1.0 → 0.5"
    assert "scene 2 is now version 2" in reply

    # "make it" refers to the scene edited last, and edits the code of its live version.
    start = len(fake.calls)
    await say(agent, "make it bigger", session)
    assert fake.names()[start:] == ["read_scene", "edit_scene"]
    code = fake.calls[start + 1][1]["code"]
    assert fake.calls[start + 1][1]["scene"] == 2
    assert "color = RED" in code and "scale = 1.25" in code

    start = len(fake.calls)
    reply = await say(agent, "undo that", session)
    assert fake.calls[start:] == [("revert_scene", {"scene": 2, "version": None})]
    assert "Scene 2 is back to version 2" in reply

    start = len(fake.calls)
    reply = await say(agent, "make the title bigger in the last scene", session)
    assert fake.calls[start][1] == {"scene": -1}
    assert fake.calls[start + 1][1]["scene"] == 5
    assert "title_size = 52" in fake.calls[start + 1][1]["code"]

    start = len(fake.calls)
    await say(agent, "go back to version 1 of scene 5", session)
    assert fake.calls[start:] == [("revert_scene", {"scene": 5, "version": 1})]


async def test_a_failed_edit_keeps_the_previous_version(session: SQLiteSession) -> None:
    fake = FakeLessonTools()
    agent = agent_for(fake)
    await say(agent, LESSON, session)
    fake.fail_edit = True
    reply = await say(agent, "make scene 3 slower", session)
    assert "failed to render: runtime error: bad color" in reply
    assert "version 1 stays live" in reply


async def test_edits_it_cannot_make_explain_how_to_configure_a_model(
    session: SQLiteSession,
) -> None:
    fake = FakeLessonTools()
    agent = agent_for(fake)
    await say(agent, LESSON, session)
    start = len(fake.calls)

    reply = await say(agent, "make scene 2 explode", session)
    assert fake.names()[start:] == []
    assert "TUTOR_MODEL_BASE_URL" in reply

    # Code written by another model has no constants to change: no edit_scene call.
    fake.code_override = (
        "from manim import *\n\nclass X(Scene):\n    def construct(self):\n        self.wait()\n"
    )
    reply = await say(agent, "make scene 2 red", session)
    assert fake.names()[start:] == ["read_scene"]
    assert "no `color = ...` line" in reply and "OPENAI_API_KEY" in reply


async def test_without_a_scene_it_asks_which(session: SQLiteSession) -> None:
    fake = FakeLessonTools()
    agent = agent_for(fake)
    await say(agent, LESSON, session)
    start = len(fake.calls)
    reply = await say(agent, "make it red", session)
    assert fake.names()[start:] == []
    assert "Which scene" in reply
    reply = await say(agent, "undo that", session)
    assert "Which scene" in reply


async def test_status_and_small_talk() -> None:
    fake = FakeLessonTools()
    agent = agent_for(fake)
    reply = await say(agent, "status")
    assert fake.names() == ["lesson_status"]
    assert "couldn't show the lesson: no lesson yet" in reply
    reply = await say(agent, "hello")
    assert fake.names() == ["lesson_status"]
    assert "OPENAI_API_KEY" in reply and "make a short lesson" in reply


async def test_streamed_run(session: SQLiteSession) -> None:
    fake = FakeLessonTools()
    agent = agent_for(fake)
    result = Runner.run_streamed(agent, LESSON, session=session, run_config=NO_TRACES)
    called: list[str] = []
    outputs = 0
    messages = 0
    deltas: list[str] = []
    async for event in result.stream_events():
        if event.type == "run_item_stream_event":
            if event.name == "tool_called":
                called.append(getattr(event.item.raw_item, "name", ""))
            elif event.name == "tool_output":
                outputs += 1
            elif event.name == "message_output_created":
                messages += 1
        elif event.type == "raw_response_event" and event.data.type == "response.output_text.delta":
            deltas.append(event.data.delta)
    assert called == LESSON_CALLS
    assert outputs == len(LESSON_CALLS)
    assert messages == 1
    assert "".join(deltas).startswith(LABEL)
    assert isinstance(result.final_output, str) and result.final_output.startswith(LABEL)

    # The streamed turn was remembered: an edit in the next (streamed) turn finds scene 2.
    result = Runner.run_streamed(agent, "make scene 2 green", session=session, run_config=NO_TRACES)
    async for _ in result.stream_events():
        pass
    assert fake.names()[-2:] == ["read_scene", "edit_scene"]
    assert str(result.final_output).startswith(LABEL)


async def test_call_ids_never_repeat_in_a_conversation(session: SQLiteSession) -> None:
    fake = FakeLessonTools()
    agent = agent_for(fake)
    for text in (LESSON, "make scene 2 red", "make it slower", "undo that", LESSON):
        await say(agent, text, session)
    items = await session.get_items()
    ids = [item.get("call_id") for item in items if item.get("type") == "function_call"]
    assert len(ids) == len(set(ids)) == 2 * len(LESSON_CALLS) + 2 + 2 + 1
