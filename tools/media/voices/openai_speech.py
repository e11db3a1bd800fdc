"""OpenAI text-to-speech, or any server speaking its `/audio/speech` protocol: sentence by
sentence (so each span is measured), each answer decoded by ffmpeg to one common WAV format."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from openai import APIConnectionError, APIStatusError, AsyncOpenAI, OpenAIError

from tools.media.voices.process import run
from tools.media.voices.speech import Speech, SpeechFailed, sentences_of
from tools.media.voices.wav import Pcm, join_sentences, read_wav
from tools.retry import RetriesExhausted, RetryPolicy, describe, retry_async

FFMPEG_MISSING = "ffmpeg is not installed, so speech cannot be decoded: run `make setup`."
DECODE_RATE = 24_000  # OpenAI's own rate: sentences from any server end up alike
DECODE_TIMEOUT_S = 60.0
RETRY_STATUS = {408, 409, 429}  # and every 5xx
DEFAULT_POLICY = RetryPolicy(tries=3, first_wait_s=1.0, max_wait_s=10.0)


class OpenAISpeechVoice:
    """`base_url` None means OpenAI itself, which needs `api_key`; a local server may need none
    (the environment's OPENAI_API_KEY is never sent to it). The OpenAI client's own retries are
    off: failures go through the project's one retry policy (`tools.retry`)."""

    def __init__(
        self,
        work_dir: Path,
        *,
        api_key: str | None = None,
        model: str = "gpt-4o-mini-tts",
        voice: str = "alloy",
        base_url: str | None = None,
        timeout_s: float = 60.0,
        policy: RetryPolicy = DEFAULT_POLICY,
    ) -> None:
        if not api_key and base_url is None:
            raise ValueError("OpenAI speech needs an API key: set OPENAI_API_KEY, or a speech URL")
        self.work_dir, self.model, self.voice = work_dir, model, voice
        self.api_key = api_key or "no-key"  # the client insists on one
        self.base_url, self.timeout_s, self.policy = base_url, timeout_s, policy

    @property
    def key(self) -> str:
        return f"openai:{self.base_url or 'api.openai.com'}:{self.model}:{self.voice}"

    @property
    def where(self) -> str:
        return f"the speech server at {self.base_url}" if self.base_url else "OpenAI speech"

    async def speak(self, text: str) -> Speech | None:
        sentences = sentences_of(text)
        if not sentences:
            return None
        ffmpeg = shutil.which("ffmpeg")
        if ffmpeg is None:
            raise SpeechFailed(FFMPEG_MISSING)
        self.work_dir.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(dir=self.work_dir, prefix=".speech-"))
        client = AsyncOpenAI(
            api_key=self.api_key, base_url=self.base_url, max_retries=0, timeout=self.timeout_s
        )
        try:
            pieces: list[tuple[str, Pcm]] = []
            for n, sentence in enumerate(sentences):
                audio = await self._fetch(client, sentence)
                pieces.append((sentence, await _decode(ffmpeg, audio, scratch / f"{n}.wav")))
            return join_sentences(pieces, scratch.with_name(f"{scratch.name}.wav"))
        finally:
            await client.close()
            shutil.rmtree(scratch, ignore_errors=True)

    async def _fetch(self, client: AsyncOpenAI, sentence: str) -> bytes:
        async def call() -> bytes:
            response = await client.audio.speech.create(
                model=self.model, voice=self.voice, input=sentence, response_format="wav"
            )
            return response.content

        try:
            return await retry_async(
                call, what="speech request", policy=self.policy, retry_if=_retryable
            )
        except RetriesExhausted as exc:
            raise SpeechFailed(
                f"{self.where} failed {exc.tries} times ({describe(exc.last)}); check the voice "
                "settings (TUTOR_VOICE and its URL, model, key) or try again later"
            ) from exc
        except OpenAIError as exc:  # not worth retrying: a bad key, model or voice
            raise SpeechFailed(
                f"{self.where} refused the request ({describe(exc)}); check the voice settings "
                "(model, voice name, API key)"
            ) from exc


def _retryable(error: BaseException) -> bool:
    if isinstance(error, APIStatusError):
        return error.status_code in RETRY_STATUS or error.status_code >= 500
    return isinstance(error, APIConnectionError | TimeoutError)


async def _decode(ffmpeg: str, audio: bytes, out: Path) -> Pcm:
    """Whatever the server sent (WAV, possibly with unknown sizes when streamed), as PCM."""
    argv = [ffmpeg, "-v", "error", "-nostdin", "-y", "-i", "pipe:0", "-map", "0:a:0"]
    argv += ["-ac", "1", "-ar", str(DECODE_RATE), "-c:a", "pcm_s16le", "-f", "wav", str(out)]
    try:
        await run(argv, audio, timeout_s=DECODE_TIMEOUT_S, missing=FFMPEG_MISSING)
    except SpeechFailed as exc:
        raise SpeechFailed(
            f"the speech server's answer is not audio ffmpeg can read: {exc}"
        ) from exc
    return read_wav(out)
