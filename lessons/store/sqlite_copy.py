"""A SQL store seen whole (`Installation`), for `tutor store copy`: read in one
transaction, written in one (so a failed copy leaves the file as it was)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

from lessons.store import sqlite_queries as q
from lessons.store import sqlite_rows as rows
from lessons.store.snapshot import LessonData, Snapshot, UserData
from lessons.store.sql import Conn
from lessons.store.sqlite_store import SqliteLessonStore


def _stamp(at: datetime | None) -> str | None:
    return None if at is None else at.astimezone(UTC).isoformat(timespec="microseconds")


def _all(c: Conn, sql: str, *args: object) -> list[dict[str, object]]:
    return [dict(r) for r in c.execute(sql, args).fetchall()]


def _lesson(c: Conn, lesson: dict[str, object]) -> LessonData:
    lesson_id = lesson.pop("id")
    scenes = _all(c, "SELECT * FROM scenes WHERE lesson_id = ? ORDER BY n", lesson_id)
    for scene in scenes:
        versions = _all(
            c, "SELECT * FROM scene_versions WHERE scene_id = ? ORDER BY number", scene["id"]
        )
        for v in versions:
            v["error"] = None if v["error"] is None else json.loads(str(v["error"]))
            v["layout"] = rows.layout_items(None if v["layout"] is None else str(v["layout"]))
            v["narration"] = rows.narration_of(
                None if v["narration"] is None else str(v["narration"])
            )
        scene["versions"] = versions
    exports = _all(c, "SELECT * FROM exports WHERE lesson_id = ? ORDER BY number", lesson_id)
    for e in exports:
        e["scene_versions"] = json.loads(str(e["scene_versions"]))
    shares = _all(
        c, "SELECT * FROM shares WHERE lesson_id = ? ORDER BY created_at, token", lesson_id
    )
    return LessonData.model_validate(
        {**lesson, "scenes": scenes, "exports": exports, "shares": shares}
    )


def dump(c: Conn) -> Snapshot:
    users = _all(
        c,
        "SELECT u.name, u.created_at, cr.password_hash FROM users u"
        " LEFT JOIN credentials cr ON cr.user_id = u.id ORDER BY u.name",
    )
    lessons = _all(
        c,
        "SELECT l.id, u.name AS owner, l.title, l.prompt, l.session_id, l.quality,"
        " l.created_at, l.updated_at FROM lessons l JOIN users u ON u.id = l.owner_id"
        " ORDER BY u.name, l.updated_seq",
    )
    return Snapshot(
        users=[UserData.model_validate(u) for u in users],
        lessons=[_lesson(c, lesson) for lesson in lessons],
    )


def _load_lesson(c: Conn, owner_id: str, project_id: str, lesson: LessonData) -> None:
    lesson_id = rows.new_id()
    q.insert(
        c,
        "lessons",
        id=lesson_id,
        owner_id=owner_id,
        project_id=project_id,
        title=lesson.title,
        prompt=lesson.prompt,
        session_id=lesson.session_id,
        quality=lesson.quality,
        created_at=_stamp(lesson.created_at),
        updated_at=_stamp(lesson.updated_at),
        updated_seq=q.next_seq(c),
    )
    for s in lesson.scenes:
        scene_id = rows.new_id()
        fields = s.model_dump(exclude={"versions"})
        q.insert(c, "scenes", id=scene_id, lesson_id=lesson_id, **fields)
        for v in s.versions:
            fields = v.model_dump(exclude={"error", "created_at", "layout", "narration"})
            error = None if v.error is None else v.error.model_dump_json()
            q.insert(
                c,
                "scene_versions",
                id=rows.new_id(),
                scene_id=scene_id,
                error=error,
                layout=rows.layout_json(v.layout),
                narration=rows.narration_json(v.narration),
                created_at=_stamp(v.created_at),
                **fields,
            )
    for e in lesson.exports:
        fields = e.model_dump(exclude={"scene_versions", "created_at"})
        q.insert(
            c,
            "exports",
            id=rows.new_id(),
            lesson_id=lesson_id,
            scene_versions=json.dumps(e.scene_versions),
            created_at=_stamp(e.created_at),
            **fields,
        )
    for sh in lesson.shares:
        q.insert(
            c,
            "shares",
            token=sh.token,
            lesson_id=lesson_id,
            created_at=_stamp(sh.created_at),
            expires_at=_stamp(sh.expires_at),
            revoked_at=_stamp(sh.revoked_at),
        )


def load(c: Conn, snapshot: Snapshot) -> None:
    if q.one(c, "SELECT 1 FROM users LIMIT 1") is not None:
        raise ValueError("the target store already holds users")
    ids: dict[str, str] = {}
    for user in snapshot.users:
        ids[user.name] = rows.new_id()
        q.insert(c, "users", id=ids[user.name], name=user.name, created_at=_stamp(user.created_at))
        if user.password_hash is not None:
            q.insert(
                c,
                "credentials",
                user_id=ids[user.name],
                password_hash=user.password_hash,
                updated_at=rows.now(),
            )
    projects: dict[str, str] = {}
    for lesson in snapshot.lessons:
        owner_id = ids[lesson.owner]
        if lesson.owner not in projects:
            projects[lesson.owner] = rows.new_id()
            q.insert(
                c,
                "projects",
                id=projects[lesson.owner],
                owner_id=owner_id,
                name=q.DEFAULT_PROJECT_NAME,
                is_default=1,
                created_at=_stamp(lesson.created_at),
            )
        _load_lesson(c, owner_id, projects[lesson.owner], lesson)


class SqliteInstallation:
    """The SQLite file at `path` (created and migrated if missing)."""

    def __init__(self, path: Path) -> None:
        SqliteLessonStore.open(path).close()  # bring the schema up to date
        self.path = path

    def _run_dump(self) -> Snapshot:
        conn = rows.connect(self.path)
        try:
            return rows.in_transaction(conn, dump, write=False)
        finally:
            conn.close()

    def _run_load(self, snapshot: Snapshot) -> None:
        conn = rows.connect(self.path)
        try:
            rows.in_transaction(conn, lambda c: load(c, snapshot), write=True)
        finally:
            conn.close()

    async def dump(self) -> Snapshot:
        return await asyncio.to_thread(self._run_dump)

    async def load(self, snapshot: Snapshot) -> None:
        """Write the snapshot into this file, which must hold no users yet."""
        await asyncio.to_thread(self._run_load, snapshot)
