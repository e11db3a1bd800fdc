"""Users, projects, lessons, scenes, scene versions, exports.

Revision ID: 0001
"""

from __future__ import annotations

from lessons.store.schema.sql import run

revision = "0001"
down_revision = None

SQL = (
    """CREATE TABLE users (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL
            )""",
    """CREATE TABLE projects (
                id TEXT PRIMARY KEY,
                owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
                created_at TEXT NOT NULL
            )""",
    # At most one default project per user, whatever races happen.
    "CREATE UNIQUE INDEX projects_default ON projects(owner_id) WHERE is_default = 1",
    """CREATE TABLE lessons (
                id TEXT PRIMARY KEY,
                owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                title TEXT NOT NULL,
                prompt TEXT NOT NULL,
                session_id TEXT NOT NULL,
                quality TEXT NOT NULL CHECK (quality IN ('low', 'medium', 'high')),
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                -- Orders lessons by update without trusting clock resolution.
                updated_seq INTEGER NOT NULL
            )""",
    "CREATE INDEX lessons_owner ON lessons(owner_id, updated_seq)",
    "CREATE INDEX lessons_session ON lessons(owner_id, session_id, updated_seq)",
    """CREATE TABLE scenes (
                id TEXT PRIMARY KEY,
                lesson_id TEXT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
                n INTEGER NOT NULL CHECK (n >= 1),
                title TEXT NOT NULL,
                goal TEXT NOT NULL,
                narration TEXT NOT NULL,
                visual TEXT NOT NULL,
                pinned_version INTEGER,
                UNIQUE (lesson_id, n)
            )""",
    """CREATE TABLE scene_versions (
                id TEXT PRIMARY KEY,
                scene_id TEXT NOT NULL REFERENCES scenes(id) ON DELETE CASCADE,
                number INTEGER NOT NULL CHECK (number >= 1),
                code TEXT NOT NULL,
                note TEXT NOT NULL,
                parent_number INTEGER,
                status TEXT NOT NULL
                    CHECK (status IN ('pending', 'rendering', 'ok', 'failed')),
                clip_key TEXT,
                poster_key TEXT,
                duration_s {real},
                error TEXT,  -- RenderError as JSON
                created_at TEXT NOT NULL,
                UNIQUE (scene_id, number)
            )""",
    """CREATE TABLE exports (
                id TEXT PRIMARY KEY,
                lesson_id TEXT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
                number INTEGER NOT NULL CHECK (number >= 1),
                video_key TEXT NOT NULL,
                chapters_key TEXT NOT NULL,
                subtitles_key TEXT NOT NULL,
                duration_s {real} NOT NULL,
                scene_versions TEXT NOT NULL,  -- JSON list of version numbers
                created_at TEXT NOT NULL,
                UNIQUE (lesson_id, number)
            )""",
)


def upgrade() -> None:
    run(SQL)
