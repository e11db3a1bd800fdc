"""`tutor db upgrade`: bring the lesson store's database to the newest schema revision.

The store is the configured one (SQLite under TUTOR_DATA_DIR, or PostgreSQL at
TUTOR_DATABASE_URL); opening the store at start-up does the same, so this is for running the
upgrade on its own (before starting several app instances, say). It is safe to run again.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from agent.cli_errors import CliError, report
from agent.settings import Settings

COMMANDS = {"db"}


def add_commands(sub: Any) -> None:
    """Register `tutor db …` on the top-level subparsers."""
    db = sub.add_parser("db", help="The lesson store's database schema.")
    actions = db.add_subparsers(dest="db_command", metavar="{upgrade}", required=True)
    upgrade = actions.add_parser(
        "upgrade", help="Bring the store's database to the newest schema revision."
    )
    upgrade.add_argument("--json", action="store_true", help="Print one JSON object.")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run `tutor db upgrade`; 0 when the database is at the newest revision."""
    from agent.wiring import upgrade_store
    from lessons.store.migrations import SchemaTooNew
    from lessons.store.protocol import StoreError

    try:
        done = upgrade_store(settings)
    except ValueError as exc:
        return report(CliError(f"db upgrade: {exc}"), args.json)
    except (SchemaTooNew, StoreError) as exc:
        return report(CliError(f"db upgrade: {exc}", "environment"), args.json)
    if args.json:
        print(
            json.dumps(
                {
                    "store": settings.store,
                    "database": done.where,
                    "from": done.from_revision,
                    "to": done.to_revision,
                    "changed": done.changed,
                    "adopted_schema_version": done.adopted_from,
                }
            )
        )
        return 0
    found = "an empty database" if done.from_revision is None else done.from_revision
    if done.adopted_from is not None:
        found = f"schema version {done.adopted_from} (from before Alembic)"
    if done.changed or done.adopted_from is not None:
        print(f"{settings.store} {done.where}: upgraded {found} → {done.to_revision}")
    else:
        print(f"{settings.store} {done.where}: already at {done.to_revision}")
    return 0
