"""`/share/{token}`: a shared lesson for anyone with the link, no login. Unknown, revoked and
expired tokens all get the same 404. The files come from the lesson's latest export at the
moment they are asked for, through `media_response` (local bytes with ranges, or a redirect to
the storage's own URL), and only those three files: nothing else of the owner's is reachable.
"""

from __future__ import annotations

import re
import secrets
from typing import Annotated, Protocol

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from chat import runtime
from chat.media import StoredFiles, is_remote, media_response
from chat.share_page import COMMON_HEADERS, GONE, origin, page_headers, share_page
from lessons.results import PublicLesson

router = APIRouter()
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,128}")  # secrets.token_urlsafe's alphabet
_FILES = {
    "lesson.mp4": "video_key",
    "chapters.vtt": "chapters_key",
    "subtitles.vtt": "subtitles_key",
}


class SharedLessons(StoredFiles, Protocol):
    """What the share routes need of the lesson service (`LessonService` has these)."""

    async def shared_lesson(self, token: str) -> PublicLesson | None: ...


async def shared_lessons() -> SharedLessons:
    """The app's lesson service (tests put their own in its place)."""
    return (await runtime.get_tutor()).service


Lessons = Annotated[SharedLessons, Depends(shared_lessons)]


async def _find(lessons: SharedLessons, token: str) -> PublicLesson | None:
    return await lessons.shared_lesson(token) if _TOKEN.fullmatch(token) else None


@router.get("/share/{token}")
async def shared_page(token: str, lessons: Lessons) -> Response:
    """The lesson's page: title, video, chapters, captions."""
    lesson = await _find(lessons, token)
    if lesson is None:
        return HTMLResponse(GONE, status_code=404, headers=COMMON_HEADERS)
    remote: list[str] = []
    for key in (lesson.video_key, lesson.chapters_key, lesson.subtitles_key):
        location = await lessons.url(key)
        if location and is_remote(location) and (found := origin(location)):
            remote.append(found)
    nonce = secrets.token_urlsafe(16)
    return HTMLResponse(share_page(lesson.title, token, nonce), headers=page_headers(nonce, remote))


@router.get("/share/{token}/{name}")
async def shared_file(token: str, name: str, lessons: Lessons) -> Response:
    """One of the page's three files: the video, its chapters, its captions."""
    lesson = await _find(lessons, token)
    field = _FILES.get(name)
    if lesson is None or field is None:
        return PlainTextResponse("Not found.", status_code=404, headers=COMMON_HEADERS)
    key: str = getattr(lesson, field)
    answer = await media_response(lessons, key)
    answer.headers.update(COMMON_HEADERS)
    return answer
