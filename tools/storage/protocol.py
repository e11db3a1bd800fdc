"""Where clips, posters and exports live. Local files by default; other back ends plug in.

Keys are relative, slash-separated names like "u/<user>/l/<lesson>/s1/v2/clip.mp4".
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol


class FileStorage(Protocol):
    async def put(self, key: str, source: Path, content_type: str) -> None:
        """Store a copy of `source` under `key` (replacing any earlier object)."""
        ...

    async def local_path(self, key: str) -> Path:
        """A readable local file with the object's bytes (a remote store downloads it)."""
        ...

    async def url(self, key: str) -> str:
        """Where a client fetches the object (a local path, or a presigned/CDN URL)."""
        ...

    async def exists(self, key: str) -> bool: ...

    async def delete(self, key: str) -> None: ...

    def pending(self) -> list[str]:
        """Keys stored here but still waiting to reach a remote store (empty for local files)."""
        ...

    async def start(self) -> None:
        """Resume work an earlier run left (uploads waiting in an outbox)."""
        ...

    async def drain(self, timeout_s: float) -> list[str]:
        """Try to finish waiting uploads now; the keys still waiting after `timeout_s`."""
        ...

    async def close(self) -> None: ...


async def copy_object(
    source: FileStorage, key: str, dest: FileStorage, dest_key: str, content_type: str
) -> None:
    """Store the object `key` of `source` in `dest` as `dest_key` (by way of a local file)."""
    await dest.put(dest_key, await source.local_path(key), content_type)
