"""Reading lessons and their files: what the service shows without changing anything.

`LessonService` extends it; the split keeps each module about one kind of work.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from lessons.store.protocol import LessonStore
from lessons.store.records import Export, Lesson, Scene, SceneVersion, User
from lessons.view import LessonView, scene_view
from tools.media.webvtt import cue_starts
from tools.storage.protocol import FileStorage


class LessonReads:
    def __init__(self, store: LessonStore, files: FileStorage) -> None:
        self._store = store
        self._files = files

    async def view(self, user: User, lesson_id: str) -> LessonView:
        """The lesson's state (the `--json` shape)."""
        lesson = await self._store.get_lesson(user, lesson_id)
        scenes = []
        for state in await self._store.scene_states(user, lesson_id):
            live, scene = state.current, state.scene
            clip = await self.url(live.clip_key if live else None)
            scenes.append(scene_view(scene.n, scene.title, live, state.latest, clip))
        export = await self._store.latest_export(user, lesson_id)
        return LessonView(
            lesson=lesson.id,
            title=lesson.title,
            export=await self.url(export.video_key if export else None),
            scenes=scenes,
        )

    async def chapter_starts(self, user: User, lesson_id: str) -> list[float]:
        """Where each scene starts in the latest stitched lesson (seconds)."""
        export = await self._store.latest_export(user, lesson_id)
        if export is None:
            return []
        chapters = await self._files.local_path(export.chapters_key)
        return cue_starts(await asyncio.to_thread(chapters.read_text))

    # -- lessons, scenes and versions --------------------------------------------------------

    async def lesson(self, user: User, lesson_id: str) -> Lesson:
        """The user's lesson; NotFound for a missing one or another user's."""
        return await self._store.get_lesson(user, lesson_id)

    async def lessons(self, user: User) -> list[Lesson]:
        """The user's lessons, most recently updated first."""
        return await self._store.list_lessons(user)

    async def lessons_in_session(self, user: User, session_id: str) -> list[Lesson]:
        """The user's lessons made in one conversation, most recently updated first."""
        return await self._store.lessons_in_session(user, session_id)

    async def scene(self, user: User, lesson_id: str, n: int) -> Scene:
        return await self._store.scene(user, lesson_id, n)

    async def scene_count(self, user: User, lesson_id: str) -> int:
        return len(await self._store.scenes(user, lesson_id))

    async def live_version(self, user: User, lesson_id: str, n: int) -> SceneVersion | None:
        """The version whose clip is shown: pinned by a revert, else the latest ok one."""
        return await self._store.current_version(user, lesson_id, n)

    async def latest_version(self, user: User, lesson_id: str, n: int) -> SceneVersion | None:
        return await self._store.latest_version(user, lesson_id, n)

    async def versions(self, user: User, lesson_id: str, n: int) -> list[SceneVersion]:
        """Every version of the scene, oldest first."""
        return await self._store.versions(user, lesson_id, n)

    async def latest_export(self, user: User, lesson_id: str) -> Export | None:
        return await self._store.latest_export(user, lesson_id)

    # -- files -------------------------------------------------------------------------------

    async def url(self, key: str | None) -> str | None:
        """Where a client fetches a stored file (None for no file)."""
        return await self._files.url(key) if key else None

    async def local_file(self, key: str) -> Path:
        """A readable local copy of a stored file; FileNotFoundError when there is none."""
        return await self._files.local_path(key)

    async def has_file(self, key: str) -> bool:
        return await self._files.exists(key)

    async def put_file(self, key: str, source: Path, content_type: str) -> None:
        """Store a file the chat made (an uploaded element) under `key`."""
        await self._files.put(key, source, content_type)

    async def delete_file(self, key: str) -> None:
        await self._files.delete(key)
