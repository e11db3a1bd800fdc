"""`tutor store copy --from A --to B`: move a whole installation's lessons between stores
(SQLite, PostgreSQL, Convex), then verify the target holds the same counts and content hash.

The source is read with the same settings as the target (TUTOR_DATA_DIR for SQLite,
TUTOR_DATABASE_URL for PostgreSQL, CONVEX_URL and TUTOR_CONVEX_SECRET for Convex); the target
must hold no users yet.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from agent.settings import Settings

COMMANDS = {"store"}
KINDS = ("sqlite", "postgres", "convex")


def add_commands(sub: Any) -> None:
    """Register `tutor store …` on the top-level subparsers."""
    store = sub.add_parser("store", help="Move the lesson store between back ends.")
    actions = store.add_subparsers(dest="store_command", metavar="{copy}", required=True)
    copy = actions.add_parser(
        "copy", help="Copy every user, lesson, version, export and share link into an empty store."
    )
    copy.add_argument("--from", dest="source", choices=KINDS, required=True)
    copy.add_argument("--to", dest="target", choices=KINDS, required=True)
    copy.add_argument("--json", action="store_true", help="Print the counts and hash as JSON.")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run `tutor store copy`; 0 when the copy is verified, 2 on bad input, 1 on a mismatch."""
    from agent.wiring import open_installation
    from lessons.store.copy import CopyMismatch, copy_installation
    from lessons.store.protocol import StoreError

    if args.source == args.target:
        print("tutor store copy: --from and --to name the same store", file=sys.stderr)
        return 2
    try:
        source = open_installation(settings, args.source)
        target = open_installation(settings, args.target)
        report = asyncio.run(copy_installation(source, target))
    except ValueError as exc:
        print(f"tutor store copy: {exc}", file=sys.stderr)
        return 2
    except CopyMismatch as exc:
        print(f"tutor store copy: the copy does not match: {exc}", file=sys.stderr)
        return 1
    except StoreError as exc:
        print(f"tutor store copy: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.model_dump()))
    else:
        counted = ", ".join(f"{n} {what}" for what, n in report.counts.items())
        print(f"copied {args.source} → {args.target}: {counted}; sha256 {report.sha256} verified")
    return 0
