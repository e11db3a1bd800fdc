"""Chainlit's thread and share routes, behind an ownership check that answers like a missing thread.

Chainlit answers 401 for another user's thread and 500 for an unknown one (an existence oracle);
here both are 404 "Thread not found". Sharing answers 404 unless `allow_thread_sharing` is on.
"""

from __future__ import annotations

from typing import Annotated

from chainlit import server as chainlit_routes
from chainlit.auth import get_current_user
from chainlit.config import config
from chainlit.types import DeleteThreadRequest, ShareThreadRequest, UpdateThreadRequest
from chainlit.user import PersistedUser, User
from fastapi import APIRouter, Depends, HTTPException, Request, Response

from chat.ownership import THREAD_NOT_FOUND, require_thread

CurrentUser = Annotated[User | PersistedUser | None, Depends(get_current_user)]
router = APIRouter(prefix=config.run.root_path)


def signed_in(user: User | PersistedUser | None) -> str:
    if user is None:
        raise HTTPException(status_code=401, detail="Unauthorized")
    return user.identifier


def sharing_on() -> bool:
    return bool(config.features.allow_thread_sharing)


@router.get("/project/thread/{thread_id}")
async def get_thread(request: Request, thread_id: str, user: CurrentUser) -> Response:
    await require_thread(signed_in(user), thread_id)
    return await chainlit_routes.get_thread(request, thread_id, user)


@router.get("/project/thread/{thread_id}/element/{element_id}")
async def get_thread_element(
    request: Request, thread_id: str, element_id: str, user: CurrentUser
) -> Response:
    await require_thread(signed_in(user), thread_id)
    return await chainlit_routes.get_thread_element(request, thread_id, element_id, user)


@router.put("/project/thread")
async def rename_thread(
    request: Request, payload: UpdateThreadRequest, user: CurrentUser
) -> Response:
    await require_thread(signed_in(user), payload.threadId)
    return await chainlit_routes.rename_thread(request, payload, user)


@router.delete("/project/thread")
async def delete_thread(
    request: Request, payload: DeleteThreadRequest, user: CurrentUser
) -> Response:
    await require_thread(signed_in(user), payload.threadId)
    return await chainlit_routes.delete_thread(request, payload, user)


@router.put("/project/thread/share")
async def share_thread(
    request: Request, payload: ShareThreadRequest, user: CurrentUser
) -> Response:
    if not sharing_on():
        raise HTTPException(status_code=404, detail="Thread sharing is off")
    await require_thread(signed_in(user), payload.threadId)
    return await chainlit_routes.share_thread(request, payload, user)


@router.get("/project/share/{thread_id}")
async def get_shared_thread(request: Request, thread_id: str, user: CurrentUser) -> Response:
    if not sharing_on():
        raise HTTPException(status_code=404, detail=THREAD_NOT_FOUND)
    return await chainlit_routes.get_shared_thread(request, thread_id, user)
