"""`tutor worker` (serve render jobs from Redis) and `tutor status` (what the queue is doing).

Both need `TUTOR_REDIS_URL`; a worker keeps the app's sandbox, limits and warm sandboxes, and
writes renders to the render cache the app reads (`TUTOR_RENDER_CACHE_DIR`, shared).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from agent.cli_errors import CliError, report
from agent.settings import Settings

COMMANDS = {"worker", "status"}


def add_commands(sub: Any) -> None:
    """Register `tutor worker` and `tutor status` on the top-level subparsers."""
    worker = sub.add_parser("worker", help="Render scenes sent through Redis (TUTOR_REDIS_URL).")
    worker.add_argument(
        "--concurrency",
        type=int,
        default=0,
        help="Jobs at once (default: one per CPU core for renders, 2 for turns).",
    )
    worker.add_argument(
        "--turns",
        action="store_true",
        help="Run chat turns (TUTOR_TURNS=celery) instead of renders.",
    )
    status = sub.add_parser("status", help="The render queue: waiting, workers, running, failed.")
    status.add_argument("--json", action="store_true", help="Print one JSON object.")


def run(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.redis_url:
        message = f"tutor {args.command} needs TUTOR_REDIS_URL (e.g. redis://localhost:6379/0)"
        return report(CliError(message), getattr(args, "json", False))
    if args.command == "worker":
        return _worker(args, settings)
    return _status(args, settings)


def _worker(args: argparse.Namespace, settings: Settings) -> int:
    from agent.wiring import open_worker
    from tools.render.queue.worker import run_worker

    if args.concurrency < 0:
        return report(CliError("--concurrency must be 1 or more (0: one per CPU core)"), False)
    if args.turns:
        return _turn_worker(args, settings)
    concurrency = args.concurrency or settings.worker_count()
    if settings.render_visibility_timeout_s <= settings.render_timeout_s:
        print(
            "tutor worker: warning: TUTOR_RENDER_VISIBILITY_TIMEOUT_S is not above "
            "TUTOR_RENDER_TIMEOUT_S, so a long render may be handed to a second worker",
            file=sys.stderr,
        )
    worker = open_worker(settings, concurrency)
    print(
        f"tutor worker {worker.host.name}: {concurrency} at once, queue at "
        f"{worker.config.where}, render cache {settings.render_cache_root}",
        file=sys.stderr,
        flush=True,
    )
    return run_worker(worker.app, worker.host, concurrency, settings.log_level.upper())


def _turn_worker(args: argparse.Namespace, settings: Settings) -> int:
    """Turns wait on the model and on renders, not the CPU: two at once unless told."""
    from agent.turn_queue.setup import open_turn_worker
    from agent.wiring import queue_config
    from tools.render.queue.celery_app import TURN_QUEUE
    from tools.render.queue.worker import run_worker

    concurrency = args.concurrency or 2
    app, host = open_turn_worker(settings)
    print(
        f"tutor worker (turns): {concurrency} at once, queue at {queue_config(settings).where},"
        f" renders {settings.renderer}, store {settings.store}",
        file=sys.stderr,
        flush=True,
    )
    return run_worker(app, host, concurrency, settings.log_level.upper(), TURN_QUEUE)


def _status(args: argparse.Namespace, settings: Settings) -> int:
    import redis.exceptions
    from kombu.exceptions import OperationalError

    from agent.wiring import open_queue
    from tools.render.queue.status import queue_status

    app, config = open_queue(settings)
    try:
        status = queue_status(app, config)
    except (redis.exceptions.RedisError, OperationalError, OSError) as exc:
        message = f"the render queue (Redis at {config.where}) cannot be reached: {exc}"
        return report(CliError(message, "environment"), args.json)
    finally:
        app.close()
    if args.json:
        print(json.dumps(status.model_dump(mode="json")))
        return 0
    print(
        f"queue at {status.redis}: {status.queued} renders and {status.turns_queued} turns waiting"
    )
    print(f"workers: {len(status.workers)}")
    for w in status.workers:
        print(f"  {w.name}: {w.running} running of {w.concurrency or '?'}")
    print(f"running: {len(status.running)}")
    for job in status.running:
        what = f"{job.scene or '-'}/{job.quality}" if job.kind == "render" else "chat turn"
        print(f"  {job.id[:12]} {what} on {job.worker} [{job.cid}]")
    print(f"failed (newest first): {len(status.failed)}")
    for f in status.failed:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(f.at))
        print(f"  {when} {f.id[:12]} {f.kind}: {f.message} on {f.worker} [{f.cid}]")
    return 0
