"""The offline voice: real espeak-ng, measured with ffmpeg."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.tools.media.audio import mean_volume_db, media_duration_s
from tools.media.voices.espeak import EspeakVoice
from tools.media.voices.silent import SilentVoice
from tools.media.voices.speech import (
    MAX_NARRATION_CHARS,
    SENTENCE_GAP_S,
    NarrationTooLong,
    SpeechFailed,
)

TWO = "A right triangle has one right angle. Its longest side is called the hypotenuse!"
HOSTILE = "-v xx --help <speak>hi</speak>; rm -rf ~"
SPEECH_DB = -40.0  # espeak's words measure around -20 dB; silence reads below -80 dB


async def test_two_sentences_have_real_spans_and_are_loud_in_them(tmp_path: Path) -> None:
    start = time.monotonic()
    speech = await EspeakVoice(tmp_path).speak(TWO)
    elapsed = time.monotonic() - start
    assert speech is not None
    assert [s.text for s in speech.spans] == [
        "A right triangle has one right angle.",
        "Its longest side is called the hypotenuse!",
    ]
    assert media_duration_s(speech.wav) == pytest.approx(speech.duration_s, abs=0.01)
    (a, b) = speech.spans
    assert 0 == a.start_s < a.end_s < b.start_s < b.end_s == pytest.approx(speech.duration_s)
    assert b.start_s - a.end_s == pytest.approx(SENTENCE_GAP_S, abs=0.001)
    spoken = sum(s.end_s - s.start_s for s in speech.spans)
    assert speech.duration_s == pytest.approx(spoken + SENTENCE_GAP_S, abs=0.001)
    for span in speech.spans:
        assert span.end_s - span.start_s > 1.0  # a sentence of words, not a click
        assert mean_volume_db(speech.wav, span.start_s, span.end_s - span.start_s) > SPEECH_DB
    assert (
        mean_volume_db(speech.wav, a.end_s + 0.02, SENTENCE_GAP_S - 0.04) < -80
    )  # the pause is silent
    print(f"espeak-ng: 2 sentences, {speech.duration_s:.2f} s of speech in {elapsed:.3f} s")


async def test_options_and_markup_in_the_text_are_spoken_as_words(tmp_path: Path) -> None:
    home = Path.home()
    before = sorted(p.name for p in home.iterdir())
    speech = await EspeakVoice(tmp_path).speak(HOSTILE)
    assert speech is not None and [s.text for s in speech.spans] == [HOSTILE]
    # Read out: "v twenty help speak hi slash speak rm rf" takes seconds; `--help` as an option
    # would have printed usage and written no audio, and -v xx would be an unknown voice.
    assert speech.duration_s > 2.5
    assert mean_volume_db(speech.wav) > SPEECH_DB
    assert sorted(p.name for p in home.iterdir()) == before


async def test_odd_characters_are_spoken_or_replaced_never_a_crash(tmp_path: Path) -> None:
    # A sliced emoji (lone surrogate), control characters, symbols.
    speech = await EspeakVoice(tmp_path).speak("π ≈ 3.14 😀 \ud800 a\x00b\x1b[31m done.")
    assert speech is not None and speech.duration_s > 1.0
    assert [s.text for s in speech.spans] == ["π ≈ 3.14 😀 \ufffd a b [31m done."]


async def test_too_long_narration_is_refused_before_any_engine_runs(tmp_path: Path) -> None:
    text = "This sentence is forty characters long. " * 40
    for voice in (EspeakVoice(tmp_path / "espeak"), SilentVoice()):
        with pytest.raises(NarrationTooLong, match=f"limit is {MAX_NARRATION_CHARS} characters"):
            await voice.speak(text)
    assert not (tmp_path / "espeak").exists()
    assert issubclass(NarrationTooLong, SpeechFailed) and issubclass(NarrationTooLong, ValueError)


async def test_nothing_to_say_is_no_speech(tmp_path: Path) -> None:
    assert await EspeakVoice(tmp_path).speak("  \n ") is None
    assert await SilentVoice().speak("Some words.") is None


async def test_settings_are_checked_and_name_the_key(tmp_path: Path) -> None:
    assert EspeakVoice(tmp_path, voice="en-gb", wpm=140).key == "espeak-ng:en-gb:140"
    with pytest.raises(ValueError, match="bad espeak-ng voice"):
        EspeakVoice(tmp_path, voice="--help")
    with pytest.raises(ValueError, match="wpm is out of range"):
        EspeakVoice(tmp_path, wpm=5)


async def test_an_unknown_voice_is_a_clear_failure(tmp_path: Path) -> None:
    with pytest.raises(SpeechFailed, match="voice does not exist"):
        await EspeakVoice(tmp_path, voice="zz-nope").speak("Hello.")


async def test_missing_espeak_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(SpeechFailed, match="make setup"):
        await EspeakVoice(tmp_path).speak("Hello.")
