"""Share links: a lesson published for learners who have no login, and taken back.

A link names the lesson, not a video: whoever opens it sees the lesson's latest stitched
export at that moment, so a teacher's later edit reaches the class through the same link.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from lessons.assembly import LessonAssembler
from lessons.progress import ProgressListener, ignore_progress
from lessons.results import PublicLesson, ShareLink
from lessons.store.protocol import LessonStore
from lessons.store.records import Share, User

TOKEN_BYTES = 24  # 32 URL-safe characters: unguessable, and short enough for a link


def _link(share: Share, title: str, reused: bool) -> ShareLink:
    return ShareLink(
        token=share.token,
        lesson=share.lesson_id,
        title=title,
        expires_at=share.expires_at,
        reused=reused,
    )


class LessonSharing:
    def __init__(self, store: LessonStore, assembler: LessonAssembler) -> None:
        self._store = store
        self._assembler = assembler

    async def share(
        self,
        user: User,
        lesson_id: str,
        expires_in: timedelta | None = None,
        listener: ProgressListener = ignore_progress,
    ) -> ShareLink:
        """A link to the user's lesson, stitching it first if it never was.

        Without an expiry, the lesson's live link that never expires is handed out again (one
        link per class, not one per click); with one, a new link that stops at that time.
        """
        if expires_in is not None and expires_in <= timedelta(0):
            raise ValueError("A share link must last some time: give a positive duration.")
        lesson = await self._store.get_lesson(user, lesson_id)
        if await self._store.latest_export(user, lesson_id) is None:
            await self._assembler.assemble(user, lesson_id, listener)
        active = await self._store.active_share(user, lesson_id)
        if expires_in is None and active is not None and active.expires_at is None:
            return _link(active, lesson.title, reused=True)
        expires_at = None if expires_in is None else datetime.now(UTC) + expires_in
        token = secrets.token_urlsafe(TOKEN_BYTES)
        share = await self._store.create_share(user, lesson_id, token, expires_at)
        return _link(share, lesson.title, reused=False)

    async def unshare(self, user: User, lesson_id: str) -> int:
        """Revoke every live link of the user's lesson; how many there were."""
        return await self._store.revoke_shares(user, lesson_id)

    async def active(self, user: User, lesson_id: str) -> ShareLink | None:
        """The lesson's newest live link, if any."""
        share = await self._store.active_share(user, lesson_id)
        if share is None:
            return None
        return _link(share, (await self._store.get_lesson(user, lesson_id)).title, reused=True)

    async def shared_lesson(self, token: str) -> PublicLesson | None:
        """What a link shows now; None for an unknown, revoked or expired token."""
        found = await self._store.find_share(token)
        if found is None:
            return None
        export = await self._store.latest_export(found.owner, found.lesson.id)
        if export is None:
            return None
        return PublicLesson(
            title=found.lesson.title,
            video_key=export.video_key,
            chapters_key=export.chapters_key,
            subtitles_key=export.subtitles_key,
            duration_s=export.duration_s,
        )
