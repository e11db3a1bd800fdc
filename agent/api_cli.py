"""`tutor keys create USER | list | revoke KEY_ID` and `tutor webhooks log`: the REST API's
keys and webhook deliveries, from a terminal (the lesson store only, no agent).

A key's secret is printed once, at `create`; it is derived from the server's API master key
(`agent.api_keys`), so the same data dir (or TUTOR_API_MASTER_KEY) must be used by the app.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from agent.api_settings import ApiSettings
from agent.settings import Settings
from lessons.store.protocol import LessonStore, StoreError

COMMANDS = {"keys", "webhooks"}


def add_commands(sub: Any) -> None:
    """Register `tutor keys …` and `tutor webhooks …` on the top-level subparsers."""
    keys = sub.add_parser("keys", help="Manage REST API keys.")
    actions = keys.add_subparsers(
        dest="keys_command", metavar="{create,list,revoke}", required=True
    )
    create = actions.add_parser("create", help="Make a key acting as USER; shows its secret once.")
    create.add_argument("user")
    create.add_argument("--json", action="store_true", help="Print {key_id, secret} as JSON.")
    listing = actions.add_parser("list", help="List keys (never their secrets).")
    listing.add_argument("--user", help="Only this user's keys.")
    listing.add_argument("--json", action="store_true")
    revoke = actions.add_parser("revoke", help="Revoke a key: its requests are refused (401).")
    revoke.add_argument("key_id")

    hooks = sub.add_parser("webhooks", help="Webhook deliveries of API jobs.")
    hook_actions = hooks.add_subparsers(dest="webhooks_command", metavar="{log}", required=True)
    log = hook_actions.add_parser("log", help="Every delivery attempt, oldest first.")
    log.add_argument("--job", help="Only this job's attempts.")
    log.add_argument("--limit", type=int, default=200)
    log.add_argument("--json", action="store_true", help="One JSON object per line.")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run one command; 0 on success, 2 on bad input, 1 when the store refuses."""
    from agent.wiring import open_store  # deferred: other commands need none of the store

    store = open_store(settings)
    try:
        if args.command == "webhooks":
            return asyncio.run(_webhooks(args, store))
        return asyncio.run(_keys(args, settings, store))
    except ValueError as exc:
        print(f"tutor {args.command}: {exc}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"tutor {args.command}: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()


async def _keys(args: argparse.Namespace, settings: Settings, store: LessonStore) -> int:
    if args.keys_command == "create":
        user = await store.get_user(args.user)
        if user is None:
            raise ValueError(f"no user {args.user!r}; `tutor users add {args.user}` creates one")
        from agent.api_keys import master_key, new_key  # only here: key records load slowly

        configured = ApiSettings().api_master_key
        master = master_key(
            settings.data_dir, configured.get_secret_value() if configured else None
        )
        made = new_key(master)
        await store.create_api_key(user, made.key_id, made.salt, made.check)
        if args.json:
            print(json.dumps({"key_id": made.key_id, "secret": made.secret, "user": user.name}))
        else:
            print(f"key for {user.name}: {made.key_id}\nsecret (shown once): {made.secret}")
        return 0
    if args.keys_command == "revoke":
        if not await store.revoke_api_key(args.key_id):
            raise ValueError(f"no live key {args.key_id!r}")
        print(f"{args.key_id}: revoked")
        return 0
    for key in await store.api_keys(args.user):
        shown = {
            "key_id": key.id,
            "user": key.user_name,
            "created_at": key.created_at.isoformat(),
            "revoked_at": key.revoked_at.isoformat() if key.revoked_at else None,
        }
        if args.json:
            print(json.dumps(shown))
        else:
            state = f"revoked {shown['revoked_at']}" if key.revoked_at else "live"
            print(f"{key.id}  {key.user_name}  created {shown['created_at']}  {state}")
    return 0


async def _webhooks(args: argparse.Namespace, store: LessonStore) -> int:
    for attempt in await store.webhook_attempts(args.job, args.limit):
        if args.json:
            print(attempt.model_dump_json())
        else:
            outcome = attempt.error or f"HTTP {attempt.status}"
            print(
                f"{attempt.at.isoformat()}  {attempt.job_id}  attempt {attempt.attempt}"
                f"  {outcome}  {attempt.duration_ms} ms  {attempt.url}"
            )
    return 0
