"""Narrated clips: the video stream untouched, one fixed AAC track, and lessons of them still
stitched by stream copy with captions on the real speech timing. Real ffmpeg, real espeak-ng."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.tools.media.audio import audio_streams, mean_volume_db, video_md5
from tests.tools.media.helpers import probe_video
from tools.media.assembler import ClipPart, assemble
from tools.media.mp4_info import AudioInfo, read_mp4_info
from tools.media.narration_mux import (
    AUDIO_CHANNELS,
    AUDIO_RATE,
    NarratedClip,
    Track,
    add_narration,
    encode_track,
    hold_needed,
    min_clip_s,
    pacing_note,
)
from tools.media.quality import PRESETS
from tools.media.voices.espeak import EspeakVoice
from tools.media.voices.speech import Speech
from tools.media.webvtt import spoken_cues

SPEECH_DB = -40.0
SILENCE_DB = -80.0
LOW = PRESETS["low"]


def make_clip(path: Path, seconds: float, size: str = f"{LOW.width}x{LOW.height}") -> Path:
    """An H.264 clip like the renderer's (yuv420p, faststart), with no audio."""
    subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi",
         "-i", f"testsrc=size={size}:rate={LOW.fps}", "-t", str(seconds),
         "-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(path)],
        check=True, timeout=60,
    )  # fmt: skip
    return path


@dataclass(frozen=True)
class Material:
    clips: list[Path]  # 3.0 s, 2.0 s, 3.5 s, silent
    hello: Speech  # ~1.5 s, two sentences
    other: Speech  # ~2 s, another narration


@pytest.fixture(scope="module")
def material(tmp_path_factory: pytest.TempPathFactory) -> Material:
    import asyncio

    out = tmp_path_factory.mktemp("narrated")
    clips = [make_clip(out / f"clip{i}.mp4", s) for i, s in enumerate([3.0, 2.0, 3.5])]
    voice = EspeakVoice(out / "voice", wpm=200)
    hello = asyncio.run(voice.speak("Hello. Squares add up."))
    other = asyncio.run(voice.speak("Now the triangle turns red."))
    assert hello is not None and other is not None
    return Material(clips, hello, other)


async def narrate(
    clip: Path, speech: Speech | None, out: Path, ahead: float | None
) -> tuple[NarratedClip, float]:
    """`add_narration`, with the track encoded at mux time (`ahead` None), or made before it
    and `ahead` seconds longer than the clip: 0, kept from an earlier clip of the same sound
    (that clip's run wrote it); more, encoded while the clip rendered (`encode_track`). And
    the mux's own seconds."""
    track = None
    if ahead == 0.0:
        kept = out.with_suffix(".m4a")
        first = await add_narration(clip, speech, out.with_suffix(".first.mp4"), keep_track=kept)
        track = Track(kept, first.duration_s)
        (audio,) = audio_streams(kept)
        assert float(audio["duration"]) == pytest.approx(first.duration_s, abs=0.05)
    elif ahead is not None:
        length = probe_video(clip).duration_s + ahead
        await encode_track(speech, length, out.with_suffix(".m4a"))
        track = Track(out.with_suffix(".m4a"), length)
    start = time.monotonic()
    narrated = await add_narration(clip, speech, out, track)
    return narrated, time.monotonic() - start


AHEAD = pytest.mark.parametrize(
    "ahead", [None, 0.0, 2.0], ids=["encoded", "track-ahead", "longer-track-ahead"]
)


@AHEAD
async def test_speech_is_added_and_the_video_stream_is_untouched(
    material: Material, tmp_path: Path, ahead: float | None
) -> None:
    clip, speech = material.clips[0], material.hello
    narrated, elapsed = await narrate(clip, speech, tmp_path / "narrated.mp4", ahead)
    assert video_md5(narrated.video) == video_md5(clip)
    (audio,) = audio_streams(narrated.video)
    assert (audio["codec_name"], int(audio["sample_rate"]), int(audio["channels"])) == (
        "aac", AUDIO_RATE, AUDIO_CHANNELS,
    )  # fmt: skip
    assert float(audio["duration"]) == pytest.approx(3.0, abs=0.05)
    assert probe_video(narrated.video).duration_s == pytest.approx(3.0, abs=0.05)
    assert (narrated.duration_s, narrated.cut_s) == (3.0, 0.0)
    assert narrated.speech_s == speech.duration_s
    for span in speech.spans:
        assert mean_volume_db(narrated.video, span.start_s, span.end_s - span.start_s) > SPEECH_DB
    after = speech.duration_s + 0.1
    assert mean_volume_db(narrated.video, after, 3.0 - after - 0.1) < SILENCE_DB  # padded
    info = read_mp4_info(narrated.video)
    assert info.index_first and info.audio == AudioInfo("mp4a", AUDIO_RATE)
    assert read_mp4_info(clip).audio is None
    how = "encoded" if ahead is None else f"track ahead (+{ahead:.0f} s)"
    print(f"mux with speech ({how}): {elapsed:.3f} s, 3 s clip")


