"""Tool calls as chat steps: a quick call is sent once, done; a long one is shown running and
updated; the chat always shows them in call order."""

from __future__ import annotations

import asyncio
import json

import pytest

from agent.tutor import ToolEvent
from chat import tool_steps
from chat.tool_steps import ToolSteps


class RecordedStep:
    def __init__(self, name: str, summary: str, log: list[tuple[str, str, str]]) -> None:
        self.name, self.input, self.output, self._log = name, summary, "", log

    async def send(self) -> None:
        self._log.append(("send", self.name, self.output))

    async def update(self) -> None:
        self._log.append(("update", self.name, self.output))


def steps_recording(reminded: list[str]) -> tuple[ToolSteps, list[tuple[str, str, str]]]:
    log: list[tuple[str, str, str]] = []
    steps = ToolSteps(reminded.append, make_step=lambda n, s: RecordedStep(n, s, log))
    return steps, log


def called(call_id: str, name: str) -> ToolEvent:
    return ToolEvent("called", call_id, name, json.dumps({"scene": 1}))


def output(call_id: str, name: str) -> ToolEvent:
    return ToolEvent("output", call_id, name, json.dumps({"ok": True}))


async def test_a_quick_call_is_sent_once_with_its_result() -> None:
    steps, log = steps_recording([])
    await steps.on_event(called("a", "write_scene_code"))
    assert log == []  # nothing yet: it may end at once
    await steps.on_event(output("a", "write_scene_code"))
    [(kind, name, shown)] = log
    assert (kind, name) == ("send", "write_scene_code")
    assert '"ok": true' in shown


async def test_a_long_call_is_shown_running_then_updated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tool_steps, "SHOW_RUNNING_AFTER_S", 0.01)
    reminded: list[str] = []
    steps, log = steps_recording(reminded)
    await steps.on_event(called("r", "render_scenes"))
    await asyncio.sleep(0.05)
    assert reminded == ["r"]
    await steps.show(up_to="r")
    assert log == [("send", "render_scenes", "")]
    await steps.on_event(output("r", "render_scenes"))
    assert log[1][:2] == ("update", "render_scenes") and '"ok": true' in log[1][2]
    await steps.show(up_to="r")  # a late reminder sends nothing twice
    assert len(log) == 2


async def test_steps_keep_call_order_when_a_later_call_ends_first() -> None:
    steps, log = steps_recording([])
    await steps.on_event(called("1", "plan_lesson"))
    await steps.on_event(called("2", "write_scene_code"))
    await steps.on_event(called("3", "render_scenes"))
    await steps.on_event(output("2", "write_scene_code"))
    # Call 1 still runs: it goes out first, running; call 2 after it, done; 3 waits.
    assert [(k, n, bool(o)) for k, n, o in log] == [
        ("send", "plan_lesson", False),
        ("send", "write_scene_code", True),
    ]
    await steps.show()  # before a message is posted, the rest go out in order
    await steps.on_event(output("1", "plan_lesson"))
    assert [(k, n) for k, n, _ in log[2:]] == [("send", "render_scenes"), ("update", "plan_lesson")]


async def test_an_output_with_no_call_is_ignored() -> None:
    steps, log = steps_recording([])
    await steps.on_event(output("x", "read_scene"))
    await steps.show()
    assert log == []
