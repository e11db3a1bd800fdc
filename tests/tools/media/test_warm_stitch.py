"""A stitch whose ffmpeg was started ahead makes the same lesson as one that starts ffmpeg then,
and the ffmpeg is never left behind, whether it was used, unfit, or failed."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from tests.tools.media.conftest import Clips
from tests.tools.media.helpers import is_running
from tools.media.assembler import Assembly, ClipPart, assemble, start_stitch
from tools.media.warm_stitch import WarmStitch

NARRATIONS = ["A right triangle has one right angle.", "Its longest side.", "The squares add up."]


def narrated_parts(clips: Clips) -> list[ClipPart]:
    return [
        ClipPart(f"Part {n}", video, text)
        for n, (video, text) in enumerate(zip(clips.narrated, NARRATIONS, strict=True), 1)
    ]


def outputs(made: Assembly) -> list[bytes]:
    return [
        made.video.read_bytes(),
        made.chapters_vtt.read_bytes(),
        made.subtitles_vtt.read_bytes(),
    ]


async def started(tmp_path: Path) -> WarmStitch:
    warm = await start_stitch(tmp_path / "work")
    assert warm is not None
    return warm


@pytest.mark.render
async def test_a_stitch_started_ahead_makes_the_same_lesson_byte_for_byte(
    clips: Clips, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    parts = narrated_parts(clips)
    cold = await assemble(parts, tmp_path / "cold")
    warm = await started(tmp_path)
    assert is_running(warm.pid), "the ffmpeg waits for its parts"
    with caplog.at_level(logging.INFO, logger="tools.media.assembler"):
        made = await assemble(parts, tmp_path / "warm", warm=warm)
    assert "ffmpeg started ahead" in caplog.text
    assert outputs(made) == outputs(cold)
    assert not warm.work.exists() and not is_running(warm.pid)


@pytest.mark.render
async def test_a_stitch_the_started_ffmpeg_cannot_make_runs_ffmpeg_as_before(
    clips: Clips, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Parts without a narration track: not the shape the started ffmpeg reads."""
    parts = [ClipPart("A", clips.scenes[0], "Hello."), ClipPart("B", clips.scenes[1], "Bye.")]
    cold = await assemble(parts, tmp_path / "cold")
    warm = await started(tmp_path)
    with caplog.at_level(logging.INFO, logger="tools.media.assembler"):
        made = await assemble(parts, tmp_path / "warm", warm=warm)
    assert "started ahead" not in caplog.text
    assert outputs(made) == outputs(cold)
    assert not warm.work.exists() and not is_running(warm.pid), "the unused ffmpeg is stopped"


@pytest.mark.render
async def test_when_the_started_ffmpeg_fails_the_stitch_runs_ffmpeg_again(
    clips: Clips, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    fake = tmp_path / "bin" / "ffmpeg"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\ncat > /dev/null\necho 'disk on fire' >&2\nexit 1\n")
    fake.chmod(0o755)
    with monkeypatch.context() as patch:  # only the ffmpeg started ahead is the failing one
        patch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
        warm = await started(tmp_path)
    parts = narrated_parts(clips)
    with caplog.at_level(logging.WARNING, logger="tools.media.assembler"):
        made = await assemble(parts, tmp_path / "out", warm=warm)
    assert "disk on fire" in caplog.text
    assert outputs(made) == outputs(await assemble(parts, tmp_path / "cold"))
    assert not warm.work.exists()


@pytest.mark.render
async def test_a_started_ffmpeg_that_ended_early_is_not_used(clips: Clips, tmp_path: Path) -> None:
    warm = await started(tmp_path)
    os.kill(warm.pid, 9)
    made = await assemble(narrated_parts(clips), tmp_path / "out", warm=warm)
    assert made.video.stat().st_size > 0 and not warm.work.exists()


async def test_discarding_an_unused_ffmpeg_stops_it(tmp_path: Path) -> None:
    warm = await started(tmp_path)
    assert is_running(warm.pid)
    await warm.discard()
    assert not is_running(warm.pid) and not warm.work.exists()
