"""The speech cache: a hit never reaches the voice; every setting that changes the sound is key."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tools.media.voices.cache import CachedVoice
from tools.media.voices.espeak import EspeakVoice
from tools.media.voices.speech import Speech


class Counting:
    """A real espeak-ng voice that counts its calls."""

    def __init__(self, voice: EspeakVoice) -> None:
        self.voice, self.calls = voice, 0

    @property
    def key(self) -> str:
        return self.voice.key

    async def speak(self, text: str) -> Speech | None:
        self.calls += 1
        return await self.voice.speak(text)


async def test_a_second_call_is_served_from_the_cache(tmp_path: Path) -> None:
    inner = Counting(EspeakVoice(tmp_path / "work"))
    cached = CachedVoice(inner, tmp_path / "cache")
    first = await cached.speak("One sentence. Two sentences.")
    again = await cached.speak("One  sentence.\nTwo sentences.")  # same words, other spacing
    assert inner.calls == 1
    assert first is not None and again == first
    assert first.wav.parent == tmp_path / "cache" and first.wav.is_file()
    # The engine's file moved into the cache: its work dir (the app's) keeps nothing.
    assert list((tmp_path / "work").iterdir()) == []
    # A fresh wrapper over the same directory (a restart) hits too.
    assert (
        await CachedVoice(inner, tmp_path / "cache").speak("One sentence. Two sentences.") == first
    )
    assert inner.calls == 1
    assert await cached.speak("Other words.") != first and inner.calls == 2


async def test_other_settings_are_another_entry(tmp_path: Path) -> None:
    slow = CachedVoice(EspeakVoice(tmp_path, wpm=120), tmp_path / "cache")
    fast = CachedVoice(EspeakVoice(tmp_path, wpm=220), tmp_path / "cache")
    british = CachedVoice(EspeakVoice(tmp_path, voice="en-gb"), tmp_path / "cache")
    text = "The same words."
    assert len({slow.digest(text), fast.digest(text), british.digest(text)}) == 3
    a, b = await slow.speak(text), await fast.speak(text)
    assert a is not None and b is not None and a.duration_s > b.duration_s


async def test_a_damaged_entry_is_synthesized_again(tmp_path: Path) -> None:
    inner = Counting(EspeakVoice(tmp_path / "work"))
    cached = CachedVoice(inner, tmp_path / "cache")
    first = await cached.speak("Hello there.")
    assert first is not None
    (tmp_path / "cache" / f"{cached.digest('Hello there.')}.json").write_text("{not json")
    assert await cached.speak("Hello there.") == first and inner.calls == 2
    assert await cached.speak("") is None and inner.calls == 2


async def test_speaking_the_same_words_at_once_gives_one_entry_and_leaves_no_files(
    tmp_path: Path,
) -> None:
    cached = CachedVoice(EspeakVoice(tmp_path / "work"), tmp_path / "cache")
    results = await asyncio.gather(*(cached.speak("All at once.") for _ in range(4)))
    assert all(r is not None and r.wav.is_file() for r in results)
    assert len({r.wav for r in results if r is not None}) == 1
    assert list((tmp_path / "work").iterdir()) == []
