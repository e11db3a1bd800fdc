"""Scenes rendered while the model is still writing.

A model writes a lesson's scenes as `write_scene_code` calls, often all in one streamed
response, and asks `render_scenes` after the last. The SDK runs tool calls only once the whole
response has arrived, but each scene's code is complete long before: at 50 tokens/s, scene 1
is done tens of seconds before scene 5. So this watches the stream, and the moment a write's
arguments are complete JSON it stores the code (as the tool would) and renders it. The tool
call then claims that stored version (`agent.scene_writes`) and `render_scenes` awaits the
render under way (`lessons.scene_renders`): nothing is written or rendered twice. A scene
written again in the same turn cancels its stale early render.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import Any

from agent.scene_writes import start_write
from agent.tool_results import Written
from agent.turn_context import EarlyWrite, TurnContext
from lessons.results import CannotRender, RepairLimit
from tools.render.arrival_order import ArrivalOrder, Ticket

log = logging.getLogger(__name__)
WRITE = "write_scene_code"
# Calls that leave the lesson and its scenes as they are: a write after them in the same
# response is stored where its tool call would store it. Any other call (plan_lesson makes a
# new lesson, an edit or a revert changes a scene) stops early writes until the next response.
HARMLESS = frozenset(
    {
        WRITE,
        "render_scenes",
        "read_scene",
        "lesson_status",
        "search_manim_docs",
        "get_manim_doc",
        "list_manim_examples",
        "get_manim_example",
        "validate_manim_code",
        "manim_version",
    }
)


@dataclass
class _Call:
    name: str
    call_id: str
    arguments: str = ""
    taken: bool = False


class EarlyRenders:
    """Feed it every stream event of a turn (`watch`); `settle` at the end of the turn."""

    def __init__(self, turn: TurnContext) -> None:
        self._turn = turn
        self._calls: dict[int, _Call] = {}  # this response's function calls, by output index
        self._harmless = True  # no call in this response so far changes the lesson
        self._renders: dict[int, asyncio.Task[None]] = {}  # by scene, as the model numbered it
        self._tasks: list[asyncio.Task[Any]] = []
        self._order = ArrivalOrder()  # early renders are asked for in stream order

    def watch(self, event: Any) -> None:
        if getattr(event, "type", "") != "raw_response_event":
            return
        data = event.data
        kind = getattr(data, "type", "")
        if kind == "response.created":
            self._calls, self._harmless = {}, True
        elif kind == "response.output_item.added" and _is_call(data.item):
            call = _Call(data.item.name, data.item.call_id, data.item.arguments or "")
            self._calls[data.output_index] = call
            self._harmless = self._harmless and call.name in HARMLESS
        elif kind == "response.function_call_arguments.delta":
            if (call := self._calls.get(data.output_index)) is not None:
                call.arguments += data.delta
                self._take(call)
        elif kind == "response.output_item.done" and _is_call(data.item):
            call = self._calls.setdefault(
                data.output_index, _Call(data.item.name, data.item.call_id)
            )
            call.arguments = data.item.arguments
            self._harmless = self._harmless and call.name in HARMLESS
            self._take(call)

    def _take(self, call: _Call) -> None:
        if call.taken or call.name != WRITE or not self._harmless or not call.call_id:
            return
        if self._turn.lesson_id is None or not call.arguments.rstrip().endswith("}"):
            return
        try:
            arguments = json.loads(call.arguments)
        except ValueError:
            return  # a "}" inside the code, not the end of the arguments
        scene, code = arguments.get("scene"), arguments.get("code")
        if not isinstance(scene, int) or isinstance(scene, bool) or not isinstance(code, str):
            return  # the tool call itself reports what is wrong with them
        call.taken = True
        written = start_write(self._turn, scene, code)
        self._turn.early_writes[call.call_id] = EarlyWrite(scene, code, written)
        if (stale := self._renders.get(scene)) is not None and not stale.done():
            stale.cancel()  # its code was rewritten before the render could finish
        render = asyncio.create_task(self._render(written, self._order.take(None)))
        self._renders[scene] = render
        self._tasks += [written, render]
        log.info("scene %d's code is complete in the stream: rendering it now", scene)

    async def _render(self, written: asyncio.Task[Written], place: Ticket) -> None:
        try:
            try:
                stored = await written
            except Exception:  # its tool call reports the failure to the model
                return
            # Writes are stored in any order (their checks run in threads); renders are asked
            # for in stream order, so the lesson's first clip is scene 1's.
            await self._order.turn(place)
        finally:
            # No await from here until render_scenes has taken its own place in line.
            self._order.leave(place)
        if stored.problems:
            return  # the model sees the static check's findings first and may rewrite
        turn = self._turn
        assert turn.lesson_id is not None
        try:
            await turn.service.render_scenes(
                turn.user, turn.lesson_id, [stored.scene], turn.listener, turn.budget
            )
        except (RepairLimit, CannotRender):
            return  # render_scenes, when the model calls it, says so
        except Exception:
            log.exception("the early render of scene %d failed", stored.scene)

    async def settle(self) -> None:
        """Wait for early work nobody claimed (the model stored code but did not render it)."""
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def cancel(self) -> None:
        """The turn ended without an answer: early work stops with it."""
        for task in self._tasks:
            task.cancel()


def _is_call(item: Any) -> bool:
    return getattr(item, "type", "") == "function_call"
