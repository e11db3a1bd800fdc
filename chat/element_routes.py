"""`PUT` / `DELETE /project/element` for one's own elements only.

Chainlit checks that the socket session is the caller's, never that the element or its thread
is, and its SQL layer deletes by id alone and upserts on conflict: anyone holding a clip's
element id could delete or replace it. Here the payload's thread must be the session's thread
and the caller's, and a stored element with that id must live in that thread; any refusal is the
same 404 as a missing element.
"""

from __future__ import annotations

from typing import Annotated, Any

from chainlit import server as chainlit_routes
from chainlit.auth import get_current_user
from chainlit.config import config
from chainlit.session import WebsocketSession
from chainlit.types import ElementRequest
from chainlit.user import PersistedUser, User
from fastapi import APIRouter, Depends, HTTPException

from chat.ownership import element_thread, thread_owner

CurrentUser = Annotated[User | PersistedUser | None, Depends(get_current_user)]
router = APIRouter(prefix=config.run.root_path)
ELEMENT_NOT_FOUND = "Element not found"


async def require_own_element(
    payload: ElementRequest, user: User | PersistedUser | None, *, new_ok: bool
) -> None:
    """404 unless the caller's own session, thread and (stored) element are named."""
    session = WebsocketSession.get_by_id(payload.sessionId)
    element: dict[str, Any] = payload.element
    element_id, thread_id = element.get("id"), element.get("threadId")
    if (
        user is None
        or session is None
        or session.user is None
        or session.user.identifier != user.identifier
        or not isinstance(element_id, str)
        or not isinstance(thread_id, str)
        or thread_id != session.thread_id
        or (await thread_owner(thread_id)) not in (None, user.identifier)
    ):
        raise HTTPException(status_code=404, detail=ELEMENT_NOT_FOUND)
    stored_in = await element_thread(element_id)
    if stored_in != thread_id and not (new_ok and stored_in is None):
        raise HTTPException(status_code=404, detail=ELEMENT_NOT_FOUND)


@router.put("/project/element")
async def update_thread_element(payload: ElementRequest, user: CurrentUser) -> Any:
    await require_own_element(payload, user, new_ok=True)
    return await chainlit_routes.update_thread_element(payload, user)


@router.delete("/project/element")
async def delete_thread_element(payload: ElementRequest, user: CurrentUser) -> Any:
    await require_own_element(payload, user, new_ok=False)
    return await chainlit_routes.delete_thread_element(payload, user)
