"""The layout audit's warnings of each scene version's good render.

Revision ID: 0007
"""

from __future__ import annotations

from lessons.store.schema.sql import run

revision = "0007"
down_revision = "0006"

# A JSON list of layout items (tools/render/layout.py); NULL when there are none (a clean
# render, a version not ok, and every version made before this column existed).
SQL = ("ALTER TABLE scene_versions ADD COLUMN layout TEXT",)


def upgrade() -> None:
    run(SQL)
