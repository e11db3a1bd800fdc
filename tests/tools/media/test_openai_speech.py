"""The OpenAI-compatible voice: the real OpenAI client, over HTTP, against a local stub."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.tools.media.audio import mean_volume_db, media_duration_s
from tests.tools.media.speech_stub import speech_stub
from tools.media.voices.openai_speech import DECODE_RATE, OpenAISpeechVoice
from tools.media.voices.speech import (
    SENTENCE_GAP_S,
    NarrationTooLong,
    SpeechFailed,
    speak_or_silence,
)
from tools.media.voices.wav import read_wav
from tools.retry import RetryPolicy

FAST = RetryPolicy(tries=3, first_wait_s=0.01, max_wait_s=0.02)
TEXT = "Nineteen characters! And then twenty-eight more."
PER_CHAR_S = 0.05


def voice(tmp_path: Path, url: str) -> OpenAISpeechVoice:
    return OpenAISpeechVoice(
        tmp_path, api_key="sk-test", model="tts-stub", voice="nova", base_url=url, policy=FAST
    )


async def test_speech_comes_from_the_server_sentence_by_sentence(tmp_path: Path) -> None:
    with speech_stub(seconds_per_char=PER_CHAR_S) as stub:
        speech = await voice(tmp_path, stub.url).speak(TEXT)
    assert speech is not None
    bodies = [r["body"] for r in stub.requests]
    said = [b["input"] for b in bodies]
    assert said == ["Nineteen characters!", "And then twenty-eight more."]
    assert all(b["model"] == "tts-stub" and b["voice"] == "nova" for b in bodies)
    assert all(b["response_format"] == "wav" for b in bodies)
    assert all(r["path"] == "/v1/audio/speech" for r in stub.requests)
    assert all(r["auth"] == "Bearer sk-test" for r in stub.requests)
    (a, b) = speech.spans
    for span, sentence in zip(speech.spans, said, strict=True):  # each span is its sentence's
        assert span.end_s - span.start_s == pytest.approx(len(sentence) * PER_CHAR_S, abs=0.01)
    assert b.start_s == pytest.approx(a.end_s + SENTENCE_GAP_S, abs=0.001)
    total = len("".join(said)) * PER_CHAR_S + SENTENCE_GAP_S
    assert speech.duration_s == pytest.approx(total, abs=0.02)
    assert media_duration_s(speech.wav) == pytest.approx(speech.duration_s, abs=0.01)
    pcm = read_wav(speech.wav)
    assert (pcm.rate, pcm.channels, pcm.width) == (DECODE_RATE, 1, 2)
    assert mean_volume_db(speech.wav, a.start_s, a.end_s - a.start_s) > -30


async def test_a_failing_server_is_a_clear_failure_after_bounded_retries(tmp_path: Path) -> None:
    refused = pytest.raises(SpeechFailed, match=r"failed 3 times.*check the voice settings")
    with speech_stub(fail_with=500) as stub, refused:
        await voice(tmp_path, stub.url).speak(TEXT)
    assert len(stub.requests) == 3


async def test_a_failed_voice_means_a_silent_scene_with_a_note(tmp_path: Path) -> None:
    with speech_stub(fail_with=503) as stub:
        speech, note = await speak_or_silence(voice(tmp_path, stub.url), TEXT)
    assert speech is None and note is not None
    assert note.startswith("The narration could not be spoken, so this scene is silent")
    with pytest.raises(NarrationTooLong):
        await speak_or_silence(voice(tmp_path, "http://127.0.0.1:9/v1"), "Words. " * 300)


async def test_a_refused_request_is_not_retried(tmp_path: Path) -> None:
    refused = pytest.raises(SpeechFailed, match=r"refused the request.*API key")
    with speech_stub(fail_with=401) as stub, refused:
        await voice(tmp_path, stub.url).speak(TEXT)
    assert len(stub.requests) == 1


async def test_an_unreachable_server_is_a_clear_failure(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    with pytest.raises(SpeechFailed, match=f"speech server at {url} failed 3 times"):
        await voice(tmp_path, url).speak(TEXT)


async def test_a_server_without_a_key_never_sees_the_environments_key(tmp_path: Path) -> None:
    # tests/tools/conftest.py plants a canary in OPENAI_API_KEY.
    with speech_stub() as stub:
        await OpenAISpeechVoice(tmp_path, base_url=stub.url, policy=FAST).speak("Hi.")
    assert [r["auth"] for r in stub.requests] == ["Bearer no-key"]
    with pytest.raises(ValueError, match="needs an API key"):
        OpenAISpeechVoice(tmp_path)


def test_the_key_names_server_model_and_voice(tmp_path: Path) -> None:
    assert voice(tmp_path, "http://h/v1").key == "openai:http://h/v1:tts-stub:nova"
    assert (
        OpenAISpeechVoice(tmp_path, api_key="k").key
        == "openai:api.openai.com:gpt-4o-mini-tts:alloy"
    )
