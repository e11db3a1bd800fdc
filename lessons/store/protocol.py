"""The store's interface. SQLite implements it by default; other back ends plug in behind it.

Every method that touches a lesson takes the acting user and raises `NotFound` for another
user's data exactly as for missing data, so nothing leaks whether it exists.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from lessons.store.api_protocol import ApiStore
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


class NotFound(LookupError):
    """No such record for this user (it may not exist, or belong to someone else)."""


class StoreError(RuntimeError):
    """The store's back end refused or failed a call (unreachable, misconfigured, a bug there)."""


class InvalidTransition(ValueError):
    """A version's status moves pending → rendering → ok | failed (or pending → ok | failed);
    rendering → pending re-queues a render a crash interrupted."""


class AccountStore(Protocol):
    """Users and logins: what the chat app's login and `tutor users` need."""

    async def ensure_user(self, name: str) -> User:
        """The user with this name, created on first use."""
        ...

    async def get_user(self, name: str) -> User | None: ...

    async def list_users(self) -> list[User]:
        """Every user, by name."""
        ...

    async def set_password(self, name: str, password: str) -> User:
        """Set the user's password (creating the user if missing); raises ValueError if empty."""
        ...

    async def has_password_logins(self) -> bool:
        """True once any user has a password."""
        ...

    async def check_password(self, name: str, password: str) -> User | None:
        """The user if `password` is theirs; None for a wrong password, no password or no user."""
        ...

    async def open_login_session(self, user: User, lifetime_s: float) -> str:
        """Start a login session for the user, live for `lifetime_s`; returns its id, which
        goes into the login token (a store keeps only a hash of it)."""
        ...

    async def login_session_user(self, session_id: str) -> User | None:
        """The user of a live login session; None if unknown, ended or expired."""
        ...

    async def end_login_session(self, session_id: str) -> bool:
        """End one login session (a logout); False if it was not live."""
        ...

    async def end_login_sessions(self, name: str) -> int:
        """End every login session of the user named `name`; how many were live."""
        ...


class LessonStore(AccountStore, ApiStore, Protocol):
    """Everything kept: users and logins, and every user's projects, lessons and scenes."""

    def close(self) -> None: ...

    async def default_project(self, user: User) -> Project:
        """The user's default project, created on first use."""
        ...

    async def create_lesson(
        self,
        user: User,
        title: str,
        prompt: str,
        session_id: str,
        quality: QualityName,
        scenes: list[SceneDraft],
    ) -> Lesson: ...

    async def get_lesson(self, user: User, lesson_id: str) -> Lesson: ...

    async def list_lessons(self, user: User) -> list[Lesson]:
        """The user's lessons, most recently updated first."""
        ...

    async def lessons_in_session(self, user: User, session_id: str) -> list[Lesson]:
        """The user's lessons made in one conversation, most recently updated first."""
        ...

    async def scenes(self, user: User, lesson_id: str) -> list[Scene]:
        """The lesson's scenes in order."""
        ...

    async def scene(self, user: User, lesson_id: str, n: int) -> Scene: ...

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
        ...

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
        (`clip` and the layout audit's warnings, `layout`, for ok; `error` for failed) and which
        render worker gave it (`rendered_by`, "host:pid"; None for an in-process render)."""
        ...

    async def versions(self, user: User, lesson_id: str, n: int) -> list[SceneVersion]:
        """Every version of the scene, oldest first."""
        ...

    async def current_version(self, user: User, lesson_id: str, n: int) -> SceneVersion | None:
        """The live version: the pinned one if a revert pinned it, else the latest ok one."""
        ...

    async def latest_version(self, user: User, lesson_id: str, n: int) -> SceneVersion | None: ...

    async def scene_states(self, user: User, lesson_id: str) -> list[SceneState]:
        """Every scene in order with its current and latest versions, read at once (one
        call instead of two per scene: a remote store answers views and stitches faster)."""
        ...

    async def stale_versions(self, user: User, lesson_id: str) -> list[tuple[int, SceneVersion]]:
        """(scene n, version) for each scene whose newest version a crash left unrendered."""
        ...

    async def pin_version(self, user: User, lesson_id: str, n: int, number: int | None) -> Scene:
        """Make an ok version live (revert); None unpins. Raises NotFound for a non-ok number."""
        ...

    async def add_export(self, user: User, lesson_id: str, export: ExportFiles) -> Export:
        """Record a stitched video as the lesson's next export (numbered 1, 2, 3…)."""
        ...

    async def latest_export(self, user: User, lesson_id: str) -> Export | None: ...

    async def touch_lesson(self, user: User, lesson_id: str, title: str | None = None) -> Lesson:
        """Bump updated_at (and optionally rename)."""
        ...

    # Share links. A token is made by the caller (unguessable); the store keeps it.

    async def create_share(
        self, user: User, lesson_id: str, token: str, expires_at: datetime | None
    ) -> Share:
        """Record a new link to the user's lesson (live until revoked, or until `expires_at`)."""
        ...

    async def find_share(self, token: str) -> SharedLesson | None:
        """The lesson a live link opens, with its owner; None if unknown, revoked or expired.

        The one lesson read without an acting user: the token is the permission."""
        ...

    async def active_share(self, user: User, lesson_id: str) -> Share | None:
        """The lesson's newest live link, if any."""
        ...

    async def revoke_shares(self, user: User, lesson_id: str) -> int:
        """Revoke every live link of the lesson; how many there were."""
        ...
