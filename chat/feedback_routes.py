"""`PUT` / `DELETE /feedback` on one's own messages only.

Chainlit upserts feedback by id for any `forId` and deletes it by id, with no ownership check:
anyone could rate, overwrite or delete feedback on another user's messages. Here the message
(and any stored feedback the id names) must be in one of the caller's threads; otherwise 404.
"""

from __future__ import annotations

from typing import Annotated, Any

from chainlit import server as chainlit_routes
from chainlit.auth import get_current_user
from chainlit.config import config
from chainlit.types import DeleteFeedbackRequest, UpdateFeedbackRequest
from chainlit.user import PersistedUser, User
from fastapi import APIRouter, Depends, HTTPException, Request

from chat.ownership import feedback_step, owns_thread, step_thread

CurrentUser = Annotated[User | PersistedUser | None, Depends(get_current_user)]
router = APIRouter(prefix=config.run.root_path)


def _not_found() -> HTTPException:
    return HTTPException(status_code=404, detail="Message not found")


async def _owns_step(user: User | PersistedUser | None, step_id: str | None) -> bool:
    return (
        user is not None
        and bool(step_id)
        and await owns_thread(user.identifier, await step_thread(step_id or ""))
    )


@router.put("/feedback")
async def update_feedback(
    request: Request, update: UpdateFeedbackRequest, user: CurrentUser
) -> Any:
    feedback = update.feedback
    thread_id = await step_thread(feedback.forId)
    if not await _owns_step(user, feedback.forId) or feedback.threadId not in (None, thread_id):
        raise _not_found()
    stored_for = await feedback_step(feedback.id) if feedback.id else None
    if stored_for is not None and not await _owns_step(user, stored_for):
        raise _not_found()
    return await chainlit_routes.update_feedback(request, update, user)


@router.delete("/feedback")
async def delete_feedback(
    request: Request, payload: DeleteFeedbackRequest, user: CurrentUser
) -> Any:
    if not await _owns_step(user, await feedback_step(payload.feedbackId)):
        raise _not_found()
    return await chainlit_routes.delete_feedback(request, payload, user)
