"""Renders reach the pool in the order they were asked for, whatever order the work before it
(cache look-up, static check, store, speech) finishes in."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

from tools.render.arrival_order import ArrivalOrder, Ticket
from tools.render.engine import RenderEngine
from tools.render.result import RenderOk, RenderResult


async def _pass(order: ArrivalOrder, ticket: Ticket, delay_s: float, passed: list[int]) -> None:
    await asyncio.sleep(delay_s)  # the work before the gate, slowest for the first caller
    await order.turn(ticket)
    order.leave(ticket)
    passed.append(id(ticket))


async def test_callers_pass_in_arrival_order_though_the_first_is_slowest() -> None:
    order = ArrivalOrder()
    tickets = [order.take("ada") for _ in range(4)]
    passed: list[int] = []
    await asyncio.gather(*(_pass(order, t, 0.04 - 0.01 * n, passed) for n, t in enumerate(tickets)))
    assert passed == [id(t) for t in tickets]
    assert len(order) == 0


async def test_keys_do_not_wait_for_each_other() -> None:
    order = ArrivalOrder()
    slow, other = order.take("ada"), order.take("bob")
    await asyncio.wait_for(order.turn(other), 1)  # ada's first ticket does not hold bob up
    order.leave(other)
    await order.turn(slow)
    order.leave(slow)


async def test_a_ticket_given_up_lets_the_next_pass() -> None:
    order = ArrivalOrder()
    first, second = order.take(None), order.take(None)
    waiting = asyncio.create_task(order.turn(second))
    await asyncio.sleep(0.01)
    assert not waiting.done()
    order.leave(first)  # a cache hit, a refusal, an error: it never reaches the gate
    await asyncio.wait_for(waiting, 1)


async def test_a_cancelled_wait_leaves_no_one_stuck() -> None:
    order = ArrivalOrder()
    first, second, third = order.take(None), order.take(None), order.take(None)
    waiting = asyncio.create_task(order.turn(second))
    await asyncio.sleep(0)
    waiting.cancel()
    await asyncio.gather(waiting, return_exceptions=True)
    order.leave(second)
    order.leave(first)
    await asyncio.wait_for(order.turn(third), 1)


async def test_split_tickets_keep_the_place_of_the_one_they_replace() -> None:
    order = ArrivalOrder()
    call, later = order.take("lesson"), order.take("lesson")
    scenes = order.split(call, 3)  # one call rendering three scenes, ahead of the later call
    passed: list[str] = []

    async def go(name: str, ticket: Ticket) -> None:
        await order.turn(ticket)
        order.leave(ticket)
        passed.append(name)

    await asyncio.gather(go("later", later), *(go(f"s{n}", t) for n, t in enumerate(scenes)))
    assert passed == ["s0", "s1", "s2", "later"]
    assert order.split(call, 0) == [] and len(order) == 0


async def test_the_engine_queues_renders_in_call_order_though_the_first_check_is_slowest(
    make_engine: Callable[..., RenderEngine], monkeypatch: Any
) -> None:
    engine = make_engine(workers=1)
    queued: list[str] = []
    first_check = threading.Event()

    def check(code: str, scene: str | None) -> tuple[None, list[str]]:
        if code == "code 0":
            first_check.set()
            time.sleep(0.3)  # a big file: its check ends after the others'
        return None, []

    async def sandbox(code: str, *args: Any) -> RenderResult:
        queued.append(code)  # holds the one slot in turn: the start order is the queue order
        await asyncio.sleep(0.01)
        return RenderOk(video_key="v.mp4", poster_key="p.png", duration_s=1.0)

    monkeypatch.setattr(engine, "_static_check", check)
    monkeypatch.setattr(engine, "_render_in_seat", sandbox)
    codes = [f"code {n}" for n in range(4)]
    results = await asyncio.gather(*(engine.render(c, owner="ada") for c in codes))
    assert first_check.is_set() and all(isinstance(r, RenderOk) for r in results)
    assert queued == codes
    assert len(engine.arrivals) == 0
    await engine.close()
