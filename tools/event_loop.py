"""Threads the event loop needs, started before work arrives rather than in the middle of it.

Starting a thread from the event loop waits until the new thread runs, and a new thread runs
only once it holds the GIL. While other threads are busy (static checks, the SQLite store,
the chat history's driver) that wait stalls the loop, and everything on it, for milliseconds
per thread. In the app's first second of a lesson this added up to about 0.2 s, between the
model's code and the first render. Two things started threads mid-turn:
- the loop's default executor (`asyncio.to_thread`), one new thread per call until it has
  its full count;
- Python 3.11's child watcher, one thread per subprocess waiting for it to end (the offline
  voice runs a program per sentence).
So `prepare` starts the executor's threads up front, and on Python 3.11 lets the loop watch
children through pid file descriptors, as Python 3.12 does by default.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import threading
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

log = logging.getLogger(__name__)
START_TIMEOUT_S = 5.0


def prepare() -> None:
    """Call first thing on a running loop (the app's start-up, a command's main)."""
    _watch_children_with_pidfds()
    _start_executor_threads(asyncio.get_running_loop())


def executor_threads() -> int:
    """`ThreadPoolExecutor`'s own default count."""
    return min(32, (os.cpu_count() or 1) + 4)


def _start_executor_threads(loop: asyncio.AbstractEventLoop) -> None:
    count = executor_threads()
    executor = ThreadPoolExecutor(count, thread_name_prefix="asyncio")
    # Each waits for all the others: none is idle to be reused, so every call starts a thread.
    together = threading.Barrier(count + 1)
    for _ in range(count):
        executor.submit(together.wait, START_TIMEOUT_S)
    try:
        together.wait(START_TIMEOUT_S)
    except threading.BrokenBarrierError:  # a slow start: the rest start when first needed
        log.warning("the event loop's worker threads took over %.0f s to start", START_TIMEOUT_S)
    loop.set_default_executor(executor)


def _watch_children_with_pidfds() -> None:
    if sys.version_info >= (3, 12) or not _pidfds_work():
        return  # 3.12 picks pidfds itself; without them the thread per child stays
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        asyncio.set_child_watcher(PidfdChildWatcher())  # pyright: ignore[reportDeprecated]


def _pidfds_work() -> bool:
    try:
        os.close(os.pidfd_open(os.getpid()))
    except (AttributeError, OSError):  # not Linux, a kernel before 5.3, or a seccomp filter
        return False
    return True


if sys.version_info < (3, 12):

    class PidfdChildWatcher(asyncio.AbstractChildWatcher):
        """Python 3.12's watcher for 3.11: the loop that started a child reads its pidfd,
        becoming readable when it ends (3.11's own pidfd watcher serves one loop only)."""

        def add_child_handler(self, pid: int, callback: Callable[..., object], *args: Any) -> None:
            loop = asyncio.get_running_loop()
            pidfd = os.pidfd_open(pid)
            loop.add_reader(pidfd, self._reap, loop, pid, pidfd, callback, args)

        def _reap(
            self,
            loop: asyncio.AbstractEventLoop,
            pid: int,
            pidfd: int,
            callback: Callable[..., object],
            args: tuple[Any, ...],
        ) -> None:
            loop.remove_reader(pidfd)
            try:
                _, status = os.waitpid(pid, 0)
                returncode = os.waitstatus_to_exitcode(status)
            except ChildProcessError:  # reaped elsewhere: the same answer asyncio gives
                log.warning("child process %d was reaped elsewhere: exit status unknown", pid)
                returncode = 255
            finally:
                os.close(pidfd)
            callback(pid, returncode, *args)

        def remove_child_handler(self, pid: int) -> bool:
            return True  # asyncio never calls it

        def attach_loop(self, loop: asyncio.AbstractEventLoop | None) -> None:
            pass  # each child is watched by the loop that started it

        def is_active(self) -> bool:
            return True

        def close(self) -> None:
            pass

        def __enter__(self) -> PidfdChildWatcher:
            return self

        def __exit__(self, *exc: object) -> None:
            pass
