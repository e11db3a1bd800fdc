"""`GET /ready`: 200 when the app can do its work, 503 otherwise; each dependency named with
its state (database, storage, queue, model), nothing secret (no URLs, hosts or keys)."""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from chat import runtime
from chat.health import storage_problems

log = logging.getLogger(__name__)
PROBE_S = 5.0
router = APIRouter()


async def _database() -> str:
    tutor = await runtime.get_tutor()
    await tutor.accounts.get_user("-ready-probe-")
    return "ok"


async def _storage() -> str:
    settings = runtime.settings()
    if await asyncio.to_thread(storage_problems, settings.data_dir, settings.health_min_free_mb):
        return "unavailable"
    await (await runtime.get_tutor()).service.has_file("ready/probe")  # reaches S3 when used
    return "ok"


async def _queue() -> str:
    settings = runtime.settings()
    if settings.turns != "celery" and settings.renderer != "celery":
        return "not used"
    import redis.asyncio as redis

    client = redis.Redis.from_url(settings.redis_url or "", socket_timeout=PROBE_S)
    try:
        await client.ping()  # pyright: ignore[reportUnknownMemberType]
    finally:
        await client.aclose()
    return "ok"


async def _model() -> str:
    tutor = await runtime.get_tutor()
    return "offline (no model configured)" if tutor.offline else "configured"


async def _state(name: str, probe: asyncio.Future[str] | asyncio.Task[str]) -> str:
    try:
        return await asyncio.wait_for(probe, PROBE_S)
    except Exception as exc:  # the reason goes to the log, not to the caller
        log.warning("readiness: %s is unavailable: %s", name, type(exc).__name__)
        return "unavailable"


@router.get("/ready")
async def ready() -> JSONResponse:
    probes = {"database": _database, "storage": _storage, "queue": _queue, "model": _model}
    states = {}
    for name, probe in probes.items():
        states[name] = await _state(name, asyncio.ensure_future(probe()))
    ok = all(state != "unavailable" for state in states.values())
    return JSONResponse(
        {"status": "ready" if ok else "unavailable", "checks": states},
        status_code=200 if ok else 503,
    )
