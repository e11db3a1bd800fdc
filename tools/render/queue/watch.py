"""Following one render job's state in Redis as it changes.

Celery's Redis result store keeps each job's latest state under a key and publishes every
change on a channel of the same name. A watch subscribes first, then reads the key (a state
written before the subscription is not missed), then waits for messages, reading the key
again every second in case one was lost. Redis going away is survived for a bounded time.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any

import redis.asyncio
import redis.exceptions

REDIS_DOWN: tuple[type[BaseException], ...] = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    OSError,
)
FINAL_STATES = frozenset({"SUCCESS", "FAILURE", "REVOKED"})


class QueueUnreachable(Exception):
    """Redis did not answer for longer than the watch tolerates."""


State = dict[str, Any]


async def follow_job(
    url: str,
    key: str,
    send: Callable[[bool], Awaitable[None]],
    on_state: Callable[[State], None],
    *,
    timeout_s: float,
    outage_s: float,
    waiting: Callable[[], Awaitable[None]] | None = None,
    waiting_every_s: float = 30.0,
) -> State:
    """Subscribe to the job's channel, `send(first)` the job, and return its final state.

    `on_state` sees every state as it arrives; `waiting` is awaited every `waiting_every_s`
    until the job is done (it may raise to give up). After an outage the job is sent again with
    `first=False` (the same id, so a job that survived is not stored twice, and one lost with
    Redis's memory is not lost for good). `QueueUnreachable` after `outage_s` without Redis.
    """
    down_since: float | None = None
    sent: list[bool] = []
    tries = 0

    async def send_once_more() -> None:
        nonlocal down_since
        await send(not sent)
        sent.append(True)
        down_since = None  # connected again: a later outage is timed from its own start

    while True:
        client = redis.asyncio.Redis.from_url(
            url, socket_connect_timeout=timeout_s, socket_timeout=timeout_s
        )
        try:
            return await _watch(client, key, send_once_more, on_state, waiting, waiting_every_s)
        except REDIS_DOWN as exc:
            now = time.monotonic()
            down_since = down_since or now
            if now - down_since > outage_s:
                raise QueueUnreachable(str(exc) or type(exc).__name__) from exc
            tries += 1
            await asyncio.sleep(min(2.0, 0.1 * 2**tries) * random.uniform(0.5, 1.0))
        finally:
            await client.aclose()


async def _watch(
    client: redis.asyncio.Redis,
    key: str,
    send: Callable[[], Awaitable[None]],
    on_state: Callable[[State], None],
    waiting: Callable[[], Awaitable[None]] | None,
    waiting_every_s: float,
) -> State:
    pubsub = client.pubsub()
    try:
        await pubsub.subscribe(key)
        seen: str | None = None
        await send()
        checked = time.monotonic()
        while True:
            # Not final yet: a job queued with no worker alive, or whose only worker died
            # mid-render, would wait forever.
            if waiting is not None and time.monotonic() - checked >= waiting_every_s:
                await waiting()
                checked = time.monotonic()
            state = await _read(client, key)
            if state is not None and state.get("status") != seen:
                seen = state.get("status")
                on_state(state)
            if state is not None and seen in FINAL_STATES:
                return state
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            if message is not None:
                state = _decode(message.get("data"))
                if state is not None and state.get("status") != seen:
                    seen = state.get("status")
                    on_state(state)
                    if seen in FINAL_STATES:
                        return state
    finally:
        await pubsub.aclose()


async def _read(client: redis.asyncio.Redis, key: str) -> State | None:
    return _decode(await client.get(key))


def _decode(data: object) -> State | None:
    if not isinstance(data, bytes | str):
        return None
    try:
        value = json.loads(data)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
