"""The first render after an idle moment runs alone for a while; the others wait for it."""

from __future__ import annotations

import asyncio
import contextlib

from tools.render.lead_render import LeadRender


async def test_renders_behind_the_lead_start_when_it_ends() -> None:
    lead = LeadRender(alone_s=30.0)
    order: list[str] = []
    release = asyncio.Event()

    async def render(name: str, work: asyncio.Event | None) -> bool:
        async with lead.turn() as leads:
            order.append(f"{name} starts")
            if work is not None:
                await work.wait()
            order.append(f"{name} ends")
        return leads

    first = asyncio.create_task(render("first", release))
    await asyncio.sleep(0)
    behind = [asyncio.create_task(render(name, None)) for name in ("second", "third")]
    await asyncio.sleep(0.05)
    assert order == ["first starts"], "nothing else runs while the lead does"
    release.set()
    assert await first is True
    assert [await task for task in behind] == [False, False]
    assert order[:2] == ["first starts", "first ends"]


async def test_a_long_lead_lets_the_others_go_after_its_time_alone() -> None:
    lead = LeadRender(alone_s=0.1)
    never = asyncio.Event()

    async def long_lead() -> None:
        async with lead.turn():
            await never.wait()

    running = asyncio.create_task(long_lead())
    await asyncio.sleep(0)
    loop = asyncio.get_running_loop()
    asked = loop.time()
    async with lead.turn() as leads:
        waited = loop.time() - asked
    assert leads is False
    assert 0.05 < waited < 5.0
    running.cancel()


async def test_without_time_alone_nothing_waits_and_a_new_lead_follows_an_idle_moment() -> None:
    lead = LeadRender(alone_s=0.0)
    async with lead.turn() as first, asyncio.timeout(1.0), lead.turn() as second:
        assert (first, second) == (True, False)
    async with lead.turn() as after_idle:
        assert after_idle is True


async def test_a_render_cancelled_while_held_back_leaves_no_trace() -> None:
    lead = LeadRender(alone_s=30.0)
    release = asyncio.Event()

    async def first() -> None:
        async with lead.turn():
            await release.wait()

    running = asyncio.create_task(first())
    await asyncio.sleep(0)

    async def held() -> None:
        async with lead.turn():
            raise AssertionError("a held-back render ran before the lead ended")

    waiting = asyncio.create_task(held())
    await asyncio.sleep(0.05)
    waiting.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await waiting
    release.set()
    await running
    async with lead.turn() as leads:
        assert leads is True, "the cancelled render no longer counts"
