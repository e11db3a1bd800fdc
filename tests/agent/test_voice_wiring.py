"""`TUTOR_VOICE` picks who speaks the narration; every voice sits behind the speech cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agent.settings import Settings
from agent.voice_settings import VoiceSettings
from agent.wiring import open_voice
from tools.media.voices.cache import CachedVoice
from tools.media.voices.espeak import EspeakVoice
from tools.media.voices.openai_speech import OpenAISpeechVoice
from tools.media.voices.silent import SilentVoice


def voice_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> VoiceSettings:
    for name in ("OPENAI_API_KEY", "TUTOR_VOICE", "TUTOR_VOICE_BASE_URL", "TUTOR_VOICE_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return VoiceSettings()


def test_nothing_configured_speaks_with_espeak_behind_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(data_dir=tmp_path)
    voice = open_voice(settings, voice_settings(monkeypatch))
    assert isinstance(voice, CachedVoice) and isinstance(voice.voice, EspeakVoice)
    assert voice.key == "espeak-ng:en-us:165"
    assert voice.cache_dir == settings.cache_dir / "speech"
    assert shutil.which("espeak-ng"), "make setup installs espeak-ng: the default voice needs it"


def test_voice_name_and_speed_change_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = voice_settings(monkeypatch, TUTOR_VOICE_NAME="en-gb", TUTOR_VOICE_WPM="140")
    assert open_voice(Settings(data_dir=tmp_path), chosen).key == "espeak-ng:en-gb:140"


def test_a_bad_espeak_voice_name_is_refused_with_what_to_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = voice_settings(monkeypatch, TUTOR_VOICE_NAME="en; rm -rf /")
    with pytest.raises(ValueError, match=r"bad espeak-ng voice.*'en-us'"):
        open_voice(Settings(data_dir=tmp_path), chosen)


def test_openai_speech_uses_the_openai_key_with_openai_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(data_dir=tmp_path)
    chosen = voice_settings(monkeypatch, TUTOR_VOICE="openai", OPENAI_API_KEY="sk-openai")
    voice = open_voice(settings, chosen)
    assert isinstance(voice, CachedVoice) and isinstance(voice.voice, OpenAISpeechVoice)
    assert voice.voice.api_key == "sk-openai" and voice.voice.base_url is None
    assert voice.key == "openai:api.openai.com:gpt-4o-mini-tts:alloy"

    # Another server never gets the OpenAI key, only its own.
    local = voice_settings(
        monkeypatch,
        TUTOR_VOICE="openai",
        OPENAI_API_KEY="sk-openai",
        TUTOR_VOICE_BASE_URL="http://127.0.0.1:9/v1",
        TUTOR_VOICE_NAME="nova",
    )
    voice = open_voice(settings, local)
    assert isinstance(voice, CachedVoice) and isinstance(voice.voice, OpenAISpeechVoice)
    assert voice.voice.api_key == "no-key" and voice.voice.voice == "nova"
    keyed = voice_settings(
        monkeypatch,
        TUTOR_VOICE="openai",
        TUTOR_VOICE_BASE_URL="http://127.0.0.1:9/v1",
        TUTOR_VOICE_API_KEY="local-key",
    )
    voice = open_voice(settings, keyed)
    assert isinstance(voice, CachedVoice) and isinstance(voice.voice, OpenAISpeechVoice)
    assert voice.voice.api_key == "local-key"


def test_openai_speech_without_a_key_says_what_to_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ValueError, match="OPENAI_API_KEY"):
        open_voice(Settings(data_dir=tmp_path), voice_settings(monkeypatch, TUTOR_VOICE="openai"))


def test_voice_none_is_silent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    voice = open_voice(Settings(data_dir=tmp_path), voice_settings(monkeypatch, TUTOR_VOICE="none"))
    assert isinstance(voice, SilentVoice)
