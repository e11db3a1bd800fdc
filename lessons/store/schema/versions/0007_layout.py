"""The layout audit's warnings of each scene version's good render.

Revision ID: 0007
"""

from __future__ import annotations

from lessons.store.schema.sql import run

revision = "0007"
down_revision = "0006"

# A JSON list of layout items (tools/render/layout.py); NULL for a version that is not ok yet,
# and for every version made before this column existed: both read as no items.
SQL = ("ALTER TABLE scene_versions ADD COLUMN layout TEXT",)


def upgrade() -> None:
    run(SQL)
