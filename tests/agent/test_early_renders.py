"""Scenes render while the model is still writing (agent/early_renders.py).

The model is the local OpenAI-compatible stub, streaming its tool calls over HTTP through the
real OpenAI client. Before it sends the last scene's code it waits until the renderer has been
asked for scene 1: that happens only if scene 1 is rendered from the stream, since the SDK runs
no tool call before the response has ended. Nothing here is timed: the stub waits on an event.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from agent.providers import choose_model
from agent.settings import Settings
from tests.agent.conftest import CountingRenderer, OpenTutor
from tests.agent.model_stub import Chunk, StubServer, text_reply, tool_calls
from tests.agent.scripts import plan, scene_code
from tests.http_stubs import serving

pytestmark = pytest.mark.render
SCENES = 5
WAIT_S = 120.0  # for the render of scene 1 to start; it starts within a second or two


class Watched(CountingRenderer):
    """Sets `started` when asked to render `first`."""

    def __init__(self, inner: CountingRenderer, first: str) -> None:
        super().__init__(inner.engine)
        self.first = first
        self.started = threading.Event()

    async def render(self, code: str, scene: str | None = None, *a: Any, **kw: Any) -> Any:
        if code == self.first:
            self.started.set()
        return await super().render(code, scene, *a, **kw)


class Lesson:
    """The stub's script: plan, then the scene writes (in one response or one per response),
    then render_scenes, assemble, reply. Records whether scene 1's render had started before
    the last write was sent."""

    def __init__(self, codes: list[str], renderer: Watched, one_response: bool) -> None:
        self.codes = codes
        self.renderer = renderer
        self.one_response = one_response
        self.early: bool | None = None

    def __call__(self, body: dict[str, Any]) -> Iterator[Chunk]:
        results = sum(1 for m in body["messages"] if m["role"] == "tool")
        writes = [
            ("write_scene_code", {"scene": n, "code": c}) for n, c in enumerate(self.codes, 1)
        ]
        render = ("render_scenes", {"scenes": None})
        if results == 0:
            yield from tool_calls([("plan_lesson", {"plan": plan(SCENES)})], 1)
        elif self.one_response and results == 1:
            chunks = list(tool_calls([*writes, render], 2))
            last_write = len(list(tool_calls(writes[:-1], 2))) - 1  # its finish chunk is not sent
            yield from chunks[:last_write]
            self.early = self.renderer.started.wait(WAIT_S)
            yield from chunks[last_write:]
        elif not self.one_response and 1 <= results <= SCENES:
            if results == SCENES:
                self.early = self.renderer.started.wait(WAIT_S)
            yield from tool_calls([writes[results - 1]], 1 + results)
        elif not self.one_response and results == SCENES + 1:
            yield from tool_calls([render], 10)
        elif results == SCENES + 2:
            yield from tool_calls([("assemble_lesson", {})], 20)
        else:
            yield from text_reply(["Ready."])


@pytest.mark.parametrize("one_response", [True, False], ids=["one-response", "one-per-write"])
async def test_scene_one_renders_before_the_last_write_arrives_and_nothing_renders_twice(
    one_response: bool,
    settings: Settings,
    open_tutor: OpenTutor,
    renderer: CountingRenderer,
) -> None:
    mark = f"        # early renders, {'one response' if one_response else 'one per write'}\n"
    codes = [scene_code(n, body=mark) for n in range(1, SCENES + 1)]  # not in the render cache
    watched = Watched(renderer, codes[0])
    script = Lesson(codes, watched, one_response)
    with serving(StubServer(script)) as stub:
        configured = settings.model_copy(update={"model": "stub", "model_base_url": stub.base_url})
        tutor = await open_tutor(
            choose_model(configured).model, settings=configured, renderer=watched
        )
        user = await tutor.user("ada")
        result = await tutor.turn(user, "chat", "a lesson on squares")
    assert result.ok, result.reply
    assert script.early is True, "scene 1 was not rendered before the last write arrived"
    view = await tutor.service.view(user, result.lesson_id or "")
    assert [(s.status, s.version) for s in view.scenes] == [("ok", 1)] * SCENES
    assert view.export is not None
    assert sorted(watched.calls) == sorted(codes)  # each scene rendered once, none twice
    assert watched.calls == codes  # and asked for in the order the model wrote them
