"""The model's tools for share links: publish the lesson for a class, and take it back."""

from __future__ import annotations

from agent.durations import parse_duration
from agent.lesson_tools import Ctx, answer, current_lesson, function_tool
from agent.tool_results import Published, Unshared


@function_tool
async def upload(ctx: Ctx, expires_in: str | None = None) -> str:
    """Publish the lesson so learners can watch it without a login, and get its share link.

    Use it when the user wants to share the lesson (with a class, students, a colleague). It
    stitches the lesson if needed and answers with `url`: give that link to the user exactly as
    it is. Pass `expires_in` only when the user asks for the link to stop working after a time
    ("30m", "12h", "7d"); without it the link works until stop_sharing.
    """
    turn = ctx.context

    async def work() -> Published:
        lesson_id = current_lesson(ctx)
        duration = None if expires_in is None else parse_duration(expires_in)
        link = await turn.service.share(turn.user, lesson_id, duration, turn.listener)
        # The stitched lesson and its captions go to storage as they are made; say if some wait.
        mine = f"u/{turn.user.id}/l/{lesson_id}/"
        waiting = [key for key in await turn.service.finish_uploads(5.0) if key.startswith(mine)]
        return Published(
            uploads_pending=len(waiting),
            url=turn.share_url(link.token),
            title=link.title,
            expires_at=link.expires_at,
            new_link=not link.reused,
        )

    return await answer(work)


@function_tool
async def stop_sharing(ctx: Ctx) -> str:
    """Stop sharing the lesson: every share link of it stops working at once."""
    turn = ctx.context

    async def work() -> Unshared:
        return Unshared(revoked=await turn.service.unshare(turn.user, current_lesson(ctx)))

    return await answer(work)


SHARE_TOOLS = [upload, stop_sharing]
