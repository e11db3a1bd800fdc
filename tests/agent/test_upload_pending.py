"""`tutor` commands with `TUTOR_STORAGE=s3` while S3 is down: the command ends, says what waits,
and the next command uploads it (the outbox is on disk)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.lesson_cli import _say_pending_uploads  # pyright: ignore[reportPrivateUsage]
from agent.settings import Settings
from agent.wiring import open_backends
from tests.s3_server import S3Server

KEY = "u/1/l/2/s1/v1/clip.mp4"


def s3_settings(data: Path, s3: S3Server, bucket: str) -> Settings:
    return Settings(
        data_dir=data,
        storage="s3",
        s3_bucket=bucket,
        s3_endpoint_url=s3.url,
        s3_region="us-east-1",
        s3_retry_max_s=0.2,
    )


async def test_a_command_says_upload_pending_and_the_next_one_uploads(
    s3: S3Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bucket = s3.new_bucket()
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\0\1" * 5000)
    first = open_backends(s3_settings(tmp_path / "data", s3, bucket))
    s3.stop()
    try:
        await first.service.put_file(KEY, clip, "video/mp4")
        await _say_pending_uploads(first.service)
        await first.close()
    finally:
        s3.start()
    said = capsys.readouterr().err
    assert "Saved, upload pending: 1 file(s)" in said, said
    # (An upload try still in flight when S3 comes back may land it already: no check here.)

    second = open_backends(s3_settings(tmp_path / "data", s3, bucket))
    await second.service.resume_uploads()  # what every `tutor` lesson command does first
    await _say_pending_uploads(second.service)  # S3 is back: it uploads and says nothing
    await second.close()
    assert "upload pending" not in capsys.readouterr().err
    assert s3.read(bucket, KEY) == clip.read_bytes()
