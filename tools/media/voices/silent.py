"""The `none` voice: lessons without speech (clips still get a silent track, for stitching)."""

from __future__ import annotations

from tools.media.voices.speech import Speech, sentences_of


class SilentVoice:
    key = "none"

    async def speak(self, text: str) -> Speech | None:
        sentences_of(text)  # the same length rule as every voice, so settings never change it
        return None
