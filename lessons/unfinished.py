"""What a lesson was left without: scenes a crash left unrendered ("pending" or "rendering"),
scenes that never got code, and scenes whose newest render could not run at all (kind
`environment`: the render queue's Redis down, no worker, no sandbox). No change of code helps
those; once rendering works again they are rendered again, each as a new version of the same
code, so the failed attempt stays on record."""

from __future__ import annotations

from dataclasses import dataclass, field

from lessons.store.protocol import LessonStore
from lessons.store.records import SceneVersion, User


@dataclass(frozen=True)
class Unfinished:
    """Scenes to render again (interrupted, or blocked by the renderer), scenes without code."""

    interrupted: list[int] = field(default_factory=list[int])
    missing: list[int] = field(default_factory=list[int])
    blocked: list[int] = field(default_factory=list[int])  # their render could not run

    @property
    def scenes(self) -> list[int]:
        return sorted({*self.interrupted, *self.missing, *self.blocked})

    @property
    def to_render(self) -> list[int]:
        """Scenes with code whose newest version still needs a render."""
        return sorted({*self.interrupted, *self.blocked})

    def __bool__(self) -> bool:
        return bool(self.interrupted or self.missing or self.blocked)


def could_not_run(version: SceneVersion | None) -> bool:
    """Whether this version failed because rendering could not run (not because of its code)."""
    return (
        version is not None
        and version.status == "failed"
        and version.error is not None
        and version.error.kind == "environment"
    )


async def find_unfinished(store: LessonStore, user: User, lesson_id: str) -> Unfinished:
    interrupted = [n for n, _ in await store.stale_versions(user, lesson_id)]
    missing: list[int] = []
    blocked: list[int] = []
    for scene in await store.scenes(user, lesson_id):
        latest = await store.latest_version(user, lesson_id, scene.n)
        if latest is None:
            missing.append(scene.n)
        elif could_not_run(latest):
            blocked.append(scene.n)
    return Unfinished(interrupted, missing, blocked)


async def requeue_blocked(
    store: LessonStore, user: User, lesson_id: str, numbers: list[int]
) -> None:
    """A new pending version, with the same code, of each of these scenes whose newest render
    could not run (the others are left as they are)."""
    for n in numbers:
        latest = await store.latest_version(user, lesson_id, n)
        if latest is not None and could_not_run(latest):
            note = f"retry of version {latest.number}: rendering could not run then"
            await store.add_version(
                user, lesson_id, n, latest.code, note, narration=latest.narration
            )
