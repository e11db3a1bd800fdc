"""Which render worker rendered each scene version.

Revision ID: 0005
"""

from __future__ import annotations

from lessons.store.schema.sql import run

revision = "0005"
down_revision = "0004"

# "host:pid" of the `tutor worker` that rendered it; NULL for an in-process render and for
# every version made before this column existed.
SQL = ("ALTER TABLE scene_versions ADD COLUMN rendered_by TEXT",)


def upgrade() -> None:
    run(SQL)