async def test_a_clip_longer_than_its_kept_track_has_its_sound_encoded_at_mux_time(
    material: Material, tmp_path: Path
) -> None:
    kept = tmp_path / "kept [1]: it's.m4a"  # characters the tee muxer's syntax uses
    first = await add_narration(material.clips[1], material.hello, tmp_path / "a.mp4", None, kept)
    assert first.duration_s == pytest.approx(2.0, abs=0.05)
    (track_audio,) = audio_streams(kept)
    assert float(track_audio["duration"]) == pytest.approx(2.0, abs=0.05)
    longer = material.clips[2]  # 3.5 s: the kept track is too short to copy
    narrated = await add_narration(longer, material.hello, tmp_path / "b.mp4", Track(kept, 2.0))
    (audio,) = audio_streams(narrated.video)
    assert float(audio["duration"]) == pytest.approx(3.5, abs=0.05)  # encoded, padded to it
    assert video_md5(narrated.video) == video_md5(longer)


async def test_no_speech_gets_a_silent_track_of_the_same_format(
    material: Material, tmp_path: Path
) -> None:
    start = time.monotonic()
    narrated = await add_narration(material.clips[1], None, tmp_path / "silent.mp4")
    elapsed = time.monotonic() - start
    assert video_md5(narrated.video) == video_md5(material.clips[1])
    (audio,) = audio_streams(narrated.video)
    assert (audio["codec_name"], int(audio["sample_rate"]), int(audio["channels"])) == (
        "aac", AUDIO_RATE, AUDIO_CHANNELS,
    )  # fmt: skip
    assert float(audio["duration"]) == pytest.approx(2.0, abs=0.05)
    assert mean_volume_db(narrated.video) < SILENCE_DB
    print(f"mux with silence: {elapsed:.3f} s for a 2 s clip")


async def test_new_narration_on_the_same_render_keeps_the_video_bytes(
    material: Material, tmp_path: Path
) -> None:
    first = await add_narration(material.clips[0], material.hello, tmp_path / "v1.mp4")
    second = await add_narration(first.video, material.other, tmp_path / "v2.mp4")
    assert video_md5(second.video) == video_md5(first.video) == video_md5(material.clips[0])
    assert mean_volume_db(second.video, 0, material.other.duration_s) > SPEECH_DB


async def test_speech_longer_than_the_video_is_cut_and_reported(
    material: Material, tmp_path: Path
) -> None:
    short = make_clip(tmp_path / "short.mp4", 1.0)
    narrated = await add_narration(short, material.hello, tmp_path / "cut.mp4")
    assert narrated.cut_s == pytest.approx(material.hello.duration_s - 1.0, abs=0.001)
    assert probe_video(narrated.video).duration_s == pytest.approx(1.0, abs=0.05)
    assert hold_needed(1.0, material.hello.duration_s) > narrated.cut_s  # the fix: hold longer


def test_hold_and_pacing(material: Material) -> None:
    assert min_clip_s(None) == 0.0
    least = min_clip_s(material.hello)
    assert material.hello.duration_s + 0.25 <= least < material.hello.duration_s + 0.26
    assert least == round(least, 2)
    assert hold_needed(5.0, 3.0) == 0.0
    assert hold_needed(3.0, 3.0) == 0.25
    assert hold_needed(2.0, 3.5, margin_s=0.5) == 2.0
    assert pacing_note(4.0, 3.0) is None
    assert pacing_note(4.0, 0.5) is not None  # 8x, 3.5 s of silence
    note = pacing_note(12.0, 4.0)
    assert note is not None and "12.0 s" in note and "4.0 s" in note


def test_spoken_cues_follow_the_spans() -> None:
    spans = [(0.0, 1.2, "One."), (1.5, 2.5, "Two."), (2.8, 4.0, "Past the end.")]
    cues = spoken_cues(spans, 10.0, 13.5)
    assert [(c.start_s, c.end_s, c.text) for c in cues] == [
        (10.0, 11.2, "One."), (11.5, 12.5, "Two."), (12.8, 13.5, "Past the end."),
    ]  # fmt: skip
    assert spoken_cues(spans, 0.0, 1.0) == spoken_cues(spans[:1], 0.0, 1.0)


