"""The worker's side of remote turns: `tutor worker --turns` runs each turn job through one
`Tutor` living on an event loop of its own, writing the turn's events to Redis as they happen.

A job may be delivered twice (its worker died, or outlived the visibility timeout): the turn's
lock in Redis keeps a second worker from running a turn that is still running (it looks again
later, in case the holder died); a turn whose first run died part-way is finished the way
`tutor resume` finishes an interrupted lesson, not started again (the model would plan a
second lesson).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import redis
from celery import Celery, Task

from agent.resume import resume_lesson
from agent.turn_queue.events import Event, done_event, recording
from agent.turn_queue.log import LOCK_S, TurnWriter
from agent.tutor import TurnOptions, TurnResult, Tutor
from lessons.resume import unfinished_scenes
from tools.logs import correlation
from tools.render.queue.celery_app import TURN_TASK
from tools.render.queue.watch import REDIS_DOWN
from tools.retry import RetryPolicy, retry_sync

log = logging.getLogger(__name__)
T = TypeVar("T")
# The last event rides out a Redis outage of about a minute (waits up to 4 s, 30 tries).
LAST_EVENT_POLICY = RetryPolicy(tries=30, first_wait_s=0.5, max_wait_s=4.0)

FAILED_REPLY = (
    "Something went wrong on our side while making that. Please try again; "
    "if it keeps happening, revert the last change or start a new chat."
)
RESUMED_REPLY = "This lesson was interrupted on our side; I picked it up again and finished it."


class TurnHost:
    """One `Tutor` (opened on first use) on an event loop thread; Celery's job threads hand it
    turns."""

    def __init__(self, open_tutor: Callable[[], Awaitable[Tutor]], client: redis.Redis) -> None:
        self.open_tutor = open_tutor
        self.redis = client
        self.loop = asyncio.new_event_loop()
        self._tutor: Tutor | None = None
        self._lock = asyncio.Lock()
        self._thread = threading.Thread(target=self.loop.run_forever, name="turn-loop")
        self._thread.daemon = True
        self._thread.start()

    async def tutor(self) -> Tutor:
        async with self._lock:
            if self._tutor is None:
                self._tutor = await self.open_tutor()
            return self._tutor

    def run(self, work: Awaitable[T]) -> T:
        async def job() -> T:
            return await work

        return asyncio.run_coroutine_threadsafe(job(), self.loop).result()

    def prewarm(self) -> None:
        """Open the Tutor before the first job (its sandboxes and the docs server start now)."""
        self.run(self.tutor())

    def close(self) -> None:
        with contextlib.suppress(Exception):  # a best effort on the way out
            if self._tutor is not None:
                self.run(self._tutor.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5)


def register_turn_task(app: Celery, host: TurnHost) -> None:
    """The turn task, as the workers run it (the app sends it by name only)."""

    def turn(
        task: Task,
        turn_id: str,
        user_name: str,
        session_id: str,
        message: str,
        lesson_id: str | None = None,
        offline: bool = False,
        quality: Any = None,
        max_repair_attempts: int | None = None,
        voice: bool | None = None,
        cid: str = "-",
    ) -> None:
        writer = TurnWriter(host.redis, turn_id)
        if writer.finished():
            log.info("turn %s: already done; nothing to do", turn_id[:12])
            return
        if not writer.claim():
            # Running elsewhere, or its worker died and the lock has not expired yet: look
            # again once it would have (a live worker renews it; a dead one cannot).
            log.info("turn %s: held by another worker; looking again in %ds", turn_id[:12], LOCK_S)
            raise task.retry(countdown=LOCK_S, max_retries=None)
        options = TurnOptions(
            model=_offline_model() if offline else None,
            quality=quality,
            max_repair_attempts=max_repair_attempts,
            voice=voice,
        )
        with correlation(None if cid == "-" else cid):  # a turn's lines share one id
            log.info("turn %s: started for %s", turn_id[:12], user_name)
            result = host.run(
                run_turn(host, writer, user_name, session_id, message, lesson_id, options)
            )
            log.info("turn %s: %s", turn_id[:12], "done" if result.ok else "ended in an error")

    app.task(bind=True, name=TURN_TASK, acks_late=True, reject_on_worker_lost=True)(turn)


async def run_turn(
    host: TurnHost,
    writer: TurnWriter,
    user_name: str,
    session_id: str,
    message: str,
    lesson_id: str | None,
    options: TurnOptions,
) -> TurnResult:
    """Run (or, after a worker died part-way, finish) one turn, writing its events."""
    tutor = await host.tutor()
    user = await tutor.user(user_name)
    observer = recording(_best_effort(writer))
    # Events from an earlier delivery: that run died part-way. The lesson it worked on is
    # finished, not planned again, even when it died after its last render (stitching, say).
    again = writer.started()
    renewing = asyncio.create_task(_renew(writer))
    try:
        interrupted = await asyncio.to_thread(writer.earlier_lesson) if again else None
        if interrupted is None and again:  # an earlier run that named no lesson in its events
            found = await tutor.lesson_for(user, session_id)
            unfinished = found and await unfinished_scenes(tutor.service, user, found)
            interrupted = found if unfinished else None
        if interrupted:
            resumed = await resume_lesson(tutor, user, interrupted, observer, options)
            result = TurnResult(resumed.reply or RESUMED_REPLY, interrupted, resumed.rendered)
        else:
            result = await tutor.turn(
                user, session_id, message, lesson_id=lesson_id, observer=observer, options=options
            )
    except Exception:  # whatever broke, the user gets words, and the app stops waiting
        log.exception("turn failed")
        result = TurnResult(FAILED_REPLY, lesson_id, ok=False)
    finally:
        renewing.cancel()
    await asyncio.to_thread(_write_last, writer, done_event(result))
    await asyncio.to_thread(writer.release, user.id, session_id)
    return result


def _offline_model() -> Any:
    from agent.offline import OfflineLessonModel

    return OfflineLessonModel()


def _best_effort(writer: TurnWriter) -> Callable[[Event], None]:
    """Live events are a view: a Redis blip must not break the turn (the store has the truth)."""

    def write(event: Event) -> None:
        try:
            writer.append(event)
        except REDIS_DOWN as exc:
            log.warning("turn %s: an event was not recorded: %s", writer.turn_id[:12], exc)

    return write


def _write_last(writer: TurnWriter, event: Event) -> None:
    """The `done` event ends every follower's wait: keep trying while Redis is away."""
    retry_sync(
        lambda: writer.append(event),
        what=f"turn {writer.turn_id[:12]}: recording its end",
        policy=LAST_EVENT_POLICY,
        retry_if=lambda error: isinstance(error, REDIS_DOWN),
    )


async def _renew(writer: TurnWriter) -> None:
    while True:
        await asyncio.sleep(LOCK_S / 3)
        with contextlib.suppress(*REDIS_DOWN):
            await asyncio.to_thread(writer.renew)
