"""`LessonStore` on Convex: users, logins, lessons, scenes, versions, exports and share links
kept by our functions in convex/, called as our server (with the server secret).

The functions do the scoping (another user's lesson is `NotFound`, the same message as a
missing one) and allocate version and export numbers inside one mutation. Passwords are
hashed here, as in the SQLite store, and login sessions are kept by a hash of their id.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from lessons.store import convex_records as rec
from lessons.store.convex_api import ConvexApi
from lessons.store.convex_calls import ConvexCalls, Transport
from lessons.store.login_sessions import id_hash, new_session_id
from lessons.store.passwords import hash_password, verify_stored
from lessons.store.protocol import InvalidTransition
from lessons.store.records import (
    ClipFiles,
    Export,
    ExportFiles,
    Lesson,
    Narration,
    Project,
    Scene,
    SceneDraft,
    SceneState,
    SceneVersion,
    Share,
    SharedLesson,
    User,
    VersionStatus,
)
from tools.media.quality import QualityName
from tools.render.layout import LayoutItem
from tools.render.result import RenderError

# Session ids and share tokens are ~43 characters; anything much longer is not one of ours.
_MAX_ID_CHARS = 128


class ConvexLessonStore(ConvexApi):
    """`LessonStore` on a Convex deployment (`CONVEX_URL`, `TUTOR_CONVEX_SECRET`)."""

    def __init__(self, calls: ConvexCalls) -> None:
        self._calls = calls
        self.url = calls.url

    @classmethod
    def open(cls, url: str, secret: str, transport: Transport = "http") -> ConvexLessonStore:
        if not secret:
            raise ValueError("the Convex store needs the server secret (TUTOR_CONVEX_SECRET)")
        return cls(ConvexCalls(url, secret, transport=transport))

    def close(self) -> None:
        """Nothing to release: the client closes its connection when it is collected."""

    # Users and projects

    async def ensure_user(self, name: str) -> User:
        """The user with this name, created on first use."""
        if not name.strip():
            raise ValueError("a user name must not be blank")
        return rec.user(await self._calls.mutation("users:ensure", name=name))

    async def get_user(self, name: str) -> User | None:
        return rec.maybe(User, await self._calls.query("users:get", name=name))

    async def list_users(self) -> list[User]:
        """Every user, by name."""
        return rec.records(User, await self._calls.query("users:list"))

    async def default_project(self, user: User) -> Project:
        """The user's default project, created on first use."""
        return rec.record(
            Project, await self._calls.mutation("users:defaultProject", userId=user.id)
        )

    # Logins

    async def set_password(self, name: str, password: str) -> User:
        """Set the user's password (creating the user if missing); the old one stops working."""
        if not name.strip():
            raise ValueError("a user name must not be blank")
        password_hash = await asyncio.to_thread(hash_password, password)
        found = await self._calls.mutation(
            "users:setPasswordHash", name=name, passwordHash=password_hash
        )
        return rec.user(found)

    async def has_password_logins(self) -> bool:
        """True once any user has a password."""
        return bool(await self._calls.query("users:hasPasswordLogins"))

    async def check_password(self, name: str, password: str) -> User | None:
        """The user if `password` is theirs; None for a wrong password, no password or no user."""
        found = await self._calls.query("users:withHash", name=name)
        stored: str | None = None if found is None else found["password_hash"]
        matches = await asyncio.to_thread(verify_stored, password, stored)
        return rec.user(found["user"]) if found is not None and matches else None

    async def open_login_session(self, user: User, lifetime_s: float) -> str:
        """Start a login session for the user, live for `lifetime_s`; returns its id."""
        session_id = new_session_id()
        await self._calls.mutation(
            "users:openSession", userId=user.id, idHash=id_hash(session_id), lifetimeS=lifetime_s
        )
        return session_id

    async def login_session_user(self, session_id: str) -> User | None:
        """The user of a live login session; None if unknown, ended or expired."""
        if not session_id or len(session_id) > _MAX_ID_CHARS:
            return None
        return rec.maybe(
            User, await self._calls.query("users:sessionUser", idHash=id_hash(session_id))
        )

    async def end_login_session(self, session_id: str) -> bool:
        """End one login session (a logout); False if it was not live."""
        return bool(await self._calls.mutation("users:endSession", idHash=id_hash(session_id)))

    async def end_login_sessions(self, name: str) -> int:
        """End every login session of the user; how many were live."""
        return int(await self._calls.mutation("users:endUserSessions", name=name))

    # Lessons

    async def create_lesson(
        self,
        user: User,
        title: str,
        prompt: str,
        session_id: str,
        quality: QualityName,
        scenes: list[SceneDraft],
    ) -> Lesson:
        """A new lesson in the user's default project, with scenes numbered 1, 2, 3…"""
        found = await self._calls.mutation(
            "lessons:create",
            userId=user.id,
            title=title,
            prompt=prompt,
            sessionId=session_id,
            quality=quality,
            scenes=[d.model_dump() for d in scenes],
        )
        return rec.record(Lesson, found)

    async def get_lesson(self, user: User, lesson_id: str) -> Lesson:
        return rec.record(
            Lesson, await self._calls.query("lessons:get", userId=user.id, lessonId=lesson_id)
        )

    async def list_lessons(self, user: User) -> list[Lesson]:
        """The user's lessons, most recently updated first."""
        found = await self._calls.query("lessons:list", userId=user.id, sessionId=None)
        return rec.records(Lesson, found)

    async def lessons_in_session(self, user: User, session_id: str) -> list[Lesson]:
        """The user's lessons made in one conversation, most recently updated first."""
        found = await self._calls.query("lessons:list", userId=user.id, sessionId=session_id)
        return rec.records(Lesson, found)

    async def touch_lesson(self, user: User, lesson_id: str, title: str | None = None) -> Lesson:
        """Bump updated_at (and optionally rename)."""
        found = await self._calls.mutation(
            "lessons:touch", userId=user.id, lessonId=lesson_id, title=title
        )
        return rec.record(Lesson, found)

    # Scenes and versions

    async def scenes(self, user: User, lesson_id: str) -> list[Scene]:
        """The lesson's scenes in order."""
        found = await self._calls.query("scenes:list", userId=user.id, lessonId=lesson_id)
        return rec.records(Scene, found)

    async def scene(self, user: User, lesson_id: str, n: int) -> Scene:
        found = await self._calls.query("scenes:get", userId=user.id, lessonId=lesson_id, n=n)
        return rec.record(Scene, found)

    async def add_version(
        self,
        user: User,
        lesson_id: str,
        n: int,
        code: str,
        note: str,
        narration: Narration | None = None,
    ) -> SceneVersion:
        """A new pending version numbered one past the scene's highest; parent = current.
        `narration`: what its clip will say (kept as given)."""
        found = await self._calls.mutation(
            "scenes:addVersion",
            userId=user.id,
            lessonId=lesson_id,
            n=n,
            code=code,
            note=note,
            narration=None if narration is None else narration.model_dump(),
        )
        return rec.record(SceneVersion, found)

    async def set_status(
        self,
        user: User,
        version_id: str,
        status: VersionStatus,
        *,
        clip: ClipFiles | None = None,
        error: RenderError | None = None,
        rendered_by: str | None = None,
        layout: list[LayoutItem] | None = None,
    ) -> SceneVersion:
        """Move a version along pending → rendering → ok | failed, recording what it gave
        and which render worker gave it."""
        if status == "ok" and clip is None:
            raise InvalidTransition("a version can become ok only with its clip")
        found = await self._calls.mutation(
            "scenes:setStatus",
            userId=user.id,
            versionId=version_id,
            status=status,
            clip=None if clip is None else clip.model_dump(),
            error=None if error is None else error.model_dump(),
            renderedBy=rendered_by,
            layout=[item.model_dump() for item in layout or []],
        )
        return rec.record(SceneVersion, found)

    async def versions(self, user: User, lesson_id: str, n: int) -> list[SceneVersion]:
        """Every version of the scene, oldest first."""
        found = await self._calls.query("scenes:versions", userId=user.id, lessonId=lesson_id, n=n)
        return rec.records(SceneVersion, found)

    async def current_version(self, user: User, lesson_id: str, n: int) -> SceneVersion | None:
        """The live version: the pinned one if a revert pinned it, else the latest ok one."""
        found = await self._calls.query("scenes:current", userId=user.id, lessonId=lesson_id, n=n)
        return rec.maybe(SceneVersion, found)

    async def latest_version(self, user: User, lesson_id: str, n: int) -> SceneVersion | None:
        """The scene's newest version, whatever its status."""
        found = await self._calls.query("scenes:latest", userId=user.id, lessonId=lesson_id, n=n)
        return rec.maybe(SceneVersion, found)

    async def scene_states(self, user: User, lesson_id: str) -> list[SceneState]:
        found = await self._calls.query("scenes:states", userId=user.id, lessonId=lesson_id)
        return [
            SceneState(
                scene=rec.record(Scene, state["scene"]),
                current=rec.maybe(SceneVersion, state["current"]),
                latest=rec.maybe(SceneVersion, state["latest"]),
            )
            for state in found
        ]

    async def pin_version(self, user: User, lesson_id: str, n: int, number: int | None) -> Scene:
        """Make an ok version live (revert); None unpins. Raises NotFound for a non-ok number."""
        found = await self._calls.mutation(
            "scenes:pin", userId=user.id, lessonId=lesson_id, n=n, number=number
        )
        return rec.record(Scene, found)

    async def stale_versions(self, user: User, lesson_id: str) -> list[tuple[int, SceneVersion]]:
        """(scene n, version) for each scene whose newest version never finished rendering."""
        found = await self._calls.query("scenes:stale", userId=user.id, lessonId=lesson_id)
        return [(int(f["n"]), rec.record(SceneVersion, f["version"])) for f in found]

    # Exports

    async def add_export(self, user: User, lesson_id: str, export: ExportFiles) -> Export:
        """Record a stitched video as the lesson's next export (numbered 1, 2, 3…)."""
        found = await self._calls.mutation(
            "lessons:addExport", userId=user.id, lessonId=lesson_id, files=export.model_dump()
        )
        return rec.record(Export, found)

    async def latest_export(self, user: User, lesson_id: str) -> Export | None:
        found = await self._calls.query("lessons:latestExport", userId=user.id, lessonId=lesson_id)
        return rec.maybe(Export, found)

    # Share links

    async def create_share(
        self, user: User, lesson_id: str, token: str, expires_at: datetime | None
    ) -> Share:
        """Record a new link to the user's lesson (live until revoked, or until `expires_at`)."""
        found = await self._calls.mutation(
            "shares:create",
            userId=user.id,
            lessonId=lesson_id,
            token=token,
            expiresAt=None if expires_at is None else rec.to_ms(expires_at),
        )
        return rec.record(Share, found)

    async def find_share(self, token: str) -> SharedLesson | None:
        """The lesson a live link opens, with its owner; None if unknown, revoked or expired."""
        if not token or len(token) > _MAX_ID_CHARS:
            return None
        found = await self._calls.query("shares:find", token=token)
        if found is None:
            return None
        return SharedLesson(
            owner=rec.user(found["owner"]),
            lesson=rec.record(Lesson, found["lesson"]),
            share=rec.record(Share, found["share"]),
        )

    async def active_share(self, user: User, lesson_id: str) -> Share | None:
        """The lesson's newest live link, if any."""
        found = await self._calls.query("shares:active", userId=user.id, lessonId=lesson_id)
        return rec.maybe(Share, found)

    async def revoke_shares(self, user: User, lesson_id: str) -> int:
        """Revoke every live link of the lesson; how many there were."""
        return int(await self._calls.mutation("shares:revoke", userId=user.id, lessonId=lesson_id))
