"""The event loop's threads start before work arrives: the executor's all at once, and on
Python 3.11 no thread per subprocess (children are watched through pidfds)."""

from __future__ import annotations

import asyncio
import sys
import threading
import warnings
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest

from tools import event_loop

T = TypeVar("T")


def run_fresh(main: Coroutine[Any, Any, T]) -> T:
    """`main` on a loop of its own; the child watcher is Python's default again afterwards."""
    try:
        return asyncio.run(main)
    finally:
        if sys.version_info < (3, 12):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                asyncio.set_child_watcher(None)  # pyright: ignore[reportDeprecated, reportArgumentType]


def test_the_executor_threads_are_running_before_any_call() -> None:
    async def main() -> tuple[int, int, list[str]]:
        event_loop.prepare()
        started = threading.active_count()
        names = await asyncio.gather(
            *(asyncio.to_thread(lambda: threading.current_thread().name) for _ in range(20))
        )
        return started, threading.active_count(), names

    before = threading.active_count()
    started, after_calls, names = run_fresh(main())
    assert started - before >= event_loop.executor_threads()
    assert after_calls == started  # twenty calls, no new thread
    assert all(name.startswith("asyncio") for name in names)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="3.12 watches children with pidfds")
def test_subprocesses_start_no_thread_and_report_their_exit() -> None:
    async def main() -> tuple[list[int], int]:
        event_loop.prepare()
        threads = threading.active_count()
        procs = [
            await asyncio.create_subprocess_exec(
                sys.executable, "-c", f"import sys, time; time.sleep(0.3); sys.exit({status})"
            )
            for status in (0, 3, 0)
        ]
        while_running = threading.active_count() - threads  # a waiting thread each, before
        return [await proc.wait() for proc in procs], while_running

    codes, new_threads = run_fresh(main())
    assert codes == [0, 3, 0]
    assert new_threads == 0
