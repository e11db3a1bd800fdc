"""Lesson assembly: real clips from the render engine, stitched and checked with ffprobe."""

from __future__ import annotations

import ast
import asyncio
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.tools.media.conftest import HOSTILE, Clips
from tests.tools.media.helpers import is_running, probe_video
from tools.check import ApiIndex, check_code
from tools.media import assembler as assembler_module
from tools.media.assembler import Assembly, AssemblyError, ClipPart, assemble
from tools.media.mp4_info import read_mp4_info
from tools.media.placeholder import PLACEHOLDER_SCENE, ZWSP, placeholder_scene_code
from tools.media.webvtt import (
    Cue,
    chapters_vtt,
    narration_cues,
    split_sentences,
    subtitles_vtt,
    timestamp,
)

TRICKY_TITLE = "a=b; c#d \\ e\nline 'two'"


def lesson_parts(clips: Clips) -> list[ClipPart]:
    return [
        ClipPart("Right triangles", clips.scenes[0], "A right triangle has one right angle."),
        ClipPart(TRICKY_TITLE, clips.scenes[1], ""),
        ClipPart(
            "The theorem",
            clips.scenes[2],
            "The squares add up. Short! And this last sentence is the longest of the three?",
        ),
        ClipPart("Scene 4", clips.placeholder, "This scene could not be rendered yet."),
    ]


@pytest.fixture(scope="module")
def lesson(clips: Clips, tmp_path_factory: pytest.TempPathFactory) -> Assembly:
    return asyncio.run(assemble(lesson_parts(clips), tmp_path_factory.mktemp("lesson")))


# ffprobe helpers (independent of the product's own mp4 parser)


def ffprobe_json(path: Path, *args: str) -> dict[str, object]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json", *args, str(path)],
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


def streams(path: Path) -> list[dict[str, object]]:
    return ffprobe_json(path, "-show_streams")["streams"]  # type: ignore[return-value]


def chapters(path: Path) -> list[dict[str, object]]:
    return ffprobe_json(path, "-show_chapters")["chapters"]  # type: ignore[return-value]


def video_packets(path: Path) -> int:
    data = ffprobe_json(
        path, "-count_packets", "-select_streams", "v:0", "-show_entries", "stream=nb_read_packets"
    )
    return int(data["streams"][0]["nb_read_packets"])  # type: ignore[index]


def decode_errors(path: Path) -> str:
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "null", "-"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return out.stderr if out.returncode == 0 else out.stderr or f"exit {out.returncode}"


