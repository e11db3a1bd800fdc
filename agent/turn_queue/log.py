"""Where a remote turn's events live in Redis, and who is running it.

- `tutor:turn:<id>:events`: a Redis stream of the turn's events in order (kept a day), so an
  app instance that starts following late (another tab, another instance) replays it whole.
- `tutor:turn:<id>:lock`: held by the worker running the turn, renewed while it runs. A job
  delivered a second time (its first worker is slow, or died) sees it held and stands aside.
- `tutor:turn:<id>:shown`: the last event a chat has shown (and so stored in its history): a
  chat that picks the turn up later shows only what came after it.
- `tutor:turns:active:<user id>:<session id>`: the conversation's turn under way, if any.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

import redis
import redis.asyncio

from agent.turn_queue.events import Event
from tools.render.queue.watch import REDIS_DOWN, QueueUnreachable

KEEP_S = 24 * 3600
LOCK_S = 30  # a dead worker's lock frees this soon after it died
MAX_EVENTS = 20_000  # a turn of 6 scenes writes a few hundred; this only bounds a runaway


def events_key(turn_id: str) -> str:
    return f"tutor:turn:{turn_id}:events"


def lock_key(turn_id: str) -> str:
    return f"tutor:turn:{turn_id}:lock"


def shown_key(turn_id: str) -> str:
    return f"tutor:turn:{turn_id}:shown"


def active_key(user_id: str, session_id: str) -> str:
    return f"tutor:turns:active:{user_id}:{session_id}"


class TurnWriter:
    """The worker's side: appends events and holds the turn's lock (blocking calls, short)."""

    def __init__(self, client: redis.Redis, turn_id: str) -> None:
        self.client = client
        self.turn_id = turn_id
        self.owner = f"{time.time_ns()}"

    def claim(self) -> bool:
        """Take the turn's lock; False when another worker holds it."""
        return bool(self.client.set(lock_key(self.turn_id), self.owner, nx=True, ex=LOCK_S))

    def renew(self) -> None:
        self.client.set(lock_key(self.turn_id), self.owner, xx=True, ex=LOCK_S)

    def finished(self) -> bool:
        """Whether the turn already ended (its last event is `done`)."""
        last: Any = self.client.xrevrange(events_key(self.turn_id), count=1)
        return bool(last) and json.loads(last[0][1][b"event"]).get("type") == "done"

    def started(self) -> bool:
        return bool(self.client.xlen(events_key(self.turn_id)))

    def earlier_lesson(self) -> str | None:
        """The lesson an earlier delivery of this turn worked on, from its progress events:
        None when it died before it had one (while planning, say)."""
        entries: Any = self.client.xrange(events_key(self.turn_id))
        for _, fields in entries:
            event = json.loads(fields[b"event"])
            if event.get("type") == "progress" and event.get("lesson_id"):
                return str(event["lesson_id"])
        return None

    def append(self, event: Event) -> None:
        key = events_key(self.turn_id)
        pipe = self.client.pipeline(transaction=False)
        pipe.xadd(key, {"event": json.dumps(event)}, maxlen=MAX_EVENTS, approximate=True)
        pipe.expire(key, KEEP_S)
        pipe.execute()

    def release(self, user_id: str, session_id: str) -> None:
        """The turn is over: free its lock and the conversation's active mark (if still ours)."""
        pipe = self.client.pipeline(transaction=False)
        pipe.delete(lock_key(self.turn_id))
        pipe.execute()
        active = active_key(user_id, session_id)
        if self.client.get(active) == self.turn_id.encode():
            self.client.delete(active)


async def mark_active(
    client: redis.asyncio.Redis, user_id: str, session_id: str, turn_id: str
) -> None:
    await client.set(active_key(user_id, session_id), turn_id, ex=KEEP_S)


async def active_turn(client: redis.asyncio.Redis, user_id: str, session_id: str) -> str | None:
    found: Any = await client.get(active_key(user_id, session_id))
    return found.decode() if found else None


async def shown_position(client: redis.asyncio.Redis, turn_id: str) -> str:
    found: Any = await client.get(shown_key(turn_id))
    return found.decode() if found else "0-0"


async def mark_shown(client: redis.asyncio.Redis, turn_id: str, position: str) -> None:
    await client.set(shown_key(turn_id), position, ex=KEEP_S)


async def follow_events(
    client: redis.asyncio.Redis,
    turn_id: str,
    on_event: Callable[[str, Event], bool],
    *,
    outage_s: float,
    block_ms: int = 5000,
) -> None:
    """Read the turn's events from the first, in order, until `on_event(position, event)`
    returns True.

    Redis going away is waited out for `outage_s`, then `QueueUnreachable`; the events read
    so far are not read again (the stream position is kept).
    """
    position = "0-0"
    down_since: float | None = None
    while True:
        try:
            batches: Any = await client.xread(
                {events_key(turn_id): position}, block=block_ms, count=100
            )
            down_since = None
        except REDIS_DOWN as exc:
            now = time.monotonic()
            down_since = down_since or now
            if now - down_since > outage_s:
                raise QueueUnreachable(str(exc)) from exc
            await asyncio.sleep(1)
            continue
        for _key, entries in batches:
            for entry_id, fields in entries:
                position = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
                if on_event(position, json.loads(fields[b"event"])):
                    return
