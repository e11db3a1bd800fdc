"""Bad input to `tutor` lesson commands: strict SCENE / VERSION arguments and how errors print.

An error is one line on stderr and, with `--json`, one object on stdout:
`{"lesson": <id or null>, "error": {"kind": "usage" | "not_found" | "environment", "message"}}`.
Exit status: 2 for usage errors and a lesson that is not found (as argparse does), 1 for an
environment problem (a data dir that cannot be written).
"""

from __future__ import annotations

import json
import re
import sys
from typing import Literal

from pydantic import ValidationError

ErrorKind = Literal["usage", "not_found", "environment"]
_POSITIVE = re.compile(r"[1-9][0-9]{0,8}")  # ASCII digits only: int() would take "٣" or " 2 "


class CliError(Exception):
    """A command cannot run as asked; nothing was changed."""

    def __init__(self, message: str, kind: ErrorKind = "usage", lesson: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.kind: ErrorKind = kind
        self.lesson = lesson

    @property
    def status(self) -> int:
        return 1 if self.kind == "environment" else 2


def report(error: CliError, as_json: bool) -> int:
    """Print the error (stderr; also stdout as JSON with `--json`); return the exit status."""
    print(f"tutor: {error.message}", file=sys.stderr)
    if as_json:
        body = {"kind": error.kind, "message": error.message}
        print(json.dumps({"lesson": error.lesson, "error": body}))
    return error.status


def acting_user(name: str) -> str:
    """TUTOR_USER, which must name someone."""
    if not name.strip():
        raise CliError("TUTOR_USER is empty: set it to a user name, or unset it to act as 'local'")
    return name


def scene_number(text: str, count: int, lesson: str) -> int:
    """SCENE as typed: a scene number from 1 to `count`, or `last` (no negative indexing)."""
    valid = f"1 to {count}" if count > 1 else "1"
    if count == 0:
        raise CliError("the lesson has no scenes yet", lesson=lesson)
    if text.lower() == "last":
        return count
    if _POSITIVE.fullmatch(text) and int(text) <= count:
        return int(text)
    raise CliError(
        f"SCENE must be a scene number from {valid}, or 'last'; got {text!r}", lesson=lesson
    )


def version_number(text: str | None, lesson: str) -> int | None:
    """`--to VERSION`: a positive version number (whether it exists is the store's to say)."""
    if text is None:
        return None
    if _POSITIVE.fullmatch(text):
        return int(text)
    raise CliError(f"--to must be a version number (1, 2, …); got {text!r}", lesson=lesson)


def settings_problem(error: ValidationError) -> str:
    """A bad TUTOR_* variable, in one line: which variable and what it accepts."""
    parts: list[str] = []
    for item in error.errors():
        if not item["loc"]:  # a rule across settings: its message names the variables
            parts.append(item["msg"].removeprefix("Value error, "))
            continue
        name = "_".join(str(x) for x in item["loc"])
        # A field read under another variable (CHAINLIT_AUTH_SECRET) is named by that variable.
        name = name if name.isupper() else "TUTOR_" + name.upper()
        parts.append(f"{name}: {item['msg']}")
    return "; ".join(parts)
