"""Rows as an earlier schema revision held them: a user, a project, a lesson, a scene and one
good version, written with plain SQL before the upgrade under test."""

from __future__ import annotations

STAMP = "2026-01-01T00:00:00.000000+00:00"


def lesson_rows(schema: str = "", version_tail: str = "") -> list[str]:
    """INSERTs of alice's lesson `l` with scene 1's version 1 (code "code", clip c.mp4);
    `schema` prefixes the tables ("lessons." on PostgreSQL), `version_tail` adds the values of
    the version's columns after created_at that the revision has (", 'w:1'" for rendered_by…)."""
    return [
        f"INSERT INTO {schema}users VALUES ('u', 'alice', '{STAMP}')",
        f"INSERT INTO {schema}projects VALUES ('p', 'u', 'Lessons', 1, '{STAMP}')",
        f"INSERT INTO {schema}lessons VALUES"
        f" ('l', 'u', 'p', 'T', 'make it', 'chat-1', 'low', '{STAMP}', '{STAMP}', 1)",
        f"INSERT INTO {schema}scenes VALUES ('s', 'l', 1, 'S1', 'g', 'n', 'v', NULL)",
        f"INSERT INTO {schema}scene_versions VALUES ('v', 's', 1, 'code', 'first draft', NULL,"
        f" 'ok', 'c.mp4', NULL, 2.0, NULL, '{STAMP}'{version_tail})",
    ]
