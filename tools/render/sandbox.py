"""Runs a command on untrusted input with limits, under bubblewrap when it is installed.

Inside bubblewrap the process sees a read-only system, the Python it needs, and one writable
directory (its fresh work dir, mounted at /sandbox); it has no network, no view of the project,
the data dir or home, and an environment holding only what rendering needs. It runs as an
unprivileged uid of its own (see `sandbox_uids`), so the process-count limit is its own and
concurrent renders cannot signal each other. Without bubblewrap the same limits apply and a
warning is given. What the sandboxed process sees is set up in `bwrap`.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import resource
import shutil
import signal
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tools.render.bwrap import bwrap_command, sandbox_env
from tools.render.sandbox_uids import reap_uid


@dataclass(frozen=True)
class Limits:
    wall_s: float
    memory_mb: int
    disk_mb: int
    max_file_mb: int = 512
    max_processes: int = 256
    cpu_s: int | None = None  # default: a generous multiple of wall time (threads add up)


@dataclass(frozen=True)
class Outcome:
    returncode: int
    timed_out: bool
    over_disk: bool
    signal_name: str | None
    elapsed_s: float


NICENESS = 5  # renders are background work: the app and the host stay responsive
MB = 1024 * 1024


def _rlimits(limits: Limits) -> dict[int, tuple[int, int]]:
    cpu = limits.cpu_s or int(limits.wall_s * 4) + 10
    memory, file_size = limits.memory_mb * MB, limits.max_file_mb * MB
    return {
        resource.RLIMIT_AS: (memory, memory),
        resource.RLIMIT_CPU: (cpu, cpu + 5),
        resource.RLIMIT_FSIZE: (file_size, file_size),
        resource.RLIMIT_NPROC: (limits.max_processes, limits.max_processes),
        resource.RLIMIT_CORE: (0, 0),
    }


_PRLIMIT_FLAGS = {
    resource.RLIMIT_AS: "--as",
    resource.RLIMIT_CPU: "--cpu",
    resource.RLIMIT_FSIZE: "--fsize",
    resource.RLIMIT_NPROC: "--nproc",
    resource.RLIMIT_CORE: "--core",
}


@functools.cache
def exec_tools() -> tuple[str, str] | None:
    """The paths of `prlimit` and `nice`, or None when either is missing (looked up once)."""
    prlimit, nice = shutil.which("prlimit"), shutil.which("nice")
    return (prlimit, nice) if prlimit and nice else None


def _limit_prefix(limits: Limits) -> list[str] | None:
    """util-linux `prlimit` and coreutils `nice` in front of the command: they set the limits
    and exec it, so no Python runs in the child between fork and exec. Python code there
    (`preexec_fn`) can hang the child when the parent has other threads running, and it
    rules out the faster vfork spawn. None when either tool is missing."""
    tools = exec_tools()
    if tools is None:
        return None
    prlimit, nice = tools
    flags = [f"{_PRLIMIT_FLAGS[k]}={soft}:{hard}" for k, (soft, hard) in _rlimits(limits).items()]
    return [nice, "-n", str(NICENESS), prlimit, *flags, "--"]


def _limit_setter(limits: Limits) -> Callable[[], None]:
    """The same limits from Python, for a host without prlimit."""
    rlimits = _rlimits(limits)

    def apply() -> None:  # runs in the child between fork and exec
        for kind, pair in rlimits.items():
            resource.setrlimit(kind, pair)
        os.nice(NICENESS)

    return apply


def _disk_usage(path: Path, max_entries: int = 20000) -> int:
    total, seen = 0, 0
    stack = [path]
    while stack:
        try:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    seen += 1
                    if seen > max_entries:  # a flood of tiny files is a disk attack too
                        return sys.maxsize
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(Path(entry.path))
                    elif entry.is_file(follow_symlinks=False):
                        total += entry.stat(follow_symlinks=False).st_blocks * 512
        except OSError:
            continue
    return total


def prepare_work_dir(work_dir: Path, uid: int) -> None:
    """Make the work dir (and its tmp) owned by the sandbox uid, the only place it can write."""
    (work_dir / "tmp").mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        for path in (work_dir, work_dir / "tmp"):
            os.chown(path, uid, uid)


def hand_to_sandbox(path: Path, uid: int) -> None:
    """A file the parent wrote into the work dir, made readable by the sandbox's own uid.

    The parent creates files private to itself (umask 077); when the sandbox runs as another
    uid, the file becomes that uid's, like the rest of its work dir.
    """
    if os.geteuid() == 0:
        os.chown(path, uid, uid)


@dataclass
class Started:
    """A sandboxed process already running; a waiting one blocks until `run_sandboxed` says go."""

    proc: asyncio.subprocess.Process
    log_handle: BinaryIO
    use_bwrap: bool
    uid: int

    async def stop(self) -> None:
        """Kill it (and everything it started) and close its log."""
        if self.proc.returncode is None:
            _kill(self.proc)
            await self.proc.wait()
        if self.use_bwrap:
            await asyncio.shield(asyncio.to_thread(reap_uid, self.uid))
        self.log_handle.close()


async def start_sandboxed(
    argv: Sequence[str],
    *,
    work_dir: Path,
    log_file: Path,
    limits: Limits,
    use_bwrap: bool,
    uid: int,
    extra_ro: Sequence[Path] = (),
    waiting: bool = False,
) -> Started:
    """Start argv in the sandbox, output to log_file (outside the sandbox's view).

    With `waiting`, its stdin is a pipe on which `run_sandboxed` later sends the go line: the
    process can do its slow start-up (importing manim) before any job exists.
    """
    if use_bwrap:
        cmd = bwrap_command(argv, work_dir, extra_ro, uid)
        env = {"PATH": "/usr/bin:/bin"}
    else:
        cmd = list(argv)
        env = {**sandbox_env(), "HOME": str(work_dir), "TMPDIR": str(work_dir / "tmp")}
        env["MPLCONFIGDIR"] = env["TEXMFVAR"] = str(work_dir / "tmp")
    prefix = _limit_prefix(limits)
    if prefix is not None:
        cmd = [*prefix, *cmd]
    log_handle = log_file.open("wb")
    try:
        proc = await asyncio.create_subprocess_exec(
            *cmd,
            stdin=asyncio.subprocess.PIPE if waiting else asyncio.subprocess.DEVNULL,
            stdout=log_handle,
            stderr=log_handle,
            cwd=work_dir,
            env=env,
            preexec_fn=_limit_setter(limits) if prefix is None else None,
            start_new_session=True,
        )
    except BaseException:
        log_handle.close()
        raise
    return Started(proc, log_handle, use_bwrap, uid)


async def run_sandboxed(
    argv: Sequence[str],
    *,
    work_dir: Path,
    log_file: Path,
    limits: Limits,
    use_bwrap: bool,
    uid: int,
    extra_ro: Sequence[Path] = (),
    started: Started | None = None,
    front: bool = False,
) -> Outcome:
    """Run argv in the sandbox (or let an already `started` one go); kill it on any limit.

    `front`: the started one runs at the app's priority, not as background work (see
    runner_priority): the render a user waits for first."""
    if started is None:
        started = await start_sandboxed(
            argv,
            work_dir=work_dir,
            log_file=log_file,
            limits=limits,
            use_bwrap=use_bwrap,
            uid=uid,
            extra_ro=extra_ro,
        )
    elif started.proc.stdin is not None:
        with contextlib.suppress(ConnectionError):  # it died while waiting: the outcome says so
            started.proc.stdin.write(b"go front\n" if front else b"go\n")
            await started.proc.stdin.drain()
            started.proc.stdin.close()
    start = time.monotonic()  # the wall-time limit counts from the job, not the warm-up
    proc = started.proc
    timed_out = over_disk = False
    try:
        timed_out, over_disk = await _watch(proc, work_dir, limits)
    finally:
        await started.stop()
    code = proc.returncode if proc.returncode is not None else -9
    signal_name = (
        signal.Signals(-code).name
        if code < 0 and -code in signal.Signals._value2member_map_
        else None
    )
    return Outcome(code, timed_out, over_disk, signal_name, time.monotonic() - start)


async def _watch(
    proc: asyncio.subprocess.Process, work_dir: Path, limits: Limits
) -> tuple[bool, bool]:
    """Wait for the process, polling its disk use; returns (timed_out, over_disk)."""
    deadline = time.monotonic() + limits.wall_s
    quota = limits.disk_mb * 1024 * 1024
    interval = 0.05
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return True, False
        try:
            await asyncio.wait_for(proc.wait(), timeout=min(interval, remaining))
            return False, False
        except TimeoutError:
            pass
        interval = min(interval * 2, 0.5)  # quick renders finish before the first polls
        if await asyncio.to_thread(_disk_usage, work_dir) > quota:
            return False, True


def _kill(proc: asyncio.subprocess.Process) -> None:
    # bwrap is the group leader; killing it tears down the sandbox's pid namespace with it.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
