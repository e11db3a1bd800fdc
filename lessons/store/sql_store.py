"""The lesson store's methods over SQL, shared by SQLite (`SqliteLessonStore`) and PostgreSQL
(`PostgresLessonStore`): each call is one short transaction of `sqlite_queries` queries, run by
the subclass's `_tx` on a worker thread (write=True takes the database's write lock first).
"""

from __future__ import annotations

import asyncio

from lessons.store import login_sessions as sessions
from lessons.store import sqlite_queries as q
from lessons.store import sqlite_rows as rows
from lessons.store.passwords import hash_password, verify_stored
from lessons.store.protocol import InvalidTransition, NotFound
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
    User,
    VersionStatus,
)
from lessons.store.sql import Conn, Row
from lessons.store.sql_api import SqlApi
from lessons.store.sqlite_rows import LESSON_COLS, SCENE_COLS, VERSION_COLS
from lessons.store.sqlite_shares import SqliteShares
from tools.media.quality import QualityName
from tools.render.layout import LayoutItem
from tools.render.result import RenderError

_NEXT: dict[VersionStatus, frozenset[VersionStatus]] = {
    "pending": frozenset({"rendering", "ok", "failed"}),
    "rendering": frozenset({"ok", "failed", "pending"}),  # pending: a restart re-queues it
    "ok": frozenset(),
    "failed": frozenset(),
}


