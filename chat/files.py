"""Lesson and chat files in the chat: Chainlit's storage client on the lesson file store, and
the owner-only route the browser fetches them from. Host paths never reach the chat."""

from __future__ import annotations

import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, Protocol

from chainlit.auth import get_current_user
from chainlit.data.storage_clients.base import BaseStorageClient
from chainlit.user import PersistedUser, User
from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import Response

from chat import runtime
from chat.file_keys import FILE_ROUTE, valid_key
from chat.media import media_response

router = APIRouter()


def _files_root() -> Path:
    """Where local file storage keeps files: a location under it is served by our route."""
    return runtime.settings().files_dir.expanduser().absolute()


def hidden_roots() -> tuple[str, ...]:
    """The host paths replies and tool steps must not show (a stored file is named by name)."""
    settings = runtime.settings()
    data_dir, cdn = settings.data_dir, settings.cdn_base_url
    return (str(data_dir), str(data_dir.resolve()), str(_files_root()), *([cdn] if cdn else []))


def file_url(key: str | None) -> str | None:
    """Where the browser fetches a stored file: our owner-only route, whatever the storage
    (it serves local files and redirects to a remote store's short-lived URL), so a link kept
    in the chat history never expires."""
    return f"{FILE_ROUTE}/{key}" if key else None


class ChatFileStore(Protocol):
    """Where chat elements are kept: the lesson service's files (`LessonService` has these)."""

    async def put_file(self, key: str, source: Path, content_type: str) -> None: ...

    async def delete_file(self, key: str) -> None: ...


class ChatFiles(BaseStorageClient):
    """Chat elements (clips, posters) stored with the lesson files, served only to their owner."""

    def __init__(self, files: Callable[[], Awaitable[ChatFileStore]], scratch_dir: Path) -> None:
        self._open = files  # opened on first use: the data layer exists before the Tutor does
        self.scratch_dir = scratch_dir  # where an upload is written before it is stored

    async def upload_file(
        self,
        object_key: str,
        data: bytes | str,
        mime: str = "application/octet-stream",
        overwrite: bool = True,
        content_disposition: str | None = None,
    ) -> dict[str, Any]:
        key = f"chat/{object_key}"
        with tempfile.NamedTemporaryFile(dir=self.scratch_dir, delete=False) as handle:
            handle.write(data.encode() if isinstance(data, str) else data)
        try:
            await (await self._open()).put_file(key, Path(handle.name), mime)
        finally:
            Path(handle.name).unlink(missing_ok=True)
        return {"object_key": key, "url": f"{FILE_ROUTE}/{key}"}

    async def delete_file(self, object_key: str) -> bool:
        await (await self._open()).delete_file(object_key)
        return True

    async def get_read_url(self, object_key: str) -> str:
        return f"{FILE_ROUTE}/{object_key}"

    async def close(self) -> None:
        pass


def chat_files() -> ChatFiles:
    """The storage client of the app's chat history."""
    return ChatFiles(_service, runtime.settings().data_dir)


async def _service() -> ChatFileStore:
    return (await runtime.get_tutor()).service


@router.get(FILE_ROUTE + "/{key:path}")
async def serve_file(
    key: str, user: Annotated[User | PersistedUser | None, Depends(get_current_user)]
) -> Response:
    """A clip or poster, for its owner only; anyone else gets the same 404 as a missing file."""
    if user is None:
        raise HTTPException(status_code=401, detail="Log in first.")
    tutor = await runtime.get_tutor()
    owner = await tutor.accounts.get_user(user.identifier)
    allowed = [f"u/{owner.id}/"] if owner else []
    if isinstance(user, PersistedUser):  # the chat history's id of the user
        allowed.append(f"chat/{user.id}/")
    service = tutor.service
    if not valid_key(key) or not key.startswith(tuple(allowed)) or not await service.has_file(key):
        raise HTTPException(status_code=404, detail="No such file.")
    return await media_response(service, key)
