"""The share routes over a real store, real files and a real mp4: no login, the same 404 for
unknown, revoked and expired links, ranges on the video, an escaped title, strict headers, and
a redirect (allowed by the page's policy) when the storage serves files from its own address."""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from chat.share_routes import router, shared_lessons
from lessons.service import LessonService
from lessons.store.records import ExportFiles, SceneDraft, User
from lessons.store.sqlite_store import SqliteLessonStore
from tools.render.engine import EngineConfig, RenderEngine
from tools.storage.local import LocalStorage

HOSTILE = '</title><script>alert(1)</script><img src=x onerror="alert(2)"> & "Pythagoras"'
DRAFTS = [SceneDraft(title="Triangles", goal="g", narration="A right triangle.", visual="v")]
CHAPTERS = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nTriangles\n"
SUBTITLES = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nA right triangle.\n"


class CdnStorage(LocalStorage):
    """Local files that the storage says are served from a CDN (as S3 with a CDN would)."""

    async def url(self, key: str) -> str:
        return f"https://cdn.example.org/{key}"


class NoDocs:
    def snippets(self, error: object, code: str = "") -> list[str]:
        return []


def tiny_mp4(path: Path) -> Path:
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=2:size=160x120:rate=15",
         "-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-y", str(path)],
        check=True,
    )  # fmt: skip
    return path


async def published(
    store: SqliteLessonStore, files: LocalStorage, tmp: Path, user: User, title: str
) -> str:
    """A lesson with one stitched export in storage; its id."""
    lesson = await store.create_lesson(user, title, "make it", "chat-1", "low", DRAFTS)
    prefix = f"u/{user.id}/l/{lesson.id}/exports/1"
    (tmp / "chapters.vtt").write_text(CHAPTERS)
    (tmp / "subtitles.vtt").write_text(SUBTITLES)
    await files.put(f"{prefix}/lesson.mp4", tiny_mp4(tmp / "lesson.mp4"), "video/mp4")
    await files.put(f"{prefix}/chapters.vtt", tmp / "chapters.vtt", "text/vtt")
    await files.put(f"{prefix}/subtitles.vtt", tmp / "subtitles.vtt", "text/vtt")
    export = ExportFiles(
        video_key=f"{prefix}/lesson.mp4",
        chapters_key=f"{prefix}/chapters.vtt",
        subtitles_key=f"{prefix}/subtitles.vtt",
        duration_s=2.0,
        scene_versions=[0],
    )
    await store.add_export(user, lesson.id, export)
    return lesson.id


def service_over(
    store: SqliteLessonStore, files: LocalStorage, tmp: Path, index: Path
) -> LessonService:
    engine = RenderEngine(
        EngineConfig(data_dir=tmp / "engine", workers=1, api_index_dir=index),
        LocalStorage(tmp / "cache"),
    )
    return LessonService(store, files, engine, NoDocs(), tmp / "work")


async def client_for(service: LessonService) -> httpx.AsyncClient:
    app = FastAPI()
    app.include_router(router)
    app.dependency_overrides[shared_lessons] = lambda: service
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1")


@pytest.fixture
async def local(
    store: SqliteLessonStore, tmp_path: Path, index_dir: Path
) -> AsyncIterator[tuple[LessonService, httpx.AsyncClient, User, str]]:
    files = LocalStorage(tmp_path / "files")
    service = service_over(store, files, tmp_path, index_dir)
    ada = await store.ensure_user("ada")
    lesson = await published(store, files, tmp_path, ada, HOSTILE)
    async with await client_for(service) as client:
        yield service, client, ada, lesson


async def test_the_page_opens_without_a_login_and_escapes_the_title(
    local: tuple[LessonService, httpx.AsyncClient, User, str],
) -> None:
    service, client, ada, lesson = local
    token = (await service.share(ada, lesson)).token
    page = await client.get(f"/share/{token}")  # no cookie, no token: nobody is logged in
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    body = page.text
    assert "<script>alert" not in body and 'onerror="alert' not in body and "<img" not in body
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&amp; &quot;Pythagoras&quot;" in body
    assert (
        f'<video id="lesson" controls preload="metadata" playsinline src="/share/{token}/lesson.mp4">'
        in body
    )
    assert f'<track kind="chapters" src="/share/{token}/chapters.vtt"' in body
    assert f'<track kind="subtitles" src="/share/{token}/subtitles.vtt"' in body
    assert "/tutor-files/" not in body and ada.id not in body and lesson not in body
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "media-src 'self';" in policy
    assert "script-src 'nonce-" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["x-robots-tag"].startswith("noindex")
    assert page.headers["cache-control"] == "no-store"


async def test_the_video_answers_ranges_and_the_tracks_are_webvtt(
    local: tuple[LessonService, httpx.AsyncClient, User, str],
) -> None:
    service, client, ada, lesson = local
    token = (await service.share(ada, lesson)).token
    whole = await client.get(f"/share/{token}/lesson.mp4")
    assert whole.status_code == 200 and whole.headers["content-type"] == "video/mp4"
    part = await client.get(f"/share/{token}/lesson.mp4", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == whole.content[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(whole.content)}"
    assert part.headers["referrer-policy"] == "no-referrer"
    chapters = await client.get(f"/share/{token}/chapters.vtt")
    assert chapters.headers["content-type"].startswith("text/vtt") and chapters.text == CHAPTERS
    assert (await client.get(f"/share/{token}/subtitles.vtt")).text == SUBTITLES


async def test_unknown_revoked_and_expired_links_are_404(
    local: tuple[LessonService, httpx.AsyncClient, User, str], store: SqliteLessonStore
) -> None:
    service, client, ada, lesson = local
    revoked = (await service.share(ada, lesson)).token
    await service.unshare(ada, lesson)
    expired = "e" * 32
    await store.create_share(ada, lesson, expired, datetime.now(UTC) - timedelta(seconds=1))
    live = (await service.share(ada, lesson)).token
    for token in (revoked, expired, "x" * 32, "short", "a" * 500, "%27%20OR%201%3D1"):
        for path in (
            f"/share/{token}",
            f"/share/{token}/lesson.mp4",
            f"/share/{token}/chapters.vtt",
        ):
            answer = await client.get(path)
            assert answer.status_code == 404, (path, answer.status_code)
            assert answer.headers["referrer-policy"] == "no-referrer"
    for name in ("poster.png", "lesson.mp4x", "..", "tutor.db"):  # only the page's own files
        assert (await client.get(f"/share/{live}/{name}")).status_code == 404
    assert (await client.get(f"/share/{live}/../../tutor-files/x")).status_code == 404
    assert (await client.get(f"/share/{live}")).status_code == 200


async def test_files_a_storage_serves_itself_are_redirects_the_page_allows(
    store: SqliteLessonStore, tmp_path: Path, index_dir: Path
) -> None:
    files = CdnStorage(tmp_path / "files")
    service = service_over(store, files, tmp_path, index_dir)
    ada = await store.ensure_user("ada")
    lesson = await published(store, files, tmp_path, ada, "Sine")
    token = (await service.share(ada, lesson)).token
    async with await client_for(service) as client:
        page = await client.get(f"/share/{token}")
        assert (
            "media-src 'self' https://cdn.example.org;" in page.headers["content-security-policy"]
        )
        video = await client.get(f"/share/{token}/lesson.mp4")
        assert video.status_code == 307
        assert video.headers["location"].startswith("https://cdn.example.org/u/")