def vtt_cues(path: Path) -> list[tuple[float, float, str]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n")
    cues: list[tuple[float, float, str]] = []
    for block in text.split("\n\n")[1:]:
        timing, *lines = block.strip().split("\n")
        start, end = timing.split(" --> ")
        cues.append((seconds(start), seconds(end), "\n".join(lines)))
    return cues


def seconds(stamp: str) -> float:
    hours, minutes, rest = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


# the stitched lesson


@pytest.mark.render
def test_lesson_has_one_chapter_per_part_at_cumulative_times(
    lesson: Assembly, clips: Clips
) -> None:
    parts = lesson_parts(clips)
    durations = [probe_video(p.video).duration_s for p in parts]
    found = chapters(lesson.video)
    assert [c["tags"]["title"] for c in found] == [p.title for p in parts]  # type: ignore[index]
    elapsed = 0.0
    for chapter, reported, duration in zip(found, lesson.chapters, durations, strict=True):
        assert float(chapter["start_time"]) == pytest.approx(elapsed, abs=0.1)  # type: ignore[arg-type]
        assert reported.start_s == pytest.approx(elapsed, abs=0.1)
        elapsed += duration
    assert lesson.duration_s == pytest.approx(sum(durations), abs=0.1)
    assert probe_video(lesson.video).duration_s == pytest.approx(sum(durations), abs=0.1)


@pytest.mark.render
def test_lesson_is_playable_faststart_h264_with_a_subtitle_stream(lesson: Assembly) -> None:
    kinds = [(s["codec_type"], s["codec_name"]) for s in streams(lesson.video)]
    assert [k for k in kinds if k[0] == "video"] == [("video", "h264")]
    assert [k for k in kinds if k[0] == "subtitle"] == [("subtitle", "mov_text")]
    assert decode_errors(lesson.video) == ""
    assert read_mp4_info(lesson.video).index_first


@pytest.mark.render
def test_video_is_stream_copied(lesson: Assembly, clips: Clips) -> None:
    parts = lesson_parts(clips)
    out = probe_video(lesson.video)
    for part in parts:
        source = probe_video(part.video)
        assert (source.width, source.height, source.profile, source.pix_fmt) == (
            out.width, out.height, out.profile, out.pix_fmt,
        )  # fmt: skip
    assert video_packets(lesson.video) == sum(video_packets(p.video) for p in parts)
    assert not lesson.reencoded


@pytest.mark.render
def test_vtt_files_match_the_parts(lesson: Assembly, clips: Clips) -> None:
    parts = lesson_parts(clips)
    chapter_cues = vtt_cues(lesson.chapters_vtt)
    assert len(chapter_cues) == len(parts)
    assert chapter_cues[0][2] == "Right triangles"
    assert chapter_cues[1][2] == "a=b; c#d \\ e line 'two'", "one line per chapter title"

    subtitle_cues = vtt_cues(lesson.subtitles_vtt)
    sentences = [s for p in parts for s in split_sentences(p.narration)]
    assert [c[2] for c in subtitle_cues] == sentences
    for part, chapter in zip(parts, lesson.chapters, strict=True):
        inside = [c for c in subtitle_cues if chapter.start_s <= c[0] < chapter.end_s]
        assert len(inside) == len(split_sentences(part.narration))
        assert all(c[1] <= chapter.end_s + 0.001 for c in inside)
    # The longest sentence of part 3 gets the most time.
    third = [c for c in subtitle_cues if c[2].startswith(("The squares", "Short", "And this"))]
    assert max(third, key=lambda c: c[1] - c[0])[2].startswith("And this")
    # The same cues are embedded in the mp4.
    srt = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(lesson.video), "-map", "0:s:0", "-f", "srt", "-"],
        capture_output=True, text=True, timeout=30, check=True,
    ).stdout  # fmt: skip
    assert all(sentence in srt for sentence in sentences)


@pytest.mark.render
async def test_odd_paths_odd_titles_and_no_narration(clips: Clips, tmp_path: Path) -> None:
    odd = tmp_path / 'it\'s a "dir" #1 \\ ü' / "clip one's.mp4"
    odd.parent.mkdir()
    shutil.copyfile(clips.scenes[0], odd)
    out = tmp_path / "out; dir:x"
    titles = ["ends with a backslash \\", "CR\r\nLF", "Third"]
    videos = [odd, clips.scenes[1], clips.scenes[2]]
    result = await assemble(
        [ClipPart(t, v, n) for t, v, n in zip(titles, videos, ["", "  ", ""], strict=True)],
        out,
        name="silent",
    )
    # ffmpeg 5.1 would merge a chapter ending in a backslash with the next; all three survive.
    found = [c["tags"]["title"] for c in chapters(result.video)]  # type: ignore[index]
    assert [f.rstrip() for f in found] == ["ends with a backslash \\", "CR\nLF", "Third"]
    assert [s["codec_type"] for s in streams(result.video)].count("subtitle") == 0
    assert vtt_cues(result.subtitles_vtt) == []
    assert len(vtt_cues(result.chapters_vtt)) == 3
    assert sorted(p.name for p in out.iterdir()) == [
        "silent.chapters.vtt",
        "silent.mp4",
        "silent.vtt",
    ]


