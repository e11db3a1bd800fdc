"""The default `FileStorage`: objects are files under one root directory.

`put` hard-links the source when it can (clips come from the render cache, and both sides
are immutable, so sharing the inode costs nothing) and copies otherwise. Either way the
object appears under its key by an atomic rename, so a reader never sees half a file and
an earlier object under the same key is replaced, never written into.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import shutil
import uuid
from pathlib import Path


class LocalStorage:
    """`FileStorage` on the local disk; `url` is the absolute file path."""

    def __init__(self, root: Path) -> None:
        self.root = root.expanduser().absolute()

    def path_for(self, key: str) -> Path:
        """Where `key` lives under the root; ValueError for a key that could escape it."""
        return self.root.joinpath(*_key_parts(key))

    async def put(self, key: str, source: Path, content_type: str) -> None:
        """Store `source` under `key`, replacing any earlier object atomically."""
        # content_type matters to HTTP back ends; a file's type is known from its name.
        del content_type
        dest = self.path_for(key)
        if not source.is_file():
            raise FileNotFoundError(f"cannot store {key!r}: no file at {source}")
        await asyncio.to_thread(place_file, source, dest)

    async def local_path(self, key: str) -> Path:
        """The object's file; FileNotFoundError when there is none."""
        path = self.path_for(key)
        if not path.is_file():
            raise FileNotFoundError(f"no stored object {key!r} (looked for {path})")
        return path

    async def url(self, key: str) -> str:
        """The absolute path of the object's file (the app serves it from there)."""
        return str(self.path_for(key))

    async def exists(self, key: str) -> bool:
        return self.path_for(key).is_file()

    async def delete(self, key: str) -> None:
        """Remove the object; a missing one is not an error."""
        self.path_for(key).unlink(missing_ok=True)

    def pending(self) -> list[str]:
        return []  # a local file is stored as soon as `put` returns

    async def start(self) -> None:
        pass

    async def drain(self, timeout_s: float) -> list[str]:
        return []

    async def close(self) -> None:
        pass


def _key_parts(key: str) -> list[str]:
    problem = _key_problem(key)
    if problem:
        raise ValueError(
            f"bad storage key {key!r}: {problem}; keys look like 'u/<user>/l/<lesson>/s1/clip.mp4'"
        )
    return key.split("/")


def _key_problem(key: str) -> str | None:
    if not key:
        return "it is empty"
    if "\\" in key:
        return "it contains a backslash (use '/')"
    if "\0" in key:
        return "it contains a NUL character"
    if key.startswith("/") or Path(key).is_absolute():
        return "it is absolute (keys are relative to the storage root)"
    parts = key.split("/")
    if any(part == "" for part in parts):
        return "it has an empty part ('//' or a trailing '/')"
    if any(part in (".", "..") for part in parts):
        return "it has a '.' or '..' part"
    return None


def place_file(source: Path, dest: Path) -> None:
    """Link or copy `source` to a temporary name beside `dest`, then rename it into place."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    # The temporary name is in the same directory, so the rename is atomic on one filesystem.
    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex}.tmp")
    try:
        try:
            os.link(source, tmp)
        except OSError as exc:
            if not _link_unsupported(exc):
                raise
            shutil.copyfile(source, tmp)
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def _link_unsupported(exc: OSError) -> bool:
    """True when a copy would succeed where the hard link failed."""
    # EXDEV: another filesystem; EPERM/EACCES: the filesystem or kernel refuses links (for
    # instance fs.protected_hardlinks on another user's file); EMLINK: too many links.
    return exc.errno in {errno.EXDEV, errno.EPERM, errno.EACCES, errno.EMLINK, errno.ENOTSUP}
