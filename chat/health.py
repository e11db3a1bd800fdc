"""`GET /health`: 200 while the data dir takes writes and has room, 503 naming what is wrong."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import JSONResponse


def storage_problems(data_dir: Path, min_free_mb: int) -> list[str]:
    """What keeps the app from storing lessons, in words (no paths); empty when all is well."""
    problems: list[str] = []
    try:
        handle, name = tempfile.mkstemp(prefix=".health-", dir=data_dir)
        try:
            os.write(handle, b"ok")
            os.fsync(handle)
        finally:
            os.close(handle)
            os.unlink(name)
    except OSError:
        problems.append("the data directory does not accept writes")
    try:
        free_mb = shutil.disk_usage(data_dir).free // 2**20
    except OSError:
        problems.append("the data directory cannot be read")
    else:
        if free_mb < min_free_mb:
            problems.append(f"less than {min_free_mb} MB free on the data volume")
    return problems


def health_router(data_dir: Path, min_free_mb: int) -> APIRouter:
    router = APIRouter()

    @router.get("/health")
    async def health() -> JSONResponse:  # pyright: ignore[reportUnusedFunction]
        problems = await asyncio.to_thread(storage_problems, data_dir, min_free_mb)
        if problems:
            return JSONResponse({"status": "unavailable", "problems": problems}, status_code=503)
        return JSONResponse({"status": "ok"})

    return router
