"""Undo: pin an earlier good version of a scene as its live one."""

from __future__ import annotations

from lessons.progress import ProgressListener, SceneProgress
from lessons.store.protocol import LessonStore, NotFound
from lessons.store.records import SceneVersion, User
from tools.storage.protocol import FileStorage


async def pin_earlier(
    store: LessonStore,
    files: FileStorage,
    user: User,
    lesson_id: str,
    n: int,
    number: int | None,
    listener: ProgressListener,
) -> SceneVersion:
    """Make version `number` of scene `n` live (None: the good one before the live one), and
    announce its clip as the scene's. The caller re-stitches the lesson."""
    live = await store.current_version(user, lesson_id, n)
    if number is None:
        older = [
            v
            for v in await store.versions(user, lesson_id, n)
            if v.status == "ok" and live is not None and v.number < live.number
        ]
        if not older:
            raise NotFound(f"Scene {n} has no earlier rendered version to go back to.")
        number = older[-1].number
    scene = await store.pin_version(user, lesson_id, n, number)
    reverted = await store.current_version(user, lesson_id, n)
    assert reverted is not None  # pin_version accepts ok versions only
    clip = await files.url(reverted.clip_key) if reverted.clip_key else None
    poster = await files.url(reverted.poster_key) if reverted.poster_key else None
    listener(
        SceneProgress(
            lesson_id,
            n,
            scene.title,
            "done",
            reverted.number,
            clip,
            poster,
            clip_key=reverted.clip_key,
            poster_key=reverted.poster_key,
            layout=tuple(reverted.layout),
        )
    )
    return reverted
