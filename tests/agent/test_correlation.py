"""Every log line of a call carries that call's correlation id, across tasks."""

from __future__ import annotations

import asyncio
import logging

import pytest

from agent.correlation import configure_logging, correlation, current_id


async def test_log_lines_carry_the_callers_id(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO")
    log = logging.getLogger("tests.correlation")

    async def job(name: str) -> None:
        with correlation(f"cid-{name}"):
            await asyncio.sleep(0.01)
            await asyncio.create_task(asyncio.to_thread(lambda: None))
            log.info("working on %s", name)

    await asyncio.gather(job("a"), job("b"))
    err = capsys.readouterr().err
    assert "[cid-a] tests.correlation: working on a" in err
    assert "[cid-b] tests.correlation: working on b" in err
    assert current_id() == "-"


def test_fresh_ids_are_unique() -> None:
    with correlation() as first, correlation() as second:
        assert first != second and len(first) == 12
