"""`/api/v1`: lessons, scene edits and reverts, share links and jobs, for a signed caller.

A sub-application of the chat app's server (its own OpenAPI schema at /api/v1/openapi.json
and docs at /api/v1/docs), on the same `LessonService` and turns as the chat.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import FastAPI, Path
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from chat import runtime
from chat.api.auth import CallerDep
from chat.api.context import api_settings, api_store
from chat.api.jobs import job_json, start_job
from chat.api.problems import Problem, install_problems
from chat.api.request_ids import RequestIds
from chat.api.views import LessonOut, api_view
from chat.api.webhook_urls import BadWebhook, check_webhook_url
from chat.media import media_response
from tools.media.quality import QualityName

Scene = Annotated[int, Path(ge=1, le=1000)]


class NewLesson(BaseModel):
    prompt: str = Field(min_length=1, max_length=4000)
    quality: QualityName | None = None
    webhook_url: str | None = Field(default=None, max_length=2000)


class Edit(BaseModel):
    change: str = Field(min_length=1, max_length=4000)
    webhook_url: str | None = Field(default=None, max_length=2000)


class Revert(BaseModel):
    # Bounded so a huge number is a 422, not an integer the database cannot hold.
    to: int | None = Field(default=None, ge=1, le=1_000_000)


def build_api() -> FastAPI:
    api = FastAPI(
        title="Manim Tutor API",
        version="1",
        description="Signed requests: see the README (X-Tutor-Key, X-Tutor-Signature).",
        docs_url="/docs",
        openapi_url="/openapi.json",
        redoc_url=None,
    )
    install_problems(api)
    api.add_middleware(RequestIds)

    async def checked_webhook(url: str | None) -> str | None:
        if url is None:
            return None
        try:
            await check_webhook_url(url, api_settings().webhook_allow_private)
        except BadWebhook as exc:
            raise Problem(422, str(exc)) from None
        return url

    @api.post("/lessons", status_code=202)
    async def create_lesson(body: NewLesson, caller: CallerDep) -> JSONResponse:  # pyright: ignore[reportUnusedFunction]
        webhook = await checked_webhook(body.webhook_url)
        tutor = await runtime.get_tutor()
        job = await start_job(
            caller.user,
            caller.key.id,
            caller.secret,
            kind="lesson",
            message=f"Make a lesson on {body.prompt}",
            session_id="api-" + tutor.new_session_id(),
            lesson_id=None,
            scene=None,
            quality=body.quality,
            webhook_url=webhook,
        )
        store = await api_store()
        deadline = asyncio.get_running_loop().time() + api_settings().api_lesson_wait_s
        while job.lesson_id is None and job.state in ("queued", "running"):
            if asyncio.get_running_loop().time() > deadline:
                break
            await asyncio.sleep(0.2)
            job = await store.job(caller.user, job.id)
        return JSONResponse({"lesson": job.lesson_id, "job": job_json(job)}, status_code=202)

    @api.get("/lessons")
    async def list_lessons(caller: CallerDep) -> dict[str, Any]:  # pyright: ignore[reportUnusedFunction]
        lessons = await (await runtime.get_tutor()).service.lessons(caller.user)
        return {
            "lessons": [
                {
                    "id": x.id,
                    "title": x.title,
                    "created_at": x.created_at,
                    "updated_at": x.updated_at,
                }
                for x in lessons
            ]
        }

    @api.get("/lessons/{lesson_id}")
    async def get_lesson(lesson_id: str, caller: CallerDep) -> LessonOut:  # pyright: ignore[reportUnusedFunction]
        return await api_view(caller.user, lesson_id)

    @api.post("/lessons/{lesson_id}/scenes/{n}/edit", status_code=202)
    async def edit_scene(lesson_id: str, n: Scene, body: Edit, caller: CallerDep) -> JSONResponse:  # pyright: ignore[reportUnusedFunction]
        webhook = await checked_webhook(body.webhook_url)
        tutor = await runtime.get_tutor()
        lesson = await tutor.service.lesson(caller.user, lesson_id)  # 404 for another's
        await tutor.service.scene(caller.user, lesson_id, n)
        remote = runtime.remote_turns()
        if tutor.is_running(caller.user, lesson.session_id) or (
            remote is not None and await remote.running(caller.user, lesson.session_id)
        ):
            raise Problem(409, "a job is already working on this lesson; wait for it to end")
        job = await start_job(
            caller.user,
            caller.key.id,
            caller.secret,
            kind="edit",
            message=f"Change scene {n}: {body.change}",
            session_id=lesson.session_id,
            lesson_id=lesson_id,
            scene=n,
            quality=None,
            webhook_url=webhook,
        )
        return JSONResponse({"lesson": lesson_id, "job": job_json(job)}, status_code=202)

    @api.post("/lessons/{lesson_id}/scenes/{n}/revert")
    async def revert_scene(  # pyright: ignore[reportUnusedFunction]
        lesson_id: str, n: Scene, caller: CallerDep, body: Revert | None = None
    ) -> dict[str, Any]:
        service = (await runtime.get_tutor()).service
        await service.scene(caller.user, lesson_id, n)
        reverted = await service.revert_scene(caller.user, lesson_id, n, body.to if body else None)
        view = await api_view(caller.user, lesson_id)
        return {"lesson": lesson_id, "scene": n, "version": reverted.version.number, "view": view}

    @api.post("/lessons/{lesson_id}/share")
    async def share_lesson(lesson_id: str, caller: CallerDep) -> dict[str, Any]:  # pyright: ignore[reportUnusedFunction]
        tutor = await runtime.get_tutor()
        link = await tutor.service.share(caller.user, lesson_id)
        return {
            "lesson": lesson_id,
            "url": tutor.settings.share_url(link.token),
            "expires_at": link.expires_at,
            "reused": link.reused,
        }

    @api.get("/lessons/{lesson_id}/scenes/{n}/clip")
    async def scene_clip(lesson_id: str, n: Scene, caller: CallerDep) -> Response:  # pyright: ignore[reportUnusedFunction]
        service = (await runtime.get_tutor()).service
        live = await service.live_version(caller.user, lesson_id, n)
        if live is None or not live.clip_key:
            raise Problem(404, f"scene {n} has no rendered clip yet")
        return await media_response(service, live.clip_key)

    @api.get("/lessons/{lesson_id}/video")
    async def lesson_video(lesson_id: str, caller: CallerDep) -> Response:  # pyright: ignore[reportUnusedFunction]
        service = (await runtime.get_tutor()).service
        export = await service.latest_export(caller.user, lesson_id)
        if export is None:
            raise Problem(404, "the lesson has not been stitched yet")
        return await media_response(service, export.video_key)

    @api.get("/jobs/{job_id}")
    async def get_job(job_id: str, caller: CallerDep) -> dict[str, Any]:  # pyright: ignore[reportUnusedFunction]
        job = await (await api_store()).job(caller.user, job_id)
        return job_json(job)

    return api
