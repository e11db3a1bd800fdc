"""Queries the SQL stores (SQLite, PostgreSQL) compose inside their transactions; each takes
an open connection.

Every lookup of lesson data goes through `owned_lesson`, `owned_scene` or `owned_version`,
which match on the owner too, so another user's record is indistinguishable from none.
"""

from __future__ import annotations

import json

from lessons.store import sqlite_rows as rows
from lessons.store.protocol import NotFound
from lessons.store.records import ExportFiles, Narration, Project, SceneDraft, User
from lessons.store.sql import Conn, Row
from lessons.store.sqlite_rows import (
    EXPORT_COLS,
    LESSON_COLS,
    PROJECT_COLS,
    SCENE_COLS,
    USER_COLS,
    VERSION_COLS,
)

DEFAULT_PROJECT_NAME = "Lessons"


def one(c: Conn, sql: str, *args: object) -> Row | None:
    return c.execute(sql, args).fetchone()


def must(c: Conn, sql: str, *args: object) -> Row:
    """A row this transaction just wrote (so its absence is a bug, not a user error)."""
    found = one(c, sql, *args)
    if found is None:
        raise RuntimeError(f"a row written in this transaction is missing: {sql} {args}")
    return found


def scalar(c: Conn, sql: str, *args: object) -> int:
    return int(c.execute(sql, args).fetchone()[0])


def ensure_user(c: Conn, name: str) -> User:
    found = one(c, f"SELECT {USER_COLS} FROM users u WHERE u.name = ?", name)
    if found is None:
        c.execute(
            "INSERT INTO users (id, name, created_at) VALUES (?, ?, ?)",
            (rows.new_id(), name, rows.now()),
        )
        found = must(c, f"SELECT {USER_COLS} FROM users u WHERE u.name = ?", name)
    return rows.to_user(found)


def set_password_hash(c: Conn, name: str, password_hash: str) -> User:
    """Create the user if missing and replace their password hash."""
    user = ensure_user(c, name)
    c.execute(
        "INSERT INTO credentials (user_id, password_hash, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT (user_id) DO UPDATE"
        " SET password_hash = excluded.password_hash, updated_at = excluded.updated_at",
        (user.id, password_hash, rows.now()),
    )
    return user


def user_with_hash(c: Conn, name: str) -> Row | None:
    """The user's columns plus `password_hash` (NULL when they have no password)."""
    return one(
        c,
        f"SELECT {USER_COLS}, cr.password_hash FROM users u"
        " LEFT JOIN credentials cr ON cr.user_id = u.id WHERE u.name = ?",
        name,
    )


def require_user(c: Conn, user: User) -> None:
    if one(c, "SELECT 1 FROM users WHERE id = ?", user.id) is None:
        raise NotFound(f"no user {user.name!r}")


def default_project(c: Conn, user: User) -> Project:
    """The user's default project; the caller holds the write lock, so no race creates two."""
    require_user(c, user)
    sql = f"SELECT {PROJECT_COLS} FROM projects p WHERE p.owner_id = ? AND p.is_default = 1"
    found = one(c, sql, user.id)
    if found is None:
        c.execute(
            "INSERT INTO projects (id, owner_id, name, is_default, created_at)"
            " VALUES (?, ?, ?, 1, ?)",
            (rows.new_id(), user.id, DEFAULT_PROJECT_NAME, rows.now()),
        )
        found = must(c, sql, user.id)
    return rows.to_project(found)


def next_seq(c: Conn) -> int:
    """The next value of the lessons' update counter (global, so any two updates are ordered)."""
    return scalar(c, "SELECT COALESCE(MAX(updated_seq), 0) + 1 FROM lessons")


def owned_lesson(c: Conn, user: User, lesson_id: str) -> Row:
    sql = f"SELECT {LESSON_COLS} FROM lessons l WHERE l.id = ? AND l.owner_id = ?"
    found = one(c, sql, lesson_id, user.id)
    if found is None:
        raise NotFound(f"no lesson {lesson_id!r}")
    return found


def owned_scene(c: Conn, user: User, lesson_id: str, n: int) -> Row:
    owned_lesson(c, user, lesson_id)
    found = one(
        c, f"SELECT {SCENE_COLS} FROM scenes s WHERE s.lesson_id = ? AND s.n = ?", lesson_id, n
    )
    if found is None:
        raise NotFound(f"lesson {lesson_id!r} has no scene {n}")
    return found


def owned_version(c: Conn, user: User, version_id: str) -> Row:
    found = one(
        c,
        f"SELECT {VERSION_COLS} FROM scene_versions v"
        " JOIN scenes s ON s.id = v.scene_id JOIN lessons l ON l.id = s.lesson_id"
        " WHERE v.id = ? AND l.owner_id = ?",
        version_id,
        user.id,
    )
    if found is None:
        raise NotFound(f"no scene version {version_id!r}")
    return found


