"""A full disk on the render machine: the server's problem, never a line of the scene to repair."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

from tools.render.result import RenderError

DISK_FULL_MESSAGE = "The server's disk is full: the render could not write its files."
DISK_FULL_HINT = (
    "Not a problem in the scene code; do not change it. Free disk space on the server "
    "(or ask its operator to), then render again."
)
# What the sandbox's log or the runner's error says when a write hit a full disk.
_MENTIONS = re.compile(r"No space left on device|Disk quota exceeded|\[Errno (28|122)\]")
# Under this much free space, a render that died without a result most likely died of it.
NEARLY_FULL_BYTES = 1024 * 1024


def is_disk_full(exc: BaseException) -> bool:
    """Whether an exception (or one it was raised from) is ENOSPC / EDQUOT."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        current = current.__cause__ or current.__context__
    return False


# What SQLite says (through sqlite3 or SQLAlchemy) when its file cannot grow or be written.
_STORAGE_WORDS = ("database or disk is full", "attempt to write a readonly database")


def is_storage_failure(exc: BaseException) -> bool:
    """Whether a failure is the server's storage refusing writes (full, over quota, read-only).

    Such a failure is the operator's to fix: a user is told so, not that "something went wrong".
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in (
            errno.ENOSPC,
            errno.EDQUOT,
            errno.EROFS,
        ):
            return True
        if any(words in str(current) for words in _STORAGE_WORDS):
            return True
        current = current.__cause__ or current.__context__
    return False


def mentions_disk_full(*texts: str | None) -> bool:
    return any(text and _MENTIONS.search(text) for text in texts)


def nearly_full(path: Path) -> bool:
    """Whether the filesystem holding `path` has (almost) no space left."""
    try:
        stats = os.statvfs(path)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < NEARLY_FULL_BYTES


def disk_full_error(log_tail: str = "") -> RenderError:
    return RenderError(
        kind="resource",
        message=DISK_FULL_MESSAGE,
        line=None,
        hint=DISK_FULL_HINT,
        log_tail=log_tail,
    )


def is_disk_full_error(error: RenderError) -> bool:
    """Whether a render error is the full-disk one (so a repair loop must not touch the code)."""
    return error.kind == "resource" and error.message == DISK_FULL_MESSAGE
