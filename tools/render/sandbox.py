"""Runs a command on untrusted input with limits, under bubblewrap when it is installed.

Inside bubblewrap the process sees a read-only system, the Python it needs, and one writable
directory (its fresh work dir, mounted at /sandbox); it has no network, no view of the project,
the data dir or home, and an environment holding only what rendering needs. It runs as an
unprivileged uid of its own (see `sandbox_uids`), so the process-count limit is its own and
concurrent renders cannot signal each other. Without bubblewrap the same limits apply and a warning is given.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
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

from tools.render.sandbox_uids import reap_uid

log = logging.getLogger(__name__)

SANDBOX_ROOT = "/sandbox"
BWRAP_MISSING_WARNING = (
    "bubblewrap (bwrap) is not installed: renders run with resource limits only, without "
    "filesystem and network isolation. Install it with `make setup` (apt package bubblewrap)."
)

# System paths a render needs read-only: binaries, libraries, fonts, LaTeX and its config.
SYSTEM_RO_PATHS = (
    "/usr",
    "/etc/fonts",
    "/etc/texmf",
    "/etc/alternatives",
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/var/lib/texmf",
    "/var/cache/fontconfig",
)
MERGED_USR_LINKS = {
    "/bin": "usr/bin",
    "/sbin": "usr/sbin",
    "/lib": "usr/lib",
    "/lib64": "usr/lib64",
}


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


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


VENV_MOUNT = "/opt/venv"


def _in_venv() -> bool:
    return os.path.realpath(sys.prefix) != os.path.realpath(sys.base_prefix)


def python_mounts() -> list[tuple[str, str]]:
    """Read-only binds (host path, sandbox path) for this interpreter and its venv.

    The venv is mounted at a neutral path, so the project that usually contains it stays out
    of view; the base interpreter keeps its own path (its binary has that path compiled in).
    """
    base = os.path.realpath(sys.base_prefix)
    mounts = [] if base.startswith("/usr/") else [(base, base)]
    if _in_venv():
        mounts.append((os.path.realpath(sys.prefix), VENV_MOUNT))
    return mounts


def sandbox_python(use_bwrap: bool) -> str:
    """The path of this Python as the sandboxed process sees it."""
    if use_bwrap and _in_venv():
        return os.path.join(VENV_MOUNT, os.path.relpath(sys.executable, sys.prefix))
    return sys.executable


def sandbox_env() -> dict[str, str]:
    """A clean environment: nothing of the parent's (API keys, tokens) crosses over."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": SANDBOX_ROOT,
        "TMPDIR": f"{SANDBOX_ROOT}/tmp",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "MPLCONFIGDIR": f"{SANDBOX_ROOT}/tmp",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        "PYTHONUNBUFFERED": "1",
        "MALLOC_ARENA_MAX": "2",  # keeps address space small under an RLIMIT_AS cap
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "TEXMFVAR": f"{SANDBOX_ROOT}/tmp/texmf-var",
    }


def bwrap_command(
    argv: Sequence[str], work_dir: Path, extra_ro: Sequence[Path], uid: int
) -> list[str]:
    cmd = [
        "bwrap",
        "--unshare-net",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--new-session",
        "--hostname",
        "sandbox",
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--clearenv",
    ]
    for link, target in MERGED_USR_LINKS.items():
        if os.path.islink(link):
            cmd += ["--symlink", target, link]
        elif os.path.isdir(link):
            cmd += ["--ro-bind", link, link]
    made: set[str] = {"/"}
    binds = [(p, p) for p in (*SYSTEM_RO_PATHS, *map(str, extra_ro))] + python_mounts()
    for source, target in binds:
        if not os.path.exists(source):
            continue
        # bwrap would create missing parents (e.g. /root for a pyenv Python) as 0700, which
        # the unprivileged uid cannot traverse; create them world-traversable instead.
        for parent in reversed(Path(target).parents):
            if str(parent) not in made and not os.path.islink(parent):
                made.add(str(parent))
                cmd += ["--perms", "0755", "--dir", str(parent)]
        cmd += ["--ro-bind", source, target]
    cmd += ["--bind", str(work_dir), SANDBOX_ROOT, "--symlink", f"{SANDBOX_ROOT}/tmp", "/tmp"]
    cmd += ["--chdir", SANDBOX_ROOT]
    for key, value in sandbox_env().items():
        cmd += ["--setenv", key, value]
    if os.geteuid() == 0:
        # bwrap runs privileged as root: drop to an unprivileged uid with no capabilities, or
        # root would ignore the process-count limit and could read root-only files.
        cmd += [
            "setpriv",
            f"--reuid={uid}",
            f"--regid={uid}",
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            "--no-new-privs",
        ]
    return [*cmd, *argv]


def _limit_setter(limits: Limits) -> Callable[[], None]:
    cpu = limits.cpu_s or int(limits.wall_s * 4) + 10
    mb = 1024 * 1024

    def apply() -> None:  # runs in the child between fork and exec
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_mb * mb, limits.memory_mb * mb))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
        file_size = limits.max_file_mb * mb
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
        resource.setrlimit(resource.RLIMIT_NPROC, (limits.max_processes, limits.max_processes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        os.nice(5)  # renders are background work: the app and the host stay responsive

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
    log_handle = log_file.open("wb")
    try:
        proc = await asyncio.create_subprocess_exec(
            *cmd,
            stdin=asyncio.subprocess.PIPE if waiting else asyncio.subprocess.DEVNULL,
            stdout=log_handle,
            stderr=log_handle,
            cwd=work_dir,
            env=env,
            preexec_fn=_limit_setter(limits),
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
) -> Outcome:
    """Run argv in the sandbox (or let an already `started` one go); kill it on any limit."""
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
            started.proc.stdin.write(b"go\n")
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
