"""Both sides of remote turns, built from `Settings`: the app's client and a turn worker."""

from __future__ import annotations

import redis
from celery import Celery

from agent.settings import Settings
from agent.turn_queue.client import RemoteTurns
from agent.turn_queue.worker import TurnHost, register_turn_task
from agent.tutor import Tutor
from agent.wiring import queue_config
from tools.render.queue.celery_app import make_celery


def open_turns(settings: Settings) -> RemoteTurns:
    """The app's way to run turns on the turn workers and follow them (`TUTOR_TURNS=celery`)."""
    config = queue_config(settings)
    return RemoteTurns(make_celery(config), config)


def open_turn_worker(settings: Settings) -> tuple[Celery, TurnHost]:
    """A turn worker's parts (`tutor worker --turns`): the queue, and a host that opens one
    `Tutor` from the same settings as the app (its store, storage, renderer and model)."""
    config = queue_config(settings)
    app = make_celery(config)
    client = redis.Redis.from_url(
        config.redis_url, socket_connect_timeout=config.timeout_s, socket_timeout=config.timeout_s
    )
    host = TurnHost(lambda: Tutor.open(settings, keep_warm=True), client)
    register_turn_task(app, host)
    return app, host