@pytest.mark.render
async def test_mixed_resolution_is_reencoded(clips: Clips, tmp_path: Path) -> None:
    parts = [
        ClipPart("Low", clips.scenes[0], "Low quality."),
        ClipPart("Medium", clips.medium, "Medium quality."),
    ]
    result = await assemble(parts, tmp_path)
    assert result.reencoded
    info = probe_video(result.video)
    assert (info.codec, info.width, info.height, info.fps) == ("h264", 854, 480, 15.0)
    assert decode_errors(result.video) == ""
    assert len(chapters(result.video)) == 2
    assert info.duration_s == pytest.approx(result.duration_s, abs=0.15)


def x264_clip(path: Path, *x264: str) -> Path:
    """A 1 s 854x480 15 fps H.264 clip made with the given libx264 options."""
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=854x480:rate=15", "-t", "1",
         "-c:v", "libx264", "-pix_fmt", "yuv420p", *x264, str(path)],
        check=True, timeout=60,
    )  # fmt: skip
    return path


async def test_clips_encoded_with_other_settings_are_reencoded(tmp_path: Path) -> None:
    # Same size, rate and codec, other B-frame settings: other SPS and PPS, which the joined
    # stream cannot carry (it keeps the first clip's), so a copy would decode wrongly.
    no_b = [x264_clip(tmp_path / f"no-b-{n}.mp4", "-bf", "0") for n in range(2)]
    with_b = x264_clip(tmp_path / "with-b.mp4", "-bf", "3")
    assert read_mp4_info(no_b[0]).codec_config != read_mp4_info(with_b).codec_config
    assert read_mp4_info(no_b[0]).codec_config == read_mp4_info(no_b[1]).codec_config
    same = await assemble([ClipPart(f"P{n}", c, "") for n, c in enumerate(no_b)], tmp_path / "a")
    assert not same.reencoded
    mixed = await assemble([ClipPart("A", no_b[0], ""), ClipPart("B", with_b, "")], tmp_path / "b")
    assert mixed.reencoded and decode_errors(mixed.video) == ""
    assert mixed.duration_s == pytest.approx(2.0, abs=0.15)


# failures


async def test_no_parts_is_a_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least one part"):
        await assemble([], tmp_path)


async def test_missing_ffmpeg_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(assembler_module.shutil, "which", lambda _name: None)
    with pytest.raises(AssemblyError, match="make setup"):
        await assemble([ClipPart("A", tmp_path / "a.mp4", "")], tmp_path)


async def test_unreadable_part_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"not a video")
    with pytest.raises(AssemblyError, match=r"part 1 \('Intro'\)"):
        await assemble([ClipPart("Intro", bad, "")], tmp_path / "out")


def fake_ffmpeg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """Put a shell script named ffmpeg first on PATH."""
    fake = tmp_path / "bin" / "ffmpeg"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\n" + script)
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")


@pytest.mark.render
async def test_ffmpeg_failure_leaves_the_previous_output_untouched(
    clips: Clips, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "lesson.mp4").write_bytes(b"previous lesson")
    # Writes a partial file wherever the real ffmpeg would, then fails like it.
    fake_ffmpeg(
        tmp_path,
        monkeypatch,
        'for a; do last="$a"; done\necho partial > "$last"\n'
        'echo "line one\nInvalid data found" >&2\nexit 1\n',
    )
    with pytest.raises(AssemblyError, match="Invalid data found"):
        await assemble([ClipPart("A", clips.scenes[0], "Hi.")], out)
    assert sorted(p.name for p in out.iterdir()) == ["lesson.mp4"], "no temp files left behind"
    assert (out / "lesson.mp4").read_bytes() == b"previous lesson"


