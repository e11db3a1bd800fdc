"""The data dir: private to its owner, and writable, or one clear line saying what to do.

Every entry point (the `tutor` command, the chat app's start-up) calls `use_private_files`
first, so whatever they create under the data dir is 0600 (files) and 0700 (directories), and
then `prepare_data_dir` before opening any database there.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

PRIVATE_UMASK = 0o077  # new files 0600, new directories 0700
NOT_PRIVATE = stat.S_IRWXG | stat.S_IRWXO


class DataDirError(Exception):
    """The data dir cannot be used; the message is one line naming it and what to do."""


_user_umask: int | None = None  # the umask the process started with


def use_private_files() -> None:
    """From now on this process creates files only its owner can read (umask 077)."""
    global _user_umask
    previous = os.umask(PRIVATE_UMASK)
    if _user_umask is None:
        _user_umask = previous


def as_user_made(path: Path) -> None:
    """A file made outside the data dir (`--out`) gets the mode the user's own umask gives."""
    if _user_umask is not None:
        os.chmod(path, 0o666 & ~_user_umask)


def prepare_data_dir(data_dir: Path) -> None:
    """Create the data dir (0700), make older contents private, and prove it is writable."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, probe = tempfile.mkstemp(dir=data_dir, prefix=".write-test-")
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        raise DataDirError(not_writable(data_dir, error)) from error
    make_private(data_dir)


def not_writable(data_dir: Path, error: OSError) -> str:
    """The one line a user sees when the data dir (or something in it) cannot be written."""
    reason = error.strerror or type(error).__name__
    return (
        f"the data dir {data_dir} is not writable ({reason}): set TUTOR_DATA_DIR to a "
        "writable directory, or fix its permissions"
    )


def make_private(data_dir: Path) -> None:
    """Take group and other permissions off everything under the data dir.

    Runs in full only while the data dir itself is still open to others (made by an older
    version, or by hand); afterwards the dir is 0700 and this is one `stat`.
    """
    if data_dir.stat().st_mode & NOT_PRIVATE == 0:
        return
    for root, dirs, files in os.walk(data_dir):  # does not follow symlinks
        for name in [*dirs, *files]:
            _tighten(Path(root) / name)
    os.chmod(data_dir, 0o700)


def _tighten(path: Path) -> None:
    try:
        mode = path.lstat().st_mode
        if not stat.S_ISLNK(mode) and mode & NOT_PRIVATE:
            os.chmod(path, stat.S_IMODE(mode) & ~NOT_PRIVATE)
    except OSError:
        pass  # gone meanwhile (a render's work dir), or not ours to change