class SqlLessonStore(SqliteShares, SqlApi):
    """`LessonStore` and `AccountStore` over a SQL database; subclasses provide `_tx`."""

    # Users and projects

    async def ensure_user(self, name: str) -> User:
        """The user with this name, created on first use."""
        if not name.strip():
            raise ValueError("a user name must not be blank")
        return await self._tx(lambda c: q.ensure_user(c, name), write=True)

    async def get_user(self, name: str) -> User | None:
        sql = f"SELECT {rows.USER_COLS} FROM users u WHERE u.name = ?"
        row = await self._tx(lambda c: q.one(c, sql, name))
        return None if row is None else rows.to_user(row)

    async def list_users(self) -> list[User]:
        """Every user, by name."""
        sql = f"SELECT {rows.USER_COLS} FROM users u ORDER BY u.name"
        return [rows.to_user(r) for r in await self._tx(lambda c: c.execute(sql).fetchall())]

    async def default_project(self, user: User) -> Project:
        """The user's default project, created on first use."""
        return await self._tx(lambda c: q.default_project(c, user), write=True)

    # Logins

    async def set_password(self, name: str, password: str) -> User:
        """Set the user's password (creating the user if missing); the old one stops working."""
        if not name.strip():
            raise ValueError("a user name must not be blank")
        # scrypt takes tens of milliseconds: hash on a thread, before taking the write lock.
        password_hash = await asyncio.to_thread(hash_password, password)
        return await self._tx(lambda c: q.set_password_hash(c, name, password_hash), write=True)

    async def has_password_logins(self) -> bool:
        """True once any user has a password (start-up then creates no default admin)."""
        found = await self._tx(lambda c: q.one(c, "SELECT 1 FROM credentials LIMIT 1"))
        return found is not None

    async def check_password(self, name: str, password: str) -> User | None:
        """The user if `password` is theirs; None for a wrong password, no password or no user."""
        row = await self._tx(lambda c: q.user_with_hash(c, name))
        stored: str | None = None if row is None else row["password_hash"]
        matches = await asyncio.to_thread(verify_stored, password, stored)
        return rows.to_user(row) if row is not None and matches else None

    # Login sessions

    async def open_login_session(self, user: User, lifetime_s: float) -> str:
        """Start a login session for the user, live for `lifetime_s`; returns its id.

        The id goes into the login token; only its hash is stored.
        """
        session_id = sessions.new_session_id()
        await self._tx(lambda c: sessions.open_session(c, user, session_id, lifetime_s), write=True)
        return session_id

    async def login_session_user(self, session_id: str) -> User | None:
        """The user of a live login session; None if unknown, ended or expired."""
        row = await self._tx(lambda c: sessions.session_user(c, session_id))
        return None if row is None else rows.to_user(row)

    async def end_login_session(self, session_id: str) -> bool:
        """End one login session (a logout); False if it was not live."""
        return await self._tx(lambda c: sessions.end_session(c, session_id), write=True)

    async def end_login_sessions(self, name: str) -> int:
        """End every login session of the user (password change, forced logout); how many."""
        return await self._tx(lambda c: sessions.end_user_sessions(c, name), write=True)

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
        row = await self._tx(
            lambda c: q.create_lesson(c, user, title, prompt, session_id, quality, scenes),
            write=True,
        )
        return rows.to_lesson(row)

    async def get_lesson(self, user: User, lesson_id: str) -> Lesson:
        return rows.to_lesson(await self._tx(lambda c: q.owned_lesson(c, user, lesson_id)))

    async def list_lessons(self, user: User) -> list[Lesson]:
        """The user's lessons, most recently updated first."""
        return await self._lessons("l.owner_id = ?", user.id)

    async def lessons_in_session(self, user: User, session_id: str) -> list[Lesson]:
        """The user's lessons made in one conversation, most recently updated first."""
        return await self._lessons("l.owner_id = ? AND l.session_id = ?", user.id, session_id)

    async def _lessons(self, where: str, *args: object) -> list[Lesson]:
        sql = f"SELECT {LESSON_COLS} FROM lessons l WHERE {where} ORDER BY l.updated_seq DESC"
        found = await self._tx(lambda c: c.execute(sql, args).fetchall())
        return [rows.to_lesson(r) for r in found]

    async def touch_lesson(self, user: User, lesson_id: str, title: str | None = None) -> Lesson:
        """Bump updated_at (and optionally rename)."""

        def touch(c: Conn) -> Lesson:
            q.owned_lesson(c, user, lesson_id)
            c.execute(
                "UPDATE lessons SET updated_at = ?, updated_seq = ?, title = COALESCE(?, title)"
                " WHERE id = ?",
                (rows.now(), q.next_seq(c), title, lesson_id),
            )
            return rows.to_lesson(q.owned_lesson(c, user, lesson_id))

        return await self._tx(touch, write=True)

    # Scenes and versions

    async def scenes(self, user: User, lesson_id: str) -> list[Scene]:
        """The lesson's scenes in order."""

        def scenes(c: Conn) -> list[Row]:
            q.owned_lesson(c, user, lesson_id)
            sql = f"SELECT {SCENE_COLS} FROM scenes s WHERE s.lesson_id = ? ORDER BY s.n"
            return c.execute(sql, (lesson_id,)).fetchall()

        return [rows.to_scene(r) for r in await self._tx(scenes)]

    async def scene(self, user: User, lesson_id: str, n: int) -> Scene:
        return rows.to_scene(await self._tx(lambda c: q.owned_scene(c, user, lesson_id, n)))

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
        row = await self._tx(
            lambda c: q.add_version(c, user, lesson_id, n, code, note, narration), write=True
        )
        return rows.to_version(row)

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
        error_json = None if error is None else error.model_dump_json()
        layout_json = rows.layout_json(layout or [])
        files = (
            (None, None, None)
            if clip is None
            else (clip.clip_key, clip.poster_key, clip.duration_s)
        )

        def update(c: Conn) -> SceneVersion:
            version = q.owned_version(c, user, version_id)
            old: VersionStatus = version["status"]
            if status not in _NEXT[old]:
                raise InvalidTransition(f"version {version_id!r} cannot go from {old} to {status}")
            c.execute(
                "UPDATE scene_versions SET status = ?, clip_key = ?, poster_key = ?,"
                " duration_s = ?, error = ?, rendered_by = ?, layout = ? WHERE id = ?",
                (status, *files, error_json, rendered_by, layout_json, version_id),
            )
            if status == "ok":
                # A newer good render supersedes a revert; a failed one never changes what's live.
                c.execute(
                    "UPDATE scenes SET pinned_version = NULL WHERE id = ? AND pinned_version < ?",
                    (version["scene_id"], version["number"]),
                )
            return rows.to_version(q.owned_version(c, user, version_id))

        return await self._tx(update, write=True)

    async def versions(self, user: User, lesson_id: str, n: int) -> list[SceneVersion]:
        """Every version of the scene, oldest first."""

        def versions(c: Conn) -> list[Row]:
            scene = q.owned_scene(c, user, lesson_id, n)
            sql = f"SELECT {VERSION_COLS} FROM scene_versions v WHERE v.scene_id = ?"
            return c.execute(sql + " ORDER BY v.number", (scene["id"],)).fetchall()

        return [rows.to_version(r) for r in await self._tx(versions)]

    async def current_version(self, user: User, lesson_id: str, n: int) -> SceneVersion | None:
        """The live version: the pinned one if a revert pinned it, else the latest ok one."""
        row = await self._tx(lambda c: q.current_version(c, q.owned_scene(c, user, lesson_id, n)))
        return None if row is None else rows.to_version(row)

    async def latest_version(self, user: User, lesson_id: str, n: int) -> SceneVersion | None:
        """The scene's newest version, whatever its status."""
        row = await self._tx(
            lambda c: q.latest_version(c, q.owned_scene(c, user, lesson_id, n)["id"])
        )
        return None if row is None else rows.to_version(row)

    async def scene_states(self, user: User, lesson_id: str) -> list[SceneState]:
        def states(c: Conn) -> list[SceneState]:
            q.owned_lesson(c, user, lesson_id)
            sql = f"SELECT {SCENE_COLS} FROM scenes s WHERE s.lesson_id = ? ORDER BY s.n"
            return [
                SceneState(
                    scene=rows.to_scene(scene),
                    current=_maybe_version(q.current_version(c, scene)),
                    latest=_maybe_version(q.latest_version(c, scene["id"])),
                )
                for scene in c.execute(sql, (lesson_id,)).fetchall()
            ]

        return await self._tx(states)

    async def pin_version(self, user: User, lesson_id: str, n: int, number: int | None) -> Scene:
        """Make an ok version live (revert); None unpins. Raises NotFound for a non-ok number."""

        def pin(c: Conn) -> Scene:
            scene = q.owned_scene(c, user, lesson_id, n)
            if number is not None and q.ok_version(c, scene["id"], number) is None:
                raise NotFound(f"scene {n} of lesson {lesson_id!r} has no ok version {number}")
            c.execute("UPDATE scenes SET pinned_version = ? WHERE id = ?", (number, scene["id"]))
            return rows.to_scene(q.owned_scene(c, user, lesson_id, n))

        return await self._tx(pin, write=True)

    async def stale_versions(self, user: User, lesson_id: str) -> list[tuple[int, SceneVersion]]:
        """(scene n, version) for each scene whose newest version never finished rendering."""
        found = await self._tx(lambda c: q.stale_versions(c, user, lesson_id))
        return [(r["scene_n"], rows.to_version(r)) for r in found]

    # Exports

    async def add_export(self, user: User, lesson_id: str, export: ExportFiles) -> Export:
        """Record a stitched video as the lesson's next export (numbered 1, 2, 3…)."""
        row = await self._tx(lambda c: q.add_export(c, user, lesson_id, export), write=True)
        return rows.to_export(row)

    async def latest_export(self, user: User, lesson_id: str) -> Export | None:
        def latest(c: Conn) -> Row | None:
            q.owned_lesson(c, user, lesson_id)
            return q.last_export(c, lesson_id)

        row = await self._tx(latest)
        return None if row is None else rows.to_export(row)


def _maybe_version(row: Row | None) -> SceneVersion | None:
    return None if row is None else rows.to_version(row)
