"""The chat app with its media in S3 (`TUTOR_STORAGE=s3`): a real S3 API over HTTP (moto's
server on 127.0.0.1), the app in its own process, real Chromium. Clips play and seek through the
owner-checked route, which redirects to a presigned URL; an S3 outage mid-lesson loses nothing;
the S3 secret reaches no log, chat message or command output."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import ROOT, AppServer
from tests.app.test_chat_app import (
    PLAYABLE,
    clips,
    lesson_count_at_least,
    login,
    send,
    share_and_watch,
    videos,
    wait_until,
)
from tests.s3_server import CREDENTIALS, S3Server
from tests.tools.media.audio import audio_streams, video_md5
from tools.storage.s3 import IMMUTABLE

pytestmark = [pytest.mark.render, pytest.mark.browser]

CANARY_SECRET = "s3-canary-5b1e-never-shown"
SEEK = """async (src) => {
  const v = [...document.querySelectorAll('video')].find(v => v.getAttribute('src') === src);
  v.currentTime = Math.min(1.0, v.duration / 2);
  await new Promise(done => v.readyState >= 2 && !v.seeking ? done() :
                    v.addEventListener('seeked', done, {once: true}));
  return [v.currentTime, v.readyState];
}"""


@pytest.fixture(scope="module")
def s3_app(
    tmp_path_factory: pytest.TempPathFactory, index_dir: Path, s3_server: S3Server
) -> Iterator[tuple[AppServer, str]]:
    if not s3_server.running:
        s3_server.start()
    bucket = s3_server.new_bucket()
    data = tmp_path_factory.mktemp("s3-app-data")
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    server = AppServer(data)
    server.extra_env = {
        **CREDENTIALS,
        "AWS_SECRET_ACCESS_KEY": CANARY_SECRET,  # moto takes any secret: this one is watched
        "TUTOR_STORAGE": "s3",
        "TUTOR_S3_BUCKET": bucket,
        "TUTOR_S3_PREFIX": "media",
        "TUTOR_S3_ENDPOINT_URL": s3_server.url,
        "TUTOR_S3_RETRY_MAX_S": "2",
    }
    server.add_user("bob")
    server.start()
    yield server, bucket
    server.stop()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def rendered_paths(data_dir: Path, name: str) -> list[Path]:
    """The render cache's files called `name` (what the sandbox rendered)."""
    return list((data_dir / "cache" / "renders").rglob(name))


def rendered_files(data_dir: Path, name: str) -> set[str]:
    """Hashes of the render cache's files called `name`."""
    return {sha(p.read_bytes()) for p in rendered_paths(data_dir, name)}


async def start_lesson(page: Any, server: AppServer, starter: str) -> None:
    """Logged in as ada, a lesson asked for by clicking one of the empty chat's examples."""
    await login(page, server, "ada")
    example = page.get_by_text(starter, exact=True)
    await example.wait_for(timeout=30_000)
    await example.click()


