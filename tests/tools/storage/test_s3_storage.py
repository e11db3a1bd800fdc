"""S3 storage against a real S3 API over HTTP (moto's server on 127.0.0.1), boto3 unpatched."""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path

import pytest

from tests.s3_server import S3Server
from tools.storage.outbox import Outbox
from tools.storage.protocol import FileStorage
from tools.storage.s3 import IMMUTABLE, REVALIDATE, S3Config, S3Storage

KEY = "u/7/l/abc/s1/v2/clip.mp4"


def storage(s3: S3Server, tmp: Path, bucket: str, **config: object) -> S3Storage:
    settings = S3Config(bucket=bucket, endpoint_url=s3.url, region="us-east-1", **config)  # type: ignore[arg-type]
    return S3Storage(settings, tmp / "outbox", tmp / "downloads")


def a_file(path: Path, size: int) -> Path:
    path.write_bytes(os.urandom(size))
    return path


async def test_put_uploads_with_type_cache_control_and_prefix(s3: S3Server, tmp_path: Path) -> None:
    bucket = s3.new_bucket()
    files: FileStorage = storage(s3, tmp_path, bucket, prefix="tutor/")
    clip = a_file(tmp_path / "clip.mp4", 50_000)
    await files.put(KEY, clip, "video/mp4")
    await files.put("chat/9/t/el.png", a_file(tmp_path / "el.png", 100), "image/png")

    objects = s3.objects(bucket)
    assert set(objects) == {f"tutor/{KEY}", "tutor/chat/9/t/el.png"}
    head = objects[f"tutor/{KEY}"]
    assert (head["ContentType"], head["CacheControl"], head["ContentLength"]) == (
        "video/mp4",
        IMMUTABLE,
        50_000,
    )
    assert objects["tutor/chat/9/t/el.png"]["CacheControl"] == REVALIDATE
    assert s3.read(bucket, f"tutor/{KEY}") == clip.read_bytes()
    assert files.pending() == []  # nothing left in the outbox


async def test_read_back_through_a_new_instance(s3: S3Server, tmp_path: Path) -> None:
    bucket = s3.new_bucket()
    clip = a_file(tmp_path / "clip.mp4", 10_000)
    await storage(s3, tmp_path / "a", bucket).put(KEY, clip, "video/mp4")

    other = storage(s3, tmp_path / "b", bucket)  # another machine: nothing local
    assert await other.exists(KEY)
    assert not await other.exists("u/7/l/abc/s1/v3/clip.mp4")
    local = await other.local_path(KEY)
    assert local.read_bytes() == clip.read_bytes()
    assert local.is_relative_to(tmp_path / "b" / "downloads")
    with pytest.raises(FileNotFoundError):
        await other.local_path("u/7/l/abc/s9/v1/clip.mp4")

    await other.delete(KEY)
    assert s3.objects(bucket) == {}
    assert not await other.exists(KEY)


async def test_presigned_url_serves_ranges(s3: S3Server, tmp_path: Path) -> None:
    bucket = s3.new_bucket()
    files = storage(s3, tmp_path, bucket)
    clip = a_file(tmp_path / "clip.mp4", 20_000)
    await files.put(KEY, clip, "video/mp4")

    url = await files.url(KEY)
    assert url.startswith(s3.url) and "X-Amz-Signature=" in url and "X-Amz-Expires=900" in url
    request = urllib.request.Request(url, headers={"Range": "bytes=1000-1999"})
    with urllib.request.urlopen(request) as answer:  # a browser seeking in the video
        assert answer.status == 206
        assert answer.read() == clip.read_bytes()[1000:2000]


async def test_cdn_urls_name_the_object(s3: S3Server, tmp_path: Path) -> None:
    files = storage(
        s3, tmp_path, s3.new_bucket(), prefix="p", cdn_base_url="https://cdn.example.org/"
    )
    await files.put(KEY, a_file(tmp_path / "c.mp4", 10), "video/mp4")
    assert await files.url(KEY) == f"https://cdn.example.org/p/{KEY}"