@pytest.mark.render
async def test_cancelling_stops_ffmpeg_and_cleans_up(
    clips: Clips, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file = tmp_path / "ffmpeg.pid"
    fake_ffmpeg(tmp_path, monkeypatch, f"echo $$ > '{pid_file}'\nexec sleep 30\n")
    out = tmp_path / "out"
    task = asyncio.create_task(assemble([ClipPart("A", clips.scenes[0], "")], out))
    for _ in range(100):
        await asyncio.sleep(0.02)
        if pid_file.exists() and pid_file.read_text().strip():
            break
    pid = int(pid_file.read_text())
    assert is_running(pid), "the fake ffmpeg should be running"
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not is_running(pid), "cancelling must stop ffmpeg"
    assert list(out.iterdir()) == [], "no temp files left behind"


# WebVTT


def test_timestamps_and_cue_text() -> None:
    assert timestamp(0) == "00:00:00.000"
    assert timestamp(3661.5) == "01:01:01.500"
    assert timestamp(59.9996) == "00:01:00.000"
    text = subtitles_vtt([Cue(0, 1.25, "a <b> & c --> d\n\ne\x00\x1b[1m")])
    assert text == "WEBVTT\n\n00:00:00.000 --> 00:00:01.250\na &lt;b&gt; &amp; c --&gt; d e [1m\n"
    assert chapters_vtt([Cue(0, 1, "A --> B\n<i>&")]).endswith("\nA - -> B <i>&\n")


def test_sentences_share_the_span_by_length() -> None:
    assert split_sentences("") == [] and split_sentences("  \n ") == []
    cues = narration_cues("Hi. A much longer sentence!", 2.0, 4.0)
    assert [c.text for c in cues] == ["Hi.", "A much longer sentence!"]
    assert cues[0].start_s == 2.0 and cues[-1].end_s == pytest.approx(4.0)
    assert cues[0].end_s == cues[1].start_s == pytest.approx(2.0 + 2.0 * 3 / 26)


# the placeholder card


def test_placeholder_passes_the_validator(api_index: ApiIndex) -> None:
    code = placeholder_scene_code(3, "Right triangles", "The render timed out.")
    assert check_code(code, api_index).ok
    assert f"class {PLACEHOLDER_SCENE}(Scene)" in code
    assert "'Scene 3'" in code and "'Right triangles'" in code


@pytest.mark.parametrize(
    ("title", "reason"),
    [
        (HOSTILE, "boom"),
        ("__import__('os').system('x')", "\\input{/etc/passwd} ^^5c {0.__globals__}"),
        ("x" * 500, "y " * 500),
        ("\x00\x1b[31m\u202e", "\ud800"),
    ],
)
def test_hostile_text_stays_a_string_literal(title: str, reason: str, api_index: ApiIndex) -> None:
    code = placeholder_scene_code(7, title, reason)
    assert check_code(code, api_index).ok
    tree = ast.parse(code)
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
    assert [
        (type(n).__name__, getattr(n, "module", None), [a.name for a in n.names]) for n in imports
    ] == [("ImportFrom", "manim", ["*"])]
    called = {
        n.func.id if isinstance(n.func, ast.Name) else n.func.attr  # type: ignore[union-attr]
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
    }
    assert called <= {
        "Text",
        "VGroup",
        "arrange",
        "scale_to_fit_width",
        "scale_to_fit_height",
        "play",
        "FadeIn",
        "wait",
    }
    lines = text_lines_by_size(tree)
    assert lines[28] == ["Scene 7"]
    title_shown = [line.replace(ZWSP, "") for line in lines[44]]
    reason_shown = [line.replace(ZWSP, "") for line in lines[26]]
    # Wrapping only drops the spaces it breaks at, so the characters shown are within the limits.
    assert 0 < sum(map(len, title_shown)) <= 60 and 0 < sum(map(len, reason_shown)) <= 80
    if title == HOSTILE:
        assert title_shown == [HOSTILE]


def text_lines_by_size(tree: ast.Module) -> dict[int, list[str]]:
    """The string literal of every `Text(...)` call, grouped by its font_size."""
    found: dict[int, list[str]] = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "Text"
        ):
            (literal,) = node.args
            assert isinstance(literal, ast.Constant) and isinstance(literal.value, str)
            size = next(k.value for k in node.keywords if k.arg == "font_size")
            assert isinstance(size, ast.Constant) and isinstance(size.value, int)
            found.setdefault(size.value, []).append(literal.value)
    return found


@pytest.mark.render
def test_placeholder_renders_a_three_second_card(clips: Clips) -> None:
    info = probe_video(clips.placeholder)
    assert info.duration_s == pytest.approx(3.0, abs=0.2)