async def test_lesson_media_in_s3_plays_seeks_and_stays_private(
    s3_app: tuple[AppServer, str],
    s3_server: S3Server,
    browser: Any,
    screens: Path,
    tmp_path: Path,
) -> None:
    server, bucket = s3_app
    page = await browser.new_page(viewport={"width": 1280, "height": 1000})
    await start_lesson(page, server, "Pythagorean theorem")
    made = await wait_until(page, f"{lesson_count_at_least(1)} && {PLAYABLE}", 300)
    scenes = clips(made)
    assert len(scenes) >= 3, made
    await page.screenshot(path=screens / "s3-01-lesson.png", full_page=True)

    # Every clip, poster, caption file and the lesson are objects, typed, immutable, and the
    # clips and posters are byte for byte what the sandbox rendered.
    objects = s3_server.objects(bucket)
    by_name: dict[str, list[str]] = {}
    for key in objects:
        by_name.setdefault(key.rsplit("/", 1)[1], []).append(key)
    assert len(by_name["clip.mp4"]) == len(by_name["poster.png"]) == len(scenes), sorted(objects)
    for name, kind in [("clip.mp4", "video/mp4"), ("poster.png", "image/png"),
                       ("lesson.mp4", "video/mp4"), ("chapters.vtt", "text/vtt"),
                       ("subtitles.vtt", "text/vtt")]:  # fmt: skip
        for key in by_name[name]:
            assert key.startswith("media/u/") and "/l/" in key, key
            head = objects[key]
            assert (head["ContentType"], head["CacheControl"]) == (kind, IMMUTABLE), key
            assert head["ContentLength"] > 0
    # A clip is the sandbox's video stream, bit for bit, with the narration's AAC track added.
    rendered = {video_md5(p) for p in rendered_paths(server.data_dir, "video.mp4")}
    for key in by_name["clip.mp4"]:
        clip = tmp_path / key.replace("/", "_")
        clip.write_bytes(s3_server.read(bucket, key))
        assert video_md5(clip) in rendered, key
        assert [a["codec_name"] for a in audio_streams(clip)] == ["aac"], key
    for key in by_name["poster.png"]:
        assert sha(s3_server.read(bucket, key)) in rendered_files(server.data_dir, "poster.png")
    for name in ("lesson.mp4", "chapters.vtt", "subtitles.vtt"):  # as the assembler made them
        for key in by_name[name]:
            made_here = server.data_dir / "cache" / "s3" / key.removeprefix("media/")
            assert sha(s3_server.read(bucket, key)) == sha(made_here.read_bytes()), key

    # The page names our route; the route redirects the owner to a presigned URL; seeking works.
    sources = [v["src"] for v in await videos(page)]
    for src in sources:
        assert src.startswith("/tutor-files/u/"), src
        answer = await page.request.get(server.url + src, max_redirects=0)
        assert answer.status == 307
        assert answer.headers["location"].startswith(s3_server.url + f"/{bucket}/media/u/")
        assert "X-Amz-Signature=" in answer.headers["location"]
    position, ready = await page.evaluate(SEEK, sources[0])
    assert position > 0.5 and ready >= 2
    ranged = await page.request.get(server.url + sources[0], headers={"Range": "bytes=0-99"})
    assert ranged.status == 206 and len(await ranged.body()) == 100

    context = await browser.new_context()
    other = await context.new_page()
    await login(other, server, "bob")
    for src in sources:  # another user, even holding the URLs, gets nothing
        assert (await context.request.get(server.url + src, max_redirects=0)).status == 404
    await context.close()

    # A learner with no login watches the shared lesson, its video straight from S3.
    await share_and_watch(page, browser, screens, video_redirects_to=f"{s3_server.url}/{bucket}/")

    # The S3 secret shows nowhere: not in the chat, the app's log, or a command's output.
    assert CANARY_SECRET not in await page.inner_text("body")
    lesson_id = by_name["lesson.mp4"][0].split("/l/")[1].split("/")[0]
    shown = subprocess.run(
        [sys.executable, "-m", "agent.cli", "show", lesson_id, "--json"],
        env={**server.env(), "TUTOR_USER": "ada"}, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    view = json.loads(shown.stdout)
    assert view["export"].startswith(s3_server.url) and "X-Amz-Signature=" in view["export"]
    assert CANARY_SECRET not in shown.stdout + shown.stderr
    assert server.log is not None and CANARY_SECRET not in server.log.read_text()
    await page.close()


async def test_an_s3_outage_mid_lesson_loses_nothing(
    s3_app: tuple[AppServer, str], s3_server: S3Server, browser: Any, screens: Path
) -> None:
    server, bucket = s3_app
    outbox = server.data_dir / "outbox"
    page = await browser.new_page(viewport={"width": 1280, "height": 1000})
    await start_lesson(page, server, "Sine and the unit circle")
    await wait_until(page, "found.length >= 1", 300)
    s3_server.stop()  # S3 goes down with the first clip shown
    try:
        # The lesson completes, and plays: its video is served from the outbox meanwhile.
        lesson_plays = "found.some(v => v.text.includes('The whole lesson') && v.ready >= 2)"
        done = await wait_until(page, f"{lesson_count_at_least(1)} && {lesson_plays}", 300)
        assert len(clips(done)) >= 3
        await page.get_by_text("Saved, upload pending").first.wait_for(timeout=30_000)
        await page.screenshot(path=screens / "s3-02-upload-pending.png", full_page=True)
        waiting = {
            record["key"]: (outbox / f"{record['id']}.data").read_bytes()
            for record in (json.loads(p.read_text()) for p in outbox.glob("*.json"))
        }
        assert any(k.endswith("lesson.mp4") for k in waiting), sorted(waiting)
        await send(page, "share this lesson with my class")  # the agent's upload tool
        reply = page.locator("[data-step-type=assistant_message]").filter(has_text="/share/")
        await reply.last.wait_for(timeout=60_000)
        assert "Saved, upload pending" in await reply.last.inner_text()
        await page.close()
        server.stop()
        server.start()  # the app comes back while S3 is still down
    finally:
        s3_server.start()
    deadline = time.monotonic() + 90
    while list(outbox.glob("*.json")) and time.monotonic() < deadline:
        time.sleep(0.5)  # the app drains the outbox by itself
    assert not list(outbox.glob("*.json")), "the outbox did not drain"
    for key, data in waiting.items():
        assert sha(s3_server.read(bucket, f"media/{key}")) == sha(data), key