def ok_version(c: Conn, scene_id: str, number: int) -> Row | None:
    sql = f"SELECT {VERSION_COLS} FROM scene_versions v"
    return one(
        c, sql + " WHERE v.scene_id = ? AND v.number = ? AND v.status = 'ok'", scene_id, number
    )


def current_version(c: Conn, scene: Row) -> Row | None:
    """The pinned version if it is ok, else the newest ok one."""
    pinned = scene["pinned_version"]
    if pinned is not None and (found := ok_version(c, scene["id"], pinned)) is not None:
        return found
    sql = f"SELECT {VERSION_COLS} FROM scene_versions v WHERE v.scene_id = ? AND v.status = 'ok'"
    return one(c, sql + " ORDER BY v.number DESC LIMIT 1", scene["id"])


def latest_version(c: Conn, scene_id: str) -> Row | None:
    sql = f"SELECT {VERSION_COLS} FROM scene_versions v WHERE v.scene_id = ?"
    return one(c, sql + " ORDER BY v.number DESC LIMIT 1", scene_id)


def last_export(c: Conn, lesson_id: str) -> Row | None:
    sql = f"SELECT {EXPORT_COLS} FROM exports e WHERE e.lesson_id = ?"
    return one(c, sql + " ORDER BY e.number DESC LIMIT 1", lesson_id)


# Writes. The caller holds the write lock (SQLite's BEGIN IMMEDIATE, PostgreSQL's advisory
# lock), so read-then-write is atomic.


def insert(c: Conn, table: str, **values: object) -> None:
    """INSERT one row; `table` and the column names come from this module, never from input."""
    marks = ", ".join("?" * len(values))
    c.execute(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({marks})", tuple(values.values()))


def create_lesson(
    c: Conn,
    user: User,
    title: str,
    prompt: str,
    session_id: str,
    quality: str,
    scenes: list[SceneDraft],
) -> Row:
    project = default_project(c, user)
    lesson_id, stamp = rows.new_id(), rows.now()
    insert(
        c,
        "lessons",
        id=lesson_id,
        owner_id=user.id,
        project_id=project.id,
        title=title,
        prompt=prompt,
        session_id=session_id,
        quality=quality,
        created_at=stamp,
        updated_at=stamp,
        updated_seq=next_seq(c),
    )
    for n, d in enumerate(scenes, start=1):
        insert(
            c,
            "scenes",
            id=rows.new_id(),
            lesson_id=lesson_id,
            n=n,
            title=d.title,
            goal=d.goal,
            narration=d.narration,
            visual=d.visual,
        )
    return owned_lesson(c, user, lesson_id)


def add_version(
    c: Conn,
    user: User,
    lesson_id: str,
    n: int,
    code: str,
    note: str,
    narration: Narration | None = None,
) -> Row:
    scene = owned_scene(c, user, lesson_id, n)
    parent = current_version(c, scene)
    top = scalar(
        c, "SELECT COALESCE(MAX(number), 0) FROM scene_versions WHERE scene_id = ?", scene["id"]
    )
    version_id = rows.new_id()
    insert(
        c,
        "scene_versions",
        id=version_id,
        scene_id=scene["id"],
        number=top + 1,
        code=code,
        note=note,
        parent_number=None if parent is None else parent["number"],
        status="pending",
        created_at=rows.now(),
        narration=rows.narration_json(narration),
    )
    return owned_version(c, user, version_id)


def add_export(c: Conn, user: User, lesson_id: str, export: ExportFiles) -> Row:
    owned_lesson(c, user, lesson_id)
    top = scalar(c, "SELECT COALESCE(MAX(number), 0) FROM exports WHERE lesson_id = ?", lesson_id)
    export_id = rows.new_id()
    files = export.model_dump(exclude={"scene_versions"})
    insert(
        c,
        "exports",
        id=export_id,
        lesson_id=lesson_id,
        number=top + 1,
        scene_versions=json.dumps(export.scene_versions),
        created_at=rows.now(),
        **files,
    )
    return must(c, f"SELECT {EXPORT_COLS} FROM exports e WHERE e.id = ?", export_id)


def stale_versions(c: Conn, user: User, lesson_id: str) -> list[Row]:
    """Each scene's newest version when it is still pending or rendering, with `scene_n`."""
    owned_lesson(c, user, lesson_id)
    return c.execute(
        f"SELECT s.n AS scene_n, {VERSION_COLS} FROM scenes s"
        " JOIN scene_versions v ON v.scene_id = s.id"
        " WHERE s.lesson_id = ? AND v.status IN ('pending', 'rendering')"
        " AND v.number = (SELECT MAX(number) FROM scene_versions WHERE scene_id = s.id)"
        " ORDER BY s.n",
        (lesson_id,),
    ).fetchall()
