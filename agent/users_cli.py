"""`tutor users add | passwd | logout | list`: manage the chat app's logins from a terminal.

Opens the lesson store only (no agent, no model), so these commands start quickly.
Passwords are shown once when generated and never stored or printed as hashes. A new
password ends every login session of that user (their open browsers must log in again).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from agent.accounts import generate_password
from agent.settings import Settings
from lessons.store.protocol import AccountStore

COMMANDS = {"users"}


def add_commands(sub: Any) -> None:
    """Register `tutor users …` on the top-level subparsers."""
    users = sub.add_parser("users", help="Manage logins of the chat app.")
    actions = users.add_subparsers(
        dest="users_command", metavar="{add,passwd,logout,list}", required=True
    )
    stdin_help = "Read the password from the first line of stdin instead of generating one."

    add = actions.add_parser("add", help="Create a user with a password.")
    add.add_argument("name")
    add.add_argument("--password-stdin", action="store_true", help=stdin_help)

    passwd = actions.add_parser(
        "passwd", help="Set a new password for an existing user and end their login sessions."
    )
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true", help=stdin_help)

    logout = actions.add_parser(
        "logout", help="End every login session of a user (the password stays)."
    )
    logout.add_argument("name")

    actions.add_parser("list", help="List user names.")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run one `tutor users` command; 0 on success, 2 on bad input."""
    from agent.wiring import open_store  # deferred: other commands need none of the store

    store = open_store(settings)
    try:
        return asyncio.run(_run(args, store))
    except ValueError as exc:
        print(f"tutor users: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()


async def _run(args: argparse.Namespace, store: AccountStore) -> int:
    if args.users_command == "list":
        for user in await store.list_users():
            print(user.name)
        return 0
    name: str = args.name
    exists = await store.get_user(name) is not None
    if args.users_command == "add" and exists:
        raise ValueError(
            f"user {name!r} already exists; `tutor users passwd {name}` sets a password"
        )
    if args.users_command in ("passwd", "logout") and not exists:
        raise ValueError(f"no user {name!r}; `tutor users add {name}` creates one")
    if args.users_command == "logout":
        print(f"{name}: {_sessions_ended(await store.end_login_sessions(name))}")
        return 0
    password = _read_password() if args.password_stdin else generate_password()
    await store.set_password(name, password)
    done = "created"
    if args.users_command == "passwd":
        done = f"password changed, {_sessions_ended(await store.end_login_sessions(name))}"
    if args.password_stdin:
        print(f"{name}: {done}")
    else:
        print(f"{name}: {done}; password (shown once): {password}")
    return 0


def _sessions_ended(count: int) -> str:
    return f"{count} login session{'' if count == 1 else 's'} ended"


def _read_password() -> str:
    line = sys.stdin.readline()
    password = line.removesuffix("\n").removesuffix("\r")
    if not password:
        raise ValueError("no password on stdin (an empty password is not allowed)")
    return password
