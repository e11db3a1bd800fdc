"""Low-level pieces of the SQL stores: SQLite connections and transactions, rows → records
(rows of either database)."""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from pydantic import TypeAdapter

from lessons.store.records import Export, Lesson, Narration, Project, Scene, SceneVersion, User
from lessons.store.sql import Row
from tools.render.layout import LayoutItem
from tools.render.result import RenderError

T = TypeVar("T")

_LAYOUT = TypeAdapter(list[LayoutItem])

# Long enough to outlast another process's write (milliseconds), short enough to surface a
# wedged lock as an error rather than a hang.
BUSY_TIMEOUT_S = 10.0

USER_COLS = "u.id, u.name, u.created_at"
PROJECT_COLS = "p.id, p.owner_id, p.name, p.created_at"
LESSON_COLS = (
    "l.id, l.owner_id, l.project_id, l.title, l.prompt, l.session_id, l.quality,"
    " l.created_at, l.updated_at"
)
SCENE_COLS = "s.id, s.lesson_id, s.n, s.title, s.goal, s.narration, s.visual, s.pinned_version"
VERSION_COLS = (
    "v.id, v.scene_id, v.number, v.code, v.note, v.parent_number, v.status, v.clip_key,"
    " v.poster_key, v.duration_s, v.error, v.created_at, v.rendered_by,"
    " v.layout, v.narration"
)
EXPORT_COLS = (
    "e.id, e.lesson_id, e.number, e.video_key, e.chapters_key, e.subtitles_key,"
    " e.duration_s, e.scene_versions, e.created_at"
)


def now() -> str:
    """The current time as fixed-width ISO UTC, so text order is time order."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def new_id() -> str:
    return uuid.uuid4().hex


def connect(path: Path) -> sqlite3.Connection:
    """A connection shareable across threads and processes: WAL, foreign keys, busy wait."""
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, so write transactions can
    # be BEGIN IMMEDIATE (take the write lock up front instead of failing on upgrade).
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        _use_wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")  # durable enough under WAL, much faster
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def _use_wal(conn: sqlite3.Connection) -> None:
    """Put the file in WAL mode (it stays so), waiting out other connections doing the same.

    Switching a fresh file to WAL takes an exclusive lock, and SQLite answers "database is
    locked" at once, without the busy wait, while another connection holds it: processes
    opening a new store together (the app and a worker at first start) would fail.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def in_transaction(
    conn: sqlite3.Connection, fn: Callable[[sqlite3.Connection], T], write: bool
) -> T:
    """Run `fn` in one transaction; writes lock first, so read-then-write is atomic."""
    conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
    try:
        result = fn(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return result


def to_user(row: Row) -> User:
    return User.model_validate(dict(row))


def to_project(row: Row) -> Project:
    return Project.model_validate(dict(row))


def to_lesson(row: Row) -> Lesson:
    return Lesson.model_validate(dict(row))


def to_scene(row: Row) -> Scene:
    return Scene.model_validate(dict(row))


def to_version(row: Row) -> SceneVersion:
    fields = dict(row)
    error, layout, narration = fields.pop("error"), fields.pop("layout"), fields.pop("narration")
    return SceneVersion.model_validate(
        {
            **fields,
            "error": None if error is None else RenderError.model_validate_json(error),
            "layout": layout_items(layout),
            "narration": narration_of(narration),
        }
    )


def layout_items(stored: str | None) -> list[LayoutItem]:
    """A version's layout column as items: NULL (no items, or a version stored before the
    column existed) is none."""
    return [] if stored is None else _LAYOUT.validate_json(stored)


def layout_json(items: list[LayoutItem]) -> str | None:
    """Items as the layout column keeps them; none is NULL, as in rows from before it."""
    return _LAYOUT.dump_json(items).decode() if items else None


def narration_of(stored: str | None) -> Narration | None:
    """A version's narration column as a Narration: NULL (made without one, or stored before
    the column existed) is None."""
    return None if stored is None else Narration.model_validate_json(stored)


def narration_json(narration: Narration | None) -> str | None:
    """A Narration as the narration column keeps it (a JSON object); None is NULL."""
    return None if narration is None else narration.model_dump_json()


def to_export(row: Row) -> Export:
    fields = dict(row)
    return Export.model_validate({**fields, "scene_versions": json.loads(fields["scene_versions"])})
