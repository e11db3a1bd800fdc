"""Every log line of a call carries that call's correlation id, across tasks; text or JSON."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest

from tools.logs import configure_logging, correlated, correlation, current_id


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


def test_json_lines_carry_the_fields_and_the_id(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "json", "worker")
    log = logging.getLogger("tests.json")
    with correlation("cid-json"):
        log.info("rendered %s", "Tiny", extra={"duration_s": 1.5})
        try:
            raise ValueError("boom")
        except ValueError:
            log.exception("it broke")
    configure_logging("INFO")  # back to text for the other tests
    first, second = (json.loads(line) for line in capsys.readouterr().err.splitlines())
    assert first["event"] == "rendered Tiny" and first["duration_s"] == 1.5
    assert first["cid"] == "cid-json" and first["service"] == "worker"
    assert first["level"] == "info" and first["logger"] == "tests.json"
    assert first["ts"].endswith("Z") or "+00:00" in first["ts"]
    assert second["level"] == "error" and "ValueError: boom" in second["exception"]


async def test_a_handler_runs_under_an_id_of_its_own() -> None:
    seen: list[str] = []

    @correlated
    async def handler(n: int) -> int:
        seen.append(current_id())
        return n + 1

    assert await handler(1) == 2 and await handler(2) == 3
    assert len(set(seen)) == 2 and "-" not in seen and current_id() == "-"
