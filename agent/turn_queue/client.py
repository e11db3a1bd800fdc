"""The app's side of remote turns: send a turn to the workers, and follow any turn's events.

`turn()` marks the conversation's turn as under way, sends the job, and replays its events
into the observer until `done`. `running()` and `follow()` let any app instance pick up a
turn it did not start (another tab, another instance, or this one after a restart).
"""

from __future__ import annotations

import asyncio
import uuid

import redis.asyncio
from celery import Celery
from kombu.exceptions import OperationalError

from agent.turn_queue.events import Event, replay
from agent.turn_queue.log import (
    active_turn,
    follow_events,
    mark_active,
    mark_shown,
    shown_position,
)
from agent.tutor import TurnObserver, TurnOptions, TurnResult
from lessons.store.records import User
from tools.logs import current_id
from tools.render.queue.celery_app import TURN_QUEUE, TURN_TASK, QueueConfig
from tools.render.queue.watch import REDIS_DOWN, QueueUnreachable

UNREACHABLE = (
    "The turn queue (Redis at {where}) cannot be reached, so this request was not started."
    " Your lessons so far are kept; please try again in a moment, or ask the operator to check"
    " Redis and `tutor worker --turns`."
)


class RemoteTurns:
    def __init__(self, app: Celery, config: QueueConfig) -> None:
        self.app = app
        self.config = config
        self.redis = redis.asyncio.Redis.from_url(
            config.redis_url,
            socket_connect_timeout=config.timeout_s,
            socket_timeout=config.timeout_s + 10,  # above XREAD's own 5 s block
        )

    async def turn(
        self,
        user: User,
        session_id: str,
        message: str,
        *,
        lesson_id: str | None = None,
        observer: TurnObserver,
        options: TurnOptions,
    ) -> TurnResult:
        """Run one turn on a worker and show it through `observer` as it happens."""
        turn_id = uuid.uuid4().hex
        try:
            await mark_active(self.redis, user.id, session_id, turn_id)
            self.app.send_task(
                TURN_TASK,
                kwargs={
                    "turn_id": turn_id,
                    "user_name": user.name,
                    "session_id": session_id,
                    "message": message,
                    "lesson_id": lesson_id,
                    "offline": _is_offline(options),
                    "quality": options.quality,
                    "max_repair_attempts": options.max_repair_attempts,
                    "voice": options.voice,
                    "cid": current_id(),
                },
                task_id=turn_id,
                queue=TURN_QUEUE,
            )
        except (*REDIS_DOWN, OperationalError):
            return TurnResult(UNREACHABLE.format(where=self.config.where), None, ok=False)
        return await self.follow(turn_id, observer)

    async def running(self, user: User, session_id: str) -> str | None:
        """The conversation's turn under way on a worker, if any (None when Redis is away)."""
        try:
            return await active_turn(self.redis, user.id, session_id)
        except REDIS_DOWN:
            return None

    async def follow(
        self, turn_id: str, observer: TurnObserver, catch_up: TurnObserver | None = None
    ) -> TurnResult:
        """Replay the turn's events into `observer` until it is done.

        With `catch_up`, the events a chat has already shown go to it instead (so a chat that
        picks the turn up shows each clip once); either way every event shown is recorded.
        """
        ended: list[TurnResult] = []
        shown = _position(await shown_position(self.redis, turn_id)) if catch_up else (0, 0)
        marks: set[asyncio.Task[None]] = set()

        def on_event(position: str, event: Event) -> bool:
            seen_before = _position(position) <= shown
            if result := replay(event, catch_up if catch_up and seen_before else observer):
                ended.append(result)
            if not seen_before:
                mark = asyncio.ensure_future(mark_shown(self.redis, turn_id, position))
                marks.add(mark)
                mark.add_done_callback(marks.discard)
            return bool(ended)

        try:
            await follow_events(self.redis, turn_id, on_event, outage_s=3 * self.config.timeout_s)
        except QueueUnreachable:
            message = (
                f"Lost contact with the turn queue (Redis at {self.config.where}). The lesson goes"
                " on on the worker; reopen this chat in a moment to see it."
            )
            return TurnResult(message, None, ok=False)
        await asyncio.gather(*marks, return_exceptions=True)
        return ended[0]

    async def close(self) -> None:
        await self.redis.aclose()
        self.app.close()


def _is_offline(options: TurnOptions) -> bool:
    """A remote turn names its model; the chat's only per-turn model is the offline one."""
    if options.model is None:
        return False
    from agent.offline import OfflineLessonModel

    if not isinstance(options.model, OfflineLessonModel):
        raise ValueError("a turn on a worker uses the worker's model or the offline one")
    return True


def _position(entry_id: str) -> tuple[int, int]:
    """A Redis stream entry id ("<ms>-<seq>") as something that orders."""
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)
