"""The narration voice's settings (`TUTOR_VOICE*`), read like every other setting."""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class VoiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TUTOR_", extra="ignore")

    voice: Literal["espeak", "openai", "none"] = Field(
        default="espeak",
        description=(
            "Who speaks each scene's narration: espeak = espeak-ng, offline; openai = OpenAI"
            " text-to-speech, or any server speaking its protocol (TUTOR_VOICE_BASE_URL);"
            " none = silent clips (subtitles only)."
        ),
    )
    voice_name: str = Field(
        default="",
        description="The voice: an espeak-ng voice (default en-us) or an OpenAI one (alloy).",
    )
    voice_wpm: int = Field(
        default=165, ge=80, le=450, description="espeak-ng's speaking rate, words a minute."
    )
    voice_model: str = Field(
        default="gpt-4o-mini-tts", description="The text-to-speech model (TUTOR_VOICE=openai)."
    )
    voice_base_url: str | None = Field(
        default=None,
        description="An OpenAI-compatible speech server, e.g. http://127.0.0.1:8880/v1.",
    )
    voice_api_key: SecretStr | None = Field(
        default=None,
        description="The speech server's key; OpenAI's own falls back to OPENAI_API_KEY.",
    )
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY"), description="OpenAI's key."
    )

    def speech_key(self) -> str | None:
        """The key sent with speech requests: OPENAI_API_KEY goes to OpenAI only, never to
        another server (TUTOR_VOICE_BASE_URL) unless it is set as TUTOR_VOICE_API_KEY."""
        key = self.voice_api_key or (self.openai_api_key if self.voice_base_url is None else None)
        return key.get_secret_value() if key else None
