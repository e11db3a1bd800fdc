"""Warm sandboxes: started ahead of demand, single use, same isolation, gone when closed."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Callable

import pytest

from tests.tools.conftest import local_files
from tests.tools.media.helpers import probe_video
from tests.tools.render.test_engine import SHORT, sandbox_pids
from tests.tools.render.test_sandbox_containment import (
    LEGIT,
    Host,
    assert_contained,
    attack_code,
    host,  # noqa: F401  (a fixture)
)
from tools.render.engine import RenderEngine
from tools.render.result import RenderFailed, RenderOk
from tools.render.sandbox_uids import pids_of_uid

pytestmark = pytest.mark.render


async def warmed(
    make_engine: Callable[..., RenderEngine], count: int = 1, **kw: object
) -> RenderEngine:
    engine = make_engine(warm_sandboxes=count, **kw)
    engine.prewarm()
    for _ in range(200):
        if engine.warm.ready == count:
            return engine
        await asyncio.sleep(0.05)
    raise AssertionError("warm sandboxes did not start")


async def test_a_warm_render_gives_the_same_clip_as_a_cold_one(
    make_engine: Callable[..., RenderEngine],
) -> None:
    engine = await warmed(make_engine)
    warm = await engine.render(SHORT.format(color="TEAL"), use_cache=False)
    assert isinstance(warm, RenderOk) and engine.warm.taken == 1
    warm_info = probe_video((await local_files(engine, warm))[0])  # before the cold render
    cold_engine = make_engine(warm_sandboxes=0)  # same cache: its clip replaces the warm one
    cold = await cold_engine.render(SHORT.format(color="TEAL"), use_cache=False)
    assert isinstance(cold, RenderOk)
    assert warm_info == probe_video((await local_files(cold_engine, cold))[0])
    await engine.close()


async def test_the_time_limit_counts_from_the_job_not_the_warm_up(
    make_engine: Callable[..., RenderEngine],
) -> None:
    engine = await warmed(make_engine, timeout_s=4.0)
    await asyncio.sleep(4.5)  # idle past the time limit
    result = await engine.render(SHORT.format(color="PINK"), use_cache=False)
    assert isinstance(result, RenderOk), result
    assert engine.warm.taken == 1
    await engine.close()


async def test_closing_stops_idle_warm_sandboxes(make_engine: Callable[..., RenderEngine]) -> None:
    engine = await warmed(make_engine, count=2)
    seats = list(engine.warm._idle)  # pyright: ignore[reportPrivateUsage]
    assert all(pids_of_uid(seat.uid) for seat in seats) or os.geteuid() != 0
    await engine.close()
    assert engine.warm.ready == 0
    for seat in seats:
        assert not seat.work.exists() and not seat.log_file.exists()
        assert seat.started is not None and seat.started.proc.returncode is not None
        assert pids_of_uid(seat.uid) == []


async def test_a_warm_sandbox_that_died_is_skipped(
    make_engine: Callable[..., RenderEngine],
) -> None:
    engine = await warmed(make_engine)
    [seat] = engine.warm._idle  # pyright: ignore[reportPrivateUsage]
    assert seat.started is not None
    os.killpg(seat.started.proc.pid, signal.SIGKILL)
    await seat.started.proc.wait()
    result = await engine.render(SHORT.format(color="GOLD"), use_cache=False)
    assert isinstance(result, RenderOk) and engine.warm.taken == 0
    await engine.close()
    assert not sandbox_pids()


@pytest.mark.parametrize(
    "attack",
    ["env_via_manim_utils", "env_via_proc", "read_host_secret", "read_project_and_home",
     "write_outside", "network", "fork_bomb", "infinite_loop"],
)  # fmt: skip
async def test_attacks_are_contained_in_a_warm_sandbox(
    attack: str,
    host: Host,  # noqa: F811  (the fixture imported above)
    make_engine: Callable[..., RenderEngine],
) -> None:
    engine = await warmed(make_engine, timeout_s=12.0, disk_mb=200, memory_mb=2048, workers=1)
    result = await engine.render(attack_code(attack, host), validate=False, use_cache=False)
    assert engine.warm.taken == 1
    assert_contained(result, host)
    if attack != "write_outside":
        assert isinstance(result, RenderFailed), result
    assert isinstance(await engine.render(LEGIT, use_cache=False), RenderOk)
    await engine.close()
