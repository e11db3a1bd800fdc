"""The Celery app that carries renders from the chat app to `tutor worker` processes over Redis.

Both sides build it from the same `QueueConfig`. Every network wait is bounded, so an
unreachable Redis becomes a clear error within seconds instead of a hang.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from celery import Celery

TASK_NAME = "tutor.render"
QUEUE = "tutor.renders"
# Chat turns (`TUTOR_TURNS=celery`) travel on the same Redis, in a queue of their own: a turn
# waits on its renders, so it must never hold a render slot.
TURN_TASK = "tutor.turn"
TURN_QUEUE = "tutor.turns"
# Recent failed jobs (a capped list the workers write and `tutor status` reads).
FAILED_KEY = "tutor:renders:failed"
FAILED_KEEP = 50


@dataclass(frozen=True)
class QueueConfig:
    redis_url: str
    timeout_s: float = 5.0  # connecting to Redis, one command, one publish
    # A job a worker took but never acknowledged (the worker died) goes back to the queue
    # after this long; it must exceed the longest render, or a slow render runs twice.
    visibility_timeout_s: float = 600.0
    max_retries: int = 5  # transient failures of one job (storage, Redis blips)
    # While a job is not done, the app asks this often whether any worker is alive.
    worker_check_s: float = 30.0
    result_ttl_s: int = 24 * 3600

    @property
    def where(self) -> str:
        """The Redis address for messages: the URL without its password."""
        return redact(self.redis_url)


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit(parts._replace(netloc=f"{user}{host}{port}"))


def make_celery(config: QueueConfig) -> Celery:
    """A Celery app on Redis (broker and result store) with this project's delivery rules."""
    app = Celery("tutor", broker=config.redis_url, backend=config.redis_url)
    timeout = config.timeout_s
    # Restore abandoned jobs every second (kombu scans every Nth call; 1 = every call), so a
    # job of a killed worker is back in the queue soon after its visibility timeout.
    transport = {
        "visibility_timeout": config.visibility_timeout_s,
        "socket_connect_timeout": timeout,
        "socket_timeout": max(timeout, 30.0),  # BRPOP waits up to its own timeout
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
        # Each sweep holds a Redis lock for a moment; a worker killed while holding it would
        # block every sweep (so every redelivery) until the lock expires: 5 minutes by default.
        "unacked_mutex_expire": 10,
        "max_retries": 2,
    }
    app.conf.update(
        broker_transport_options=transport,
        result_backend_transport_options={"visibility_timeout": config.visibility_timeout_s},
        broker_connection_timeout=timeout,
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,  # a worker waits for Redis to come back
        redis_socket_connect_timeout=timeout,
        redis_socket_timeout=timeout,
        redis_retry_on_timeout=False,
        redis_backend_health_check_interval=10,
        result_backend_always_retry=True,
        result_backend_max_retries=5,
        result_backend_max_sleep_between_retries_ms=2000,
        result_expires=config.result_ttl_s,
        result_extended=True,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_default_queue=QUEUE,
        task_track_started=True,  # STARTED reaches the app: the scene shows "rendering"
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_publish_retry=True,
        task_publish_retry_policy={
            "max_retries": 2,
            "interval_start": 0.2,
            "interval_step": 0.5,
            "interval_max": 1.0,
        },
        worker_prefetch_multiplier=1,  # take only what can start now; the rest stays queued
        worker_hijack_root_logger=False,
        worker_send_task_events=True,
        task_send_sent_event=False,
        broker_channel_error_retry=True,
    )
    return app
