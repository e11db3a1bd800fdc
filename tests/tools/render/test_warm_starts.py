"""A one-shot command waits for the warm sandbox it is starting (never for long); the app never
waits. The start here is a real process held back by the test, so each moment can be looked at."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tools.render import warm_sandboxes
from tools.render.sandbox import Started
from tools.render.warm_sandboxes import SandboxSeat, WarmSandboxes


class HeldStart:
    """Starts `sleep` for a seat once `release` is set; counts the starts."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.started = 0

    async def __call__(self, seat: SandboxSeat) -> Started:
        await self.release.wait()
        proc = await asyncio.create_subprocess_exec("sleep", "30", start_new_session=True)
        self.started += 1
        return Started(proc, seat.log_file.open("wb"), use_bwrap=False, uid=seat.uid)


@pytest.fixture
async def held(tmp_path: Path) -> AsyncIterator[tuple[WarmSandboxes, HeldStart]]:
    start = HeldStart()
    warm = WarmSandboxes(1, tmp_path / "work", start)
    yield warm, start
    start.release.set()
    await warm.close()


async def test_a_one_shot_render_takes_the_sandbox_being_started(
    held: tuple[WarmSandboxes, HeldStart],
) -> None:
    warm, start = held
    warm.wait_for_starts = True
    warm.refill()
    taking = asyncio.create_task(warm.take())
    launched = asyncio.create_task(warm.launched())
    await asyncio.sleep(0.3)
    assert not taking.done() and not launched.done()  # both wait for the start under way
    start.release.set()
    seat = await asyncio.wait_for(taking, 5)
    await asyncio.wait_for(launched, 5)
    assert seat is not None and seat.started is not None and warm.taken == 1
    assert start.started == 1  # the render took that sandbox: none was started beside it
    await seat.close()


async def test_a_stuck_start_falls_back_to_a_cold_render(
    held: tuple[WarmSandboxes, HeldStart], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warm_sandboxes, "START_WAIT_S", 0.2)
    warm, _ = held
    warm.wait_for_starts = True
    warm.refill()
    await asyncio.wait_for(warm.launched(), 2)  # gives up after START_WAIT_S
    assert await asyncio.wait_for(warm.take(), 2) is None  # so the render starts cold


async def test_the_app_never_waits_for_a_start(held: tuple[WarmSandboxes, HeldStart]) -> None:
    warm, _ = held
    warm.refill()  # wait_for_starts stays off, as in a long-running app
    await asyncio.wait_for(warm.launched(), 0.1)
    assert await asyncio.wait_for(warm.take(), 0.1) is None
