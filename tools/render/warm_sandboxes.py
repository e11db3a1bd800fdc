"""Sandboxes started ahead of demand, so a render does not wait for Python to import manim.

Importing manim is about half of a short scene's render time. A warm sandbox is an ordinary
single-use render sandbox (own work dir, own uid, same limits) whose runner has imported manim
and waits for the go line; the job's code is written into its work dir only when a render
takes it. Isolation is exactly that of a cold render: nothing is shared between jobs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from tools.render.sandbox import Started
from tools.render.sandbox_uids import lease_uid

log = logging.getLogger(__name__)
SEAT_PREFIX = "render-"


@dataclass
class SandboxSeat:
    """A work dir, its log and a leased uid: what one render (warm or cold) runs in."""

    work: Path
    log_file: Path
    uid: int
    lease: contextlib.ExitStack
    started: Started | None = None  # set for a warm sandbox: its runner is already running

    @classmethod
    def open(cls, work_root: Path) -> SandboxSeat:
        work_root.mkdir(parents=True, exist_ok=True)
        lease = contextlib.ExitStack()
        uid = lease.enter_context(lease_uid())
        try:  # named after this process, so a later start can tell whether its owner is gone
            work = Path(tempfile.mkdtemp(dir=work_root, prefix=f"{SEAT_PREFIX}{os.getpid()}-"))
        except BaseException:
            lease.close()
            raise
        return cls(work, work.with_suffix(".log"), uid, lease)  # the log is outside the sandbox

    async def close(self) -> None:
        if self.started is not None:
            await self.started.stop()
        shutil.rmtree(self.work, ignore_errors=True)
        self.log_file.unlink(missing_ok=True)
        self.lease.close()


StartWarm = Callable[[SandboxSeat], Awaitable[Started]]


def sweep_stale_seats(work_root: Path) -> int:
    """Remove the work dirs (and logs) that processes no longer running left behind.

    A clean stop removes its own; a killed process cannot. Returns how many were removed.
    """
    removed = 0
    try:
        entries = list(os.scandir(work_root))
    except OSError:
        return 0
    for entry in entries:
        owner = _seat_owner(entry.name)
        if owner is None or owner == os.getpid() or _alive(owner):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed += 1
    if removed:
        log.info("removed %d render work dir(s) and log(s) left by stopped processes", removed)
    return removed


def _seat_owner(name: str) -> int | None:
    """The pid in a seat's name (`render-<pid>-<random>[.log]`), or None for other names."""
    if not name.startswith(SEAT_PREFIX):
        return None
    pid, _, rest = name.removeprefix(SEAT_PREFIX).partition("-")
    return int(pid) if pid.isdigit() and rest else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


START_WAIT_S = 10.0  # longest a render waits for a sandbox being started (one takes ~0.1 s)


class WarmSandboxes:
    """Keeps up to `count` warm sandboxes idle; a render takes one if any is ready."""

    def __init__(self, count: int, work_root: Path, start: StartWarm) -> None:
        self.count = count
        self.work_root = work_root
        self._start = start
        self._idle: list[SandboxSeat] = []
        self._filling: asyncio.Task[None] | None = None
        self._added = asyncio.Event()  # set (and cleared) whenever a started sandbox goes idle
        # A one-shot command starts its sandboxes while it gets ready, so its first renders wait
        # for one being started. A long-running app never waits: it renders cold instead.
        self.wait_for_starts = False
        self.taken = 0  # renders that found a warm sandbox ready (for logs and tests)

    async def take(self) -> SandboxSeat | None:
        """An idle warm sandbox whose runner is still alive, or None.

        With `wait_for_starts`, while none is idle but one is being started in this event
        loop, the render waits for that one: its start is further along than a cold one's.
        """
        while (seat := self._take_idle()) is None and self._starting():
            if not await self._wait_for_start():
                return self._take_idle()  # the start is stuck or done: a cold sandbox, then
        return seat

    async def launched(self) -> None:
        """With `wait_for_starts`, wait until the sandbox being started has its process (manim's
        import then goes on beside this process), its start ended, or START_WAIT_S passed."""
        if not self._idle and self._starting():
            await self._wait_for_start()

    async def _wait_for_start(self) -> bool:
        """Whether a sandbox went idle before the start under way ended or got stuck."""
        assert self._filling is not None
        added = asyncio.ensure_future(self._added.wait())
        await asyncio.wait(
            {added, self._filling}, timeout=START_WAIT_S, return_when=asyncio.FIRST_COMPLETED
        )
        if added.done():
            return True
        added.cancel()
        return False

    def _starting(self) -> bool:
        """Whether a one-shot command's warm sandbox is being started in this event loop (an
        engine may outlive the loop that started one: never wait on another loop's work)."""
        filling = self._filling
        return (
            self.wait_for_starts
            and filling is not None
            and not filling.done()
            and filling.get_loop() is asyncio.get_running_loop()
        )

    def _take_idle(self) -> SandboxSeat | None:
        while self._idle:
            seat = self._idle.pop(0)
            if seat.started is not None and seat.started.proc.returncode is None:
                self.taken += 1
                return seat
            asyncio.get_running_loop().create_task(seat.close())
        return None

    @property
    def ready(self) -> int:
        """Idle warm sandboxes."""
        return len(self._idle)

    def refill(self) -> None:
        """Start warm sandboxes in the background until `count` are idle."""
        if self.count and (self._filling is None or self._filling.done()):
            self._added = asyncio.Event()  # for this loop's renders (an Event binds to one)
            self._filling = asyncio.get_running_loop().create_task(self._fill())

    async def _fill(self) -> None:
        while len(self._idle) < self.count:
            seat = await asyncio.to_thread(SandboxSeat.open, self.work_root)
            try:
                seat.started = await self._start(seat)
            except BaseException as exc:
                await seat.close()
                if not isinstance(exc, Exception):  # cancelled: the engine is closing
                    raise
                if isinstance(exc, OSError):  # a full disk, say: the cold render reports it
                    log.warning("could not start a warm sandbox (%s); renders start cold", exc)
                else:
                    log.exception("could not start a warm sandbox; renders start cold")
                return
            self._idle.append(seat)
            self._added.set()
            self._added.clear()  # wakes the renders waiting now; later ones wait afresh

    async def close(self) -> None:
        if self._filling is not None:
            self._filling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._filling
        while self._idle:
            await self._idle.pop().close()
