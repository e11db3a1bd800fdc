"""A turn's tool calls as collapsed steps in the chat, each sent once where it can be.

A step sent when its call starts and updated when it ends is two messages to the browser and
two chat-history writes; a lesson's turn makes a dozen calls, most of them over within
milliseconds (a write of scene code, a plan), in the very second the first clip renders.
So a call is shown when it ends, once, with its arguments and its result; a call still
running after `SHOW_RUNNING_AFTER_S` (a render) is shown running and updated when it ends.
Steps still unsent go out, in call order, before anything else is posted in the chat, so
the chat reads in the order things happened.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Protocol

import chainlit as cl

from agent.tutor import ToolEvent
from chat.view import step_summary

# Long enough for a quick call to end first, short enough to read as "at once".
SHOW_RUNNING_AFTER_S = 0.4


class StepLike(Protocol):
    @property
    def output(self) -> str: ...

    @output.setter
    def output(self, content: str) -> None: ...

    async def send(self) -> object: ...

    async def update(self) -> object: ...


def chainlit_step(name: str, summary: str) -> StepLike:
    step = cl.Step(name=name, type="tool", default_open=False)
    step.input = summary
    return step


class ToolSteps:
    """Shows one turn's tool calls. `remind(call_id)` is called, from the event loop, when a
    call has run `SHOW_RUNNING_AFTER_S`: the caller answers with `show(call_id)` in turn
    with its other chat updates."""

    def __init__(
        self,
        remind: Callable[[str], None],
        hidden_roots: Sequence[str] = (),
        make_step: Callable[[str, str], StepLike] = chainlit_step,
    ) -> None:
        self._remind = remind
        self._hidden = hidden_roots
        self._make_step = make_step
        self._steps: dict[str, StepLike] = {}  # by call id
        self._unsent: dict[str, StepLike] = {}  # in call order

    async def on_event(self, event: ToolEvent) -> None:
        if event.kind == "called":
            self._steps[event.call_id] = self._make_step(
                event.name, step_summary(event.name, event.data, self._hidden)
            )
            self._unsent[event.call_id] = self._steps[event.call_id]
            loop = asyncio.get_running_loop()
            loop.call_later(SHOW_RUNNING_AFTER_S, self._remind, event.call_id)
            return
        step = self._steps.get(event.call_id)
        if step is None:
            return
        step.output = step_summary(event.name, event.data, self._hidden)
        if event.call_id in self._unsent:
            await self.show(event.call_id)
        else:
            await step.update()

    async def show(self, up_to: str | None = None) -> None:
        """Send the unsent steps in call order: all of them, or those up to the call `up_to`
        (nothing when that one was sent already)."""
        if up_to is not None and up_to not in self._unsent:
            return
        while self._unsent:
            call_id = next(iter(self._unsent))
            await self._unsent.pop(call_id).send()
            if call_id == up_to:
                return