async def test_large_files_go_up_in_parts(s3: S3Server, tmp_path: Path) -> None:
    bucket = s3.new_bucket()
    files = storage(s3, tmp_path, bucket, multipart_threshold_mb=5)  # S3's smallest part
    big = a_file(tmp_path / "lesson.mp4", 11 * 1024 * 1024)
    await files.put("u/7/l/abc/exports/e1/lesson.mp4", big, "video/mp4")

    head = s3.objects(bucket)["u/7/l/abc/exports/e1/lesson.mp4"]
    assert head["ETag"].strip('"').endswith("-3")  # a multipart upload's ETag counts its parts
    assert s3.read(bucket, "u/7/l/abc/exports/e1/lesson.mp4") == big.read_bytes()


async def test_unsafe_keys_are_refused(s3: S3Server, tmp_path: Path) -> None:
    files = storage(s3, tmp_path, s3.new_bucket())
    for bad in ("../x", "u//x", "/abs", "u/./x"):
        with pytest.raises(ValueError, match="bad storage key"):
            await files.put(bad, a_file(tmp_path / "f", 1), "video/mp4")


async def test_an_outage_loses_nothing_and_drains_after_a_restart(
    s3: S3Server, tmp_path: Path
) -> None:
    bucket = s3.new_bucket()
    files = storage(s3, tmp_path, bucket, retry_base_s=0.05, retry_max_s=0.2)
    clips = {f"u/7/l/abc/s{n}/v1/clip.mp4": a_file(tmp_path / f"{n}.mp4", 5000) for n in (1, 2)}
    s3.stop()
    try:
        for key, clip in clips.items():
            await files.put(key, clip, "video/mp4")  # returns: the file waits, no error
            clip_bytes = clip.read_bytes()
            clip.unlink()  # the render's own copy goes away; the outbox keeps one
            assert (await files.local_path(key)).read_bytes() == clip_bytes
            assert not (await files.url(key)).startswith("http")  # served from here meanwhile
            clips[key] = tmp_path / f"kept-{key.replace('/', '_')}"
            clips[key].write_bytes(clip_bytes)
        assert sorted(files.pending()) == sorted(clips)
        await files.close()  # the app stops while S3 is down
    finally:
        s3.start()

    restarted = storage(s3, tmp_path, bucket, retry_base_s=0.05, retry_max_s=0.2)
    assert sorted(restarted.pending()) == sorted(clips)  # the outbox survived the restart
    assert await restarted.drain(timeout_s=30) == []
    for key, kept in clips.items():
        assert s3.read(bucket, key) == kept.read_bytes()
    assert list((tmp_path / "outbox").iterdir()) == []
    await restarted.close()


async def test_the_background_retries_drain_by_themselves(s3: S3Server, tmp_path: Path) -> None:
    import asyncio

    bucket = s3.new_bucket()
    files = storage(s3, tmp_path, bucket, retry_base_s=0.05, retry_max_s=0.3)
    s3.stop()
    try:
        await files.put(KEY, a_file(tmp_path / "c.mp4", 3000), "video/mp4")
        await asyncio.sleep(0.5)  # a few retries fail while S3 is down
        (entry,) = files.uploader.pending()
        assert entry.attempts >= 2 and "Could not connect" in entry.last_error
    finally:
        s3.start()
    for _ in range(100):  # nobody calls drain: the retry loop uploads it
        if not files.pending():
            break
        await asyncio.sleep(0.1)
    assert files.pending() == [] and KEY in s3.objects(bucket)
    await files.close()


def test_backoff_grows_exponentially_with_jitter(tmp_path: Path) -> None:
    import time

    outbox = Outbox(tmp_path)
    entry = outbox.add(KEY, a_file(tmp_path / "c.mp4", 10), "video/mp4")
    waits: list[float] = []
    for _ in range(6):
        before = time.time()
        entry = outbox.failed(entry, "down", base_s=1.0, max_s=8.0)
        waits.append(entry.next_try_at - before)
    for attempt, wait in enumerate(waits, start=1):
        delay = min(8.0, 2 ** (attempt - 1))
        assert delay / 2 - 0.01 <= wait <= delay + 0.01  # half fixed, half random
    assert len({round(w, 6) for w in waits}) == len(waits)  # jittered, not in lockstep
    assert outbox.entries() == [entry]  # the record on disk is the latest