@AHEAD
async def test_a_narrated_lesson_is_stitched_by_stream_copy(
    material: Material, tmp_path: Path, ahead: float | None
) -> None:
    speeches = [material.hello, None, material.other]
    parts: list[ClipPart] = []
    for n, (clip, speech) in enumerate(zip(material.clips, speeches, strict=True), 1):
        narrated, _ = await narrate(clip, speech, tmp_path / f"scene{n}.mp4", ahead)
        spans = list(speech.spans) if speech else None
        text = " ".join(s.text for s in speech.spans) if speech else ""
        parts.append(ClipPart(f"Scene {n}", narrated.video, text, spans))
    start = time.monotonic()
    lesson = await assemble(parts, tmp_path / "lesson")
    elapsed = time.monotonic() - start
    assert not lesson.reencoded
    (audio,) = audio_streams(lesson.video)
    assert (audio["codec_name"], int(audio["sample_rate"])) == ("aac", AUDIO_RATE)
    assert float(audio["duration"]) == pytest.approx(8.5, abs=0.1)
    assert probe_video(lesson.video).duration_s == pytest.approx(8.5, abs=0.1)
    # Back to back (each clip's audio ends with its video), and every frame decodes cleanly.
    assert [c.start_s for c in lesson.chapters] == pytest.approx([0.0, 3.0, 5.0], abs=0.002)
    decoded = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(lesson.video), "-f", "null", "-"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert decoded.returncode == 0 and not decoded.stderr.strip(), decoded.stderr
    # The video stream is the clips' packets, copied: same digest as concatenating them.
    assert video_md5(lesson.video) == _concat_md5(material.clips, tmp_path)
    # Speech is heard where each part's spans say, after stitching.
    starts = [c.start_s for c in lesson.chapters]
    for part_start, speech in zip(starts, speeches, strict=True):
        for span in speech.spans if speech else ():
            at = part_start + span.start_s
            assert mean_volume_db(lesson.video, at, span.end_s - span.start_s) > SPEECH_DB
    assert mean_volume_db(lesson.video, starts[1] + 0.1, 1.8) < SILENCE_DB  # the silent part
    # Captions: one cue per sentence, inside its spoken span.
    cues = _vtt_cues(lesson.subtitles_vtt)
    expected = [
        (part_start + s.start_s, part_start + s.end_s, s.text)
        for part_start, speech in zip(starts, speeches, strict=True)
        for s in (speech.spans if speech else ())
    ]
    assert [c[2] for c in cues] == [e[2] for e in expected] == [
        "Hello.", "Squares add up.", "Now the triangle turns red.",
    ]  # fmt: skip
    for (start_s, end_s, _), (span_start, span_end, _) in zip(cues, expected, strict=True):
        assert span_start - 0.001 <= start_s < end_s <= span_end + 0.001
    print(f"stitched 3 narrated clips by stream copy in {elapsed:.3f} s")


async def test_a_lesson_mixing_narrated_and_bare_clips_is_reencoded_with_audio(
    material: Material, tmp_path: Path
) -> None:
    narrated = await add_narration(material.clips[0], material.hello, tmp_path / "a.mp4")
    parts = [ClipPart("Spoken", narrated.video, "Hello."), ClipPart("Bare", material.clips[1], "")]
    lesson = await assemble(parts, tmp_path / "lesson")
    assert lesson.reencoded
    (audio,) = audio_streams(lesson.video)
    assert audio["codec_name"] == "aac" and float(audio["duration"]) == pytest.approx(5.0, abs=0.1)
    assert mean_volume_db(lesson.video, 0, material.hello.duration_s) > SPEECH_DB
    assert mean_volume_db(lesson.video, 3.1, 1.8) < SILENCE_DB


def _concat_md5(clips: list[Path], tmp_path: Path) -> str:
    listing = tmp_path / "bare.ffconcat"
    listing.write_text("ffconcat version 1.0\n" + "".join(f"file '{c}'\n" for c in clips))
    out = tmp_path / "bare.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "concat", "-safe", "0",
         "-i", str(listing), "-map", "0:v:0", "-c", "copy", str(out)],
        check=True, timeout=60,
    )  # fmt: skip
    return video_md5(out)


def _vtt_cues(path: Path) -> list[tuple[float, float, str]]:
    cues: list[tuple[float, float, str]] = []
    for block in path.read_text(encoding="utf-8").split("\n\n")[1:]:
        timing, text = block.strip().split("\n", 1)
        start, end = (_seconds(t) for t in timing.split(" --> "))
        cues.append((start, end, text))
    return cues


def _seconds(stamp: str) -> float:
    hours, minutes, rest = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)
