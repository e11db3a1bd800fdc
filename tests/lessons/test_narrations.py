"""What a scene version says: its narration spoken (or silent, and why), how long a clip must
last for it, and the note when an animation runs far past its speech."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from lessons.narrations import (
    SILENT,
    TRACK_AHEAD_SLACK_S,
    SceneVoice,
    hold_for,
    pacing,
    target_s,
)
from lessons.plan import ScenePlan
from lessons.store.records import Narration, SceneVersion
from tests.tools.media.audio import audio_streams, plain_video
from tests.tools.media.helpers import probe_video
from tools.media.voices.espeak import EspeakVoice
from tools.media.voices.speech import MAX_NARRATION_CHARS, NarrationTooLong, Speech, SpeechFailed


class BrokenVoice:
    key = "broken"

    async def speak(self, text: str) -> Speech | None:
        raise SpeechFailed("the speech server at http://127.0.0.1:9 answered 503")


def version(duration_s: float, narration: Narration | None) -> SceneVersion:
    return SceneVersion(
        id="v", scene_id="s", number=1, code="", note="", parent_number=None, status="ok",
        clip_key="c", poster_key="p", duration_s=duration_s, error=None,
        created_at=datetime.now(UTC), narration=narration,
    )  # fmt: skip


async def test_espeak_speaks_and_the_narration_keeps_each_sentences_time(tmp_path: Path) -> None:
    voice = SceneVoice(EspeakVoice(tmp_path / "speech"), tmp_path / "work")
    voiced = await voice.voiced("A square has four sides. They are equal.")
    said = voiced.narration
    assert voiced.warning is None and voiced.speech is not None
    assert said.voice == "espeak-ng:en-us:165" and said.speech_s == voiced.speech.duration_s
    assert [s.text for s in said.spans] == ["A square has four sides.", "They are equal."]
    assert 0 <= said.spans[0].start_s < said.spans[0].end_s <= said.spans[1].start_s
    assert said.spans[1].end_s <= said.speech_s
    target = target_s(said)
    assert target is not None and said.speech_s < target <= said.speech_s + 0.26


async def test_voice_off_and_a_failing_voice_are_silent_and_only_the_failure_warns(
    tmp_path: Path,
) -> None:
    off = await SceneVoice(EspeakVoice(tmp_path), tmp_path).voiced("Hello there.", speak=False)
    assert (off.narration.voice, off.narration.spans, off.warning) == (SILENT, [], None)
    assert target_s(off.narration) is None
    broken = await SceneVoice(BrokenVoice(), tmp_path).voiced("Hello there.")
    assert broken.speech is None and broken.narration.voice == SILENT
    assert broken.narration.text == "Hello there."  # the words are kept: captions still show
    assert broken.warning == (
        "The narration could not be spoken, so this scene is silent: the speech server at "
        "http://127.0.0.1:9 answered 503"
    )


async def test_too_long_a_narration_is_refused_before_any_voice_runs(tmp_path: Path) -> None:
    long = "This sentence is spoken. " * 80
    with pytest.raises(NarrationTooLong, match="limit is 1500 characters per scene"):
        await SceneVoice(BrokenVoice(), tmp_path).voiced(long)
    with pytest.raises(ValidationError, match="at most 1500 characters"):
        ScenePlan(title="t", goal="g", narration="x" * (MAX_NARRATION_CHARS + 1), visual="v")


def test_pacing_notes_an_animation_far_longer_than_its_speech() -> None:
    said = Narration(text="Hi.", voice="espeak-ng:en-us:165", speech_s=2.0)
    note = pacing(version(9.0, said))
    assert note is not None and "9.0 s" in note and "2.0 s" in note
    assert pacing(version(3.5, said)) is None  # close enough
    assert pacing(version(9.0, None)) is None  # nothing to compare with
    assert pacing(version(9.0, said.model_copy(update={"speech_s": 0.0}))) is None  # silent


async def test_a_clips_track_is_kept_by_its_sound_and_copied_into_the_next_clip(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    voice = SceneVoice(EspeakVoice(tmp_path / "speech"), tmp_path / "work", tmp_path / "tracks")
    first = (await voice.voiced("A square has four sides.")).speech
    again = (await voice.voiced("A square has four sides.")).speech  # the same sound, anew
    other = (await voice.voiced("The triangle turns red.")).speech
    assert first is not None and again is not None and other is not None
    clip = plain_video(tmp_path / "clip.mp4", first.duration_s + 0.5)
    caplog.set_level(logging.INFO, logger="tools.media.narration_mux")

    def said() -> list[str]:
        return [r.getMessage().split("track ")[1].split(")")[0] for r in caplog.records]

    for speech in (first, again, other, None, None):
        (await voice.lay_over(clip, speech)).unlink()
    # Encoded for a new sound (and kept), copied for one heard before.
    assert said() == ["encoded", "copied", "encoded", "encoded", "copied"]
    assert len(list((tmp_path / "tracks").glob("*.m4a"))) == 3
    assert not list((tmp_path / "work").iterdir())  # the work dir keeps no file of it


async def test_a_track_made_while_its_clip_renders_is_copied_into_a_clip_not_longer(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    voice = SceneVoice(EspeakVoice(tmp_path / "speech"), tmp_path / "work", tmp_path / "tracks")
    speech = (await voice.voiced("A circle has no corners.")).speech
    assert speech is not None
    caplog.set_level(logging.INFO, logger="tools.media.narration_mux")
    voice.prepare_track(speech)  # as a render starts
    voice.prepare_track(speech)  # a second scene saying the same: one track is made
    ahead = hold_for(speech) + TRACK_AHEAD_SLACK_S
    held = plain_video(tmp_path / "held.mp4", hold_for(speech))  # the render held for the speech
    longer = plain_video(tmp_path / "longer.mp4", ahead - 1.0)  # animation past the speech
    too_long = plain_video(tmp_path / "too_long.mp4", ahead + 1.0)
    for clip in (held, longer, too_long):
        narrated = await voice.lay_over(clip, speech)
        (audio,) = audio_streams(narrated)
        assert float(audio["duration"]) == pytest.approx(probe_video(clip).duration_s, abs=0.05)
        narrated.unlink()
    said = [r.getMessage().split("track ")[1].split(")")[0] for r in caplog.records]
    assert said == ["copied", "copied", "encoded"]
    assert len(list((tmp_path / "tracks").glob("*.m4a"))) == 1  # one made ahead, for both
