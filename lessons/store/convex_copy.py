"""A Convex deployment seen whole (`Installation`), for `tutor store copy`: each lesson is
read by one query and written by one mutation (convex/copy.ts), so a copy never leaves a
lesson half-written."""

from __future__ import annotations

from lessons.store.convex_calls import ConvexCalls
from lessons.store.snapshot import LessonData, Snapshot, UserData


class ConvexInstallation:
    def __init__(self, calls: ConvexCalls) -> None:
        self._calls = calls

    async def dump(self) -> Snapshot:
        users = [UserData.model_validate(u) for u in await self._calls.query("copy:users")]
        lessons = [
            LessonData.model_validate(await self._calls.query("copy:lesson", lessonId=lesson_id))
            for lesson_id in await self._calls.query("copy:lessonIds")
        ]
        return Snapshot(users=users, lessons=lessons)

    async def load(self, snapshot: Snapshot) -> None:
        """Write the snapshot into this deployment, which must hold no users yet."""
        if await self._calls.query("users:list"):
            raise ValueError(f"the Convex deployment {self._calls.url} already holds users")
        for user in snapshot.users:
            await self._calls.mutation("copy:loadUser", **user.model_dump(mode="json"))
        for lesson in snapshot.lessons:
            await self._calls.mutation("copy:loadLesson", lesson=lesson.model_dump(mode="json"))
