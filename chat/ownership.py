"""Who owns a row of Chainlit's tables (threads, elements, steps, feedback), for the route guards.

Every guard answers the same 404 for "missing" and "someone else's", so an id reveals nothing.
"""

from __future__ import annotations

from typing import Any

from chainlit.data import get_data_layer
from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from fastapi import HTTPException

THREAD_NOT_FOUND = "Thread not found"


def chat_tables() -> SQLAlchemyDataLayer:
    layer = get_data_layer()
    if not isinstance(layer, SQLAlchemyDataLayer):
        raise HTTPException(status_code=400, detail="Data persistence is not enabled")
    return layer


async def _one(query: str, **parameters: Any) -> dict[str, Any] | None:
    rows = await chat_tables().execute_sql(query, parameters)
    return rows[0] if isinstance(rows, list) and rows else None


async def thread_owner(thread_id: str) -> str | None:
    """The identifier of the thread's author, or None when there is no such thread."""
    row = await _one('SELECT "userIdentifier" FROM threads WHERE "id" = :id', id=thread_id)
    return row["userIdentifier"] if row else None


async def element_thread(element_id: str) -> str | None:
    """The thread a stored element belongs to, or None when no element has that id."""
    row = await _one('SELECT "threadId" FROM elements WHERE "id" = :id', id=element_id)
    return row["threadId"] if row else None


async def step_thread(step_id: str) -> str | None:
    """The thread a stored step (message) belongs to, or None."""
    row = await _one('SELECT "threadId" FROM steps WHERE "id" = :id', id=step_id)
    return row["threadId"] if row else None


async def feedback_step(feedback_id: str) -> str | None:
    """The step a stored feedback is about, or None when there is no such feedback."""
    row = await _one('SELECT "forId" FROM feedbacks WHERE "id" = :id', id=feedback_id)
    return row["forId"] if row else None


async def owns_thread(user: str, thread_id: str | None) -> bool:
    return bool(thread_id) and await thread_owner(thread_id or "") == user


async def require_thread(user: str, thread_id: str) -> None:
    """404 unless `user` wrote this thread: the same answer for missing and for another's."""
    if not await owns_thread(user, thread_id):
        raise HTTPException(status_code=404, detail=THREAD_NOT_FOUND)
