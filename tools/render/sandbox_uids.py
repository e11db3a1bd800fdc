"""Unprivileged uids for sandboxed renders, leased machine-wide.

Each running render gets a uid no other render on the machine has — whatever process started
it (the app, a CLI call, a worker) — so its process-count limit is its own, renders cannot
signal each other, and killing "everything of this uid" after a render hits only that render.
A lease is an exclusive `flock` on a per-uid file, released by the kernel even if we crash.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import random
import signal
import tempfile
import time
from collections.abc import Generator
from pathlib import Path

UID_FIRST = 61000
UID_COUNT = 1000  # no account needs to exist for these uids


def _lock_dir() -> Path:
    base = Path("/run/lock") if os.access("/run/lock", os.W_OK) else Path(tempfile.gettempdir())
    path = base / "manim-tutor-sandbox-uids"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


@contextlib.contextmanager
def lease_uid() -> Generator[int]:
    """Hold a uid that no other render on this machine uses until the block ends."""
    lock_dir = _lock_dir()
    offsets = list(range(UID_COUNT))
    random.shuffle(offsets)  # concurrent leasers rarely contend for the same file
    for offset in offsets:
        uid = UID_FIRST + offset
        handle = (lock_dir / str(uid)).open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        try:
            reap_uid(uid)  # leftovers of a holder that crashed
            yield uid
        finally:
            handle.close()  # closing releases the lock
        return
    raise RuntimeError(f"all {UID_COUNT} sandbox uids are in use")


def pids_of_uid(uid: int) -> list[int]:
    """Processes running as `uid`."""
    pids: list[int] = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    pids.append(int(entry))
            except OSError:
                continue
    return pids


def reap_uid(uid: int, within_s: float = 5.0) -> None:
    """Kill whatever still runs as `uid` (only root can, and only root hands out these uids).

    A sandbox's pid namespace dies with bubblewrap, but asynchronously; this makes it certain.
    """
    if os.geteuid() != 0:
        return
    deadline = time.monotonic() + within_s
    while (pids := pids_of_uid(uid)) and time.monotonic() < deadline:
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.02)
