"""Narration voices: text in, a WAV with real per-sentence timing out (espeak-ng, OpenAI-compatible
speech, or none), and a cache in front of any of them."""
