"""`tutor share LESSON [--expires D] [--revoke] [--json]`: a lesson's share link, or none.

The link (`{TUTOR_PUBLIC_URL}/share/{token}`) opens without a login. With `--json`, sharing
prints `{"url", "token", "expires_at"}` (ISO 8601 UTC, or null) and revoking prints
`{"lesson", "revoked"}`; bad input is reported as the other lesson commands report it.
"""

from __future__ import annotations

import argparse
import json
from datetime import timedelta
from typing import Any

from agent.cli_errors import CliError, acting_user, report
from agent.settings import Settings

COMMANDS = {"share"}


def add_commands(sub: Any) -> None:
    share = sub.add_parser(
        "share", help="Make a link that opens a lesson without a login (or revoke its links)."
    )
    share.add_argument("lesson", help="Lesson id (or a unique prefix).")
    share.add_argument(
        "--expires", metavar="DURATION", help="The link stops working after this: 30m, 12h, 7d."
    )
    share.add_argument(
        "--revoke", action="store_true", help="Revoke every live link of the lesson instead."
    )
    share.add_argument("--json", action="store_true", help="Print one JSON object.")


def _expiry(args: argparse.Namespace) -> timedelta | None:
    """`--expires` as typed; refused before anything opens."""
    from agent.durations import parse_duration

    if args.expires is None:
        return None
    if args.revoke:
        raise CliError("--expires and --revoke do not go together: revoking ends every link")
    try:
        return parse_duration(args.expires)
    except ValueError as error:
        raise CliError(f"--expires: {error}") from None


async def run(args: argparse.Namespace, settings: Settings) -> int:
    from agent.lesson_cli import find_lesson
    from agent.wiring import open_backends
    from lessons.store.protocol import NotFound

    lesson_id: str | None = None
    try:
        acting_user(settings.user)
        expires_in = _expiry(args)
        backends = open_backends(settings)
    except CliError as error:
        return report(error, args.json)
    try:
        user = await backends.accounts.ensure_user(settings.user)
        lesson = await find_lesson(backends.service, user, args.lesson)
        lesson_id = lesson.id
        if args.revoke:
            revoked = await backends.service.unshare(user, lesson.id)
            if args.json:
                print(json.dumps({"lesson": lesson.id, "revoked": revoked}))
            else:
                print(f"Revoked {revoked} share link(s) of “{lesson.title}”.")
            return 0
        link = await backends.service.share(user, lesson.id, expires_in)
    except NotFound as exc:
        return report(CliError(str(exc), "not_found", lesson_id), args.json)
    finally:
        await backends.close()
    url = settings.share_url(link.token)
    expires_at = None if link.expires_at is None else link.expires_at.isoformat()
    if args.json:
        print(json.dumps({"url": url, "token": link.token, "expires_at": expires_at}))
    else:
        until = (
            f"until {expires_at}" if expires_at else "until revoked (`tutor share LESSON --revoke`)"
        )
        print(f"{url}\nOpens “{link.title}” without a login, {until}.")
    return 0
