"""What each scene version's clip says: its narration, voice and spoken spans.

Revision ID: 0008
"""

from __future__ import annotations

from lessons.store.schema.sql import run

revision = "0008"
down_revision = "0007"

# A JSON object (Narration in lessons/store/records.py); NULL when the version was made without
# one, as is every version made before this column existed.
SQL = ("ALTER TABLE scene_versions ADD COLUMN narration TEXT",)


def upgrade() -> None:
    run(SQL)
