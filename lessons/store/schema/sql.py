"""What the revisions share: run hand-written SQL that reads the same on both databases.

Revisions are plain SQL, so a SQLite file keeps exactly the tables the first releases wrote.
Where the dialects differ, a statement says `{real}` (a float column: SQLite's REAL, and
PostgreSQL's DOUBLE PRECISION, as PostgreSQL's REAL would keep only 6 digits).
"""

from __future__ import annotations

from collections.abc import Iterable

from alembic import op

_TYPES = {
    "sqlite": {"real": "REAL"},
    "postgresql": {"real": "DOUBLE PRECISION"},
}


def run(statements: Iterable[str]) -> None:
    """Execute each statement in the migration's transaction, spelled for this database."""
    dialect = op.get_bind().dialect.name
    if dialect not in _TYPES:
        raise RuntimeError(f"the lesson store has no schema for {dialect}")
    for statement in statements:
        op.execute(statement.format(**_TYPES[dialect]))
