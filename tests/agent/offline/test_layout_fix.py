"""The chat's Fix layout button ("Fix the layout of scene N.") and its natural variants: the
offline model rewrites a scene with layout items from its template, and leaves a clean one alone.
Driven by the real Agents SDK Runner against the fake lesson tools (no render here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from agents.memory import SQLiteSession

from agent.offline.edits import read_constant
from agent.offline.intents import classify
from agent.offline.templates import lesson_for
from tests.agent.offline.fake_tools import FakeLessonTools
from tests.agent.offline.test_driver import LESSON, agent_for, say

OVERLAP = {
    "kind": "overlap",
    "message": "Text('a²') and Text('b²') are drawn over each other: place one with next_to.",
    "at_s": 1.5,
    "line": 30,
    "objects": ["Text('a²')", "Text('b²')"],
}


@pytest.mark.parametrize(
    ("text", "scene"),
    [
        ("Fix the layout of scene 2.", 2),  # exactly what the button sends
        ("Fix the layout of scene 12.", 12),
        ("fix the layout in scene 2", 2),
        ("scene 2 overlaps, fix it", 2),
        ("Scene 3 overlaps", 3),
        ("the text in the last scene runs off the screen, can you fix that?", -1),
        ("please repair the overlapping labels in the second scene", 2),
        ("help me fix the layout of scene 4", 4),
        ("the title of scene 1 is cut off, fix it", 1),
        ("fix the layout", None),
    ],
)
def test_fix_layout_requests(text: str, scene: int | None) -> None:
    intent = classify(text)
    assert (intent.kind, intent.scene) == ("layout", scene)


@pytest.mark.parametrize(
    "text",
    [
        "make a short lesson on how to fix overlapping layouts",
        "make a video on overlapping circles",
        "make scene 2 smaller",
        "add a caption 'fix the layout' to scene 2",
    ],
)
def test_other_requests_that_mention_layout_words(text: str) -> None:
    assert classify(text).kind != "layout"


@pytest.fixture
def session(tmp_path: Path) -> SQLiteSession:
    return SQLiteSession("conversation", str(tmp_path / "memory.db"))


async def test_a_clean_scene_is_left_alone(session: SQLiteSession) -> None:
    fake = FakeLessonTools()
    agent = agent_for(fake)
    await say(agent, LESSON, session)
    before = len(fake.calls)
    reply = await say(agent, "Fix the layout of scene 2.", session)
    assert "Scene 2's layout already looks clean" in reply
    assert fake.names()[before:] == ["lesson_status", "read_scene"]  # nothing rendered


async def test_a_scene_with_layout_items_is_rewritten_from_its_template(
    session: SQLiteSession,
) -> None:
    fake = FakeLessonTools()
    agent = agent_for(fake)
    await say(agent, LESSON, session)
    await say(agent, "make scene 3 red and slower", session)
    # What a cramped edit would leave: bigger drawing, bigger title, and an overlap.
    cramped = fake.scenes[2].versions[-1].replace("scale = 1.0", "scale = 1.3")
    fake.scenes[2].versions.append(cramped.replace("title_size = 40", "title_size = 90"))
    fake.scenes[2].live = len(fake.scenes[2].versions)
    fake.layout[3] = [OVERLAP]
    before = len(fake.calls)

    reply = await say(agent, "Fix the layout of scene 3.", session)
    assert fake.names()[before:] == ["lesson_status", "read_scene", "edit_scene"]
    edit = fake.calls[-1][1]
    assert edit["scene"] == 3 and "layout fixed" in edit["change"]
    code = edit["code"]
    # The template's sizes again, the user's colour and speed kept.
    assert (read_constant(code, "scale"), read_constant(code, "title_size")) == ("1.0", "40")
    assert (read_constant(code, "color"), read_constant(code, "speed")) == ("RED", "0.5")
    template = lesson_for("the Pythagorean theorem").code(2, 3)
    assert code.replace("color = RED", "color = BLUE").replace("speed = 0.5", "speed = 1.0") == (
        template
    )
    assert "Done: scene 3 is now version 4" in reply
    assert "The layout audit finds nothing wrong with the new clip." in reply

    # Now it is clean: a second press renders nothing.
    before = len(fake.calls)
    reply = await say(agent, "fix the layout in scene 3", session)
    assert "Scene 3's layout already looks clean" in reply
    assert "edit_scene" not in fake.names()[before:]


async def test_without_a_scene_it_fixes_the_one_flagged_or_asks(session: SQLiteSession) -> None:
    fake = FakeLessonTools()
    agent = agent_for(fake)
    await say(agent, LESSON, session)
    reply = await say(agent, "fix the layout", session)
    assert "Every scene's layout already looks clean" in reply

    fake.layout = {2: [OVERLAP], 4: [OVERLAP]}
    reply = await say(agent, "fix the layout", session)
    assert "Scenes 2, 4 have layout warnings" in reply and "Fix the layout of scene 2." in reply

    fake.layout = {4: [OVERLAP]}
    fake.scenes[3].versions.append(fake.scenes[3].versions[-1] + "\n# moved by hand\n")
    fake.scenes[3].live = len(fake.scenes[3].versions)
    before = len(fake.calls)
    await say(agent, "fix the layout", session)
    assert fake.names()[before:] == ["lesson_status", "read_scene", "edit_scene"]
    assert fake.calls[-1][1]["scene"] == 4


async def test_a_scene_not_from_a_template_is_explained_not_rewritten(
    session: SQLiteSession,
) -> None:
    fake = FakeLessonTools()
    agent = agent_for(fake)
    await say(agent, LESSON, session)
    fake.code_override = (
        "from manim import *\n\nclass S(Scene):\n    def construct(self):\n        pass\n"
    )
    fake.layout[1] = [OVERLAP]
    before = len(fake.calls)
    reply = await say(agent, "Fix the layout of scene 1.", session)
    assert "edit_scene" not in fake.names()[before:]
    assert "I can't fix scene 1's layout" in reply and "drawn over each other" in reply


async def test_the_new_clips_layout_is_read_from_the_lesson_when_the_edit_omits_it(
    session: SQLiteSession,
) -> None:
    fake = FakeLessonTools(edit_reports_layout=False)
    agent = agent_for(fake)
    await say(agent, LESSON, session)
    fake.scenes[1].versions.append(
        fake.scenes[1].versions[-1].replace("scale = 1.0", "scale = 1.3")
    )
    fake.scenes[1].live = len(fake.scenes[1].versions)
    fake.layout[2] = [OVERLAP]
    before = len(fake.calls)
    reply = await say(agent, "scene 2 overlaps, fix it", session)
    assert fake.names()[before:] == ["lesson_status", "read_scene", "edit_scene", "lesson_status"]
    assert "The layout audit finds nothing wrong with the new clip." in reply


async def test_a_failed_fix_keeps_the_previous_version(session: SQLiteSession) -> None:
    fake = FakeLessonTools(fail_edit=True)
    agent = agent_for(fake)
    await say(agent, LESSON, session)
    fake.scenes[1].versions.append(
        fake.scenes[1].versions[-1].replace("scale = 1.0", "scale = 1.3")
    )
    fake.scenes[1].live = len(fake.scenes[1].versions)
    fake.layout[2] = [OVERLAP]
    reply = await say(agent, "Fix the layout of scene 2.", session)
    assert "failed to render" in reply and "version 2 stays live" in reply
    assert "layout audit" not in reply
