"""The render pool's order: fair between owners, first come first served within one."""

from __future__ import annotations

import asyncio

from tools.render.pool import RenderPool


class Jobs:
    """Renders that hold their slot until the test lets them finish, recording start order."""

    def __init__(self, pool: RenderPool) -> None:
        self.pool = pool
        self.started: list[str] = []
        self.release: dict[str, asyncio.Event] = {}
        self.tasks: dict[str, asyncio.Task[None]] = {}

    async def _run(self, name: str, owner: str | None) -> None:
        async with self.pool.slot(owner):
            self.started.append(name)
            await self.release[name].wait()

    async def submit(self, owner: str | None, *names: str) -> None:
        for name in names:
            self.release[name] = asyncio.Event()
            self.tasks[name] = asyncio.create_task(self._run(name, owner))
            await asyncio.sleep(0)  # queued in this order

    async def finish(self, name: str) -> None:
        self.release[name].set()
        await self.tasks[name]
        await asyncio.sleep(0)  # whoever got the slot starts

    async def drain(self) -> None:
        while pending := [n for n, t in self.tasks.items() if not t.done()]:
            running = [n for n in self.started if n in pending]
            await self.finish(running[0])


async def test_a_slot_goes_to_the_user_with_fewest_renders_running() -> None:
    jobs = Jobs(RenderPool(2))
    await jobs.submit("ada", "a1", "a2", "a3", "a4", "a5")
    await jobs.submit("bob", "b1")
    assert jobs.started == ["a1", "a2"]
    await jobs.finish("a1")  # ada still runs a2, bob runs nothing: bob goes first
    assert jobs.started == ["a1", "a2", "b1"]
    await jobs.finish("a2")
    await jobs.drain()
    assert jobs.started == ["a1", "a2", "b1", "a3", "a4", "a5"]  # ada's in arrival order


async def test_ties_take_turns_and_each_user_keeps_arrival_order() -> None:
    jobs = Jobs(RenderPool(1))
    await jobs.submit("ada", "a0")
    await jobs.submit("ada", "a1", "a2", "a3")
    await jobs.submit("bob", "b1", "b2")
    await jobs.submit(None, "n1")  # owner-less work (`tutor render`) is one more queue
    await jobs.drain()
    assert jobs.started == ["a0", "b1", "n1", "a1", "b2", "a2", "a3"]


async def test_a_single_user_is_served_first_come_first_served() -> None:
    jobs = Jobs(RenderPool(2))
    await jobs.submit("ada", *(f"a{i}" for i in range(6)))
    await jobs.drain()
    assert jobs.started == [f"a{i}" for i in range(6)]


async def test_a_cancelled_waiter_gives_up_its_place_and_the_slot_count_holds() -> None:
    pool = RenderPool(1)
    jobs = Jobs(pool)
    await jobs.submit("ada", "a1", "a2")
    await jobs.submit("bob", "b1")
    jobs.tasks["b1"].cancel()
    await asyncio.sleep(0)
    assert pool.waiting == 1 and pool.busy == 1
    await jobs.drain()
    assert jobs.started == ["a1", "a2"]
    assert pool.idle and pool.running("ada") == 0


async def test_a_waiter_cancelled_just_as_its_turn_comes_frees_the_slot() -> None:
    pool = RenderPool(1)
    jobs = Jobs(pool)
    await jobs.submit("ada", "a1")
    await jobs.submit("bob", "b1")
    await jobs.submit("carol", "c1")
    jobs.release["a1"].set()  # a1 ends and hands its slot to b1 ...
    await asyncio.sleep(0)
    jobs.tasks["b1"].cancel()  # ... which is cancelled before it runs
    await asyncio.gather(jobs.tasks["a1"], jobs.tasks["b1"], return_exceptions=True)
    await asyncio.sleep(0)
    assert "b1" not in jobs.started
    assert jobs.started[-1] == "c1" and pool.busy == 1
    await jobs.finish("c1")
    assert pool.idle
