"""How the app answers for a stored file, whatever the storage: the bytes from a local file
(range requests work, so a video seeks), or a redirect to the storage's own short-lived URL
(presigned S3, or a CDN). The caller has already checked who may see the file."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Protocol

from fastapi.responses import FileResponse, RedirectResponse, Response


class StoredFiles(Protocol):
    """What answering needs of the lesson service (`LessonService` has these)."""

    async def url(self, key: str | None) -> str | None: ...

    async def local_file(self, key: str) -> Path: ...


SERVED_HERE = (".vtt",)


def is_remote(location: str) -> bool:
    """True for an address a browser fetches itself (presigned or CDN), not a local path."""
    return location.startswith(("https://", "http://"))


async def media_response(files: StoredFiles, key: str) -> Response:
    """The stored object `key`: served from disk, or a redirect to where the storage serves it."""
    location = await files.url(key)
    # Caption and chapter tracks load only from the page's own origin (a cross-origin <track>
    # needs CORS on the bucket or CDN): the app serves those small files itself.
    if location and is_remote(location) and not key.endswith(SERVED_HERE):
        # 307 keeps the method; the browser follows it for <video> and its range requests.
        return RedirectResponse(location, status_code=307, headers={"Cache-Control": "no-store"})
    path = await files.local_file(key)
    return FileResponse(path, media_type=mimetypes.guess_type(path.name)[0])
