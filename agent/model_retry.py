"""Model calls under the one retry policy: a 429, a 5xx, a timeout or a lost connection is
tried again (the OpenAI client's own retries are off, see `agent.providers`), and each retry
is reported to whoever watches the turn."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from agents.items import ModelResponse, TResponseStreamEvent
from agents.models.interface import Model
from openai import APIConnectionError, APIStatusError, APITimeoutError

from agent.settings import Settings
from tools.retry import OnRetry, RetriesExhausted, RetryNotice, RetryPolicy, retry_async

WHAT = "model call"
RETRY_STATUS = {408, 409, 429}  # and every 5xx: what the OpenAI client itself would retry

Stream = AsyncIterator[TResponseStreamEvent]
T = TypeVar("T")


def model_policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(
        settings.model_retries + 1, settings.model_retry_wait_s, settings.model_retry_max_wait_s
    )


def retryable(error: BaseException) -> bool:
    """Worth another try: the server was busy or failing, or the answer never came."""
    if isinstance(error, APIStatusError):
        return error.status_code in RETRY_STATUS or error.status_code >= 500
    return isinstance(error, APIConnectionError | TimeoutError)  # APITimeoutError included


def retry_after_s(error: BaseException) -> float | None:
    """The wait a 429 or 503 asked for (Retry-After in seconds, or retry-after-ms)."""
    if not isinstance(error, APIStatusError):
        return None
    headers = error.response.headers
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        try:
            return float(headers[name]) * scale
        except (KeyError, ValueError):
            continue
    return None


def busy_notice(notice: RetryNotice) -> str:
    """What a user reads while a model call is retried."""
    return f"The model is busy, retrying… (try {notice.attempt + 1} of {notice.tries})"


def gave_up_reply(exhausted: RetriesExhausted) -> str:
    """What a user reads when every try failed."""
    last = exhausted.last
    if isinstance(last, APIConnectionError) and not isinstance(last, APITimeoutError):
        return (
            f"The model could not be used: its server was not reachable in {exhausted.tries} "
            "tries. Check the model settings (TUTOR_MODEL, TUTOR_MODEL_BASE_URL, the API key) "
            "and try again."
        )
    return f"The model is still busy after {exhausted.tries} tries; try again in a minute."


class RetryingModel(Model):
    """Delegates to `model`, retrying failed calls; a stream only until its first event
    (after that, the turn has seen part of the answer and a retry would repeat it)."""

    def __init__(self, model: Model, policy: RetryPolicy, on_retry: OnRetry | None = None):
        self.model = model
        self._policy = policy
        self._on_retry = on_retry

    async def get_response(self, *args: Any, **kwargs: Any) -> ModelResponse:
        return await self._retry(lambda: self.model.get_response(*args, **kwargs))

    async def stream_response(self, *args: Any, **kwargs: Any) -> Stream:
        async def first_event() -> tuple[Stream, TResponseStreamEvent | None]:
            stream = self.model.stream_response(*args, **kwargs)
            try:
                return stream, await anext(stream)
            except StopAsyncIteration:
                return stream, None
            except BaseException:
                await _close(stream)
                raise

        stream, event = await self._retry(first_event)
        try:
            if event is None:
                return
            yield event
            async for event in stream:
                yield event
        finally:
            await _close(stream)

    async def close(self) -> None:
        await self.model.close()

    async def _cleanup_on_run_end(self, owner: object) -> None:
        await self.model._cleanup_on_run_end(owner)  # pyright: ignore[reportPrivateUsage]

    async def _retry(self, call: Callable[[], Awaitable[T]]) -> T:
        return await retry_async(
            call,
            what=WHAT,
            policy=self._policy,
            retry_if=retryable,
            on_retry=self._on_retry,
            retry_after=retry_after_s,
        )


async def _close(stream: Stream) -> None:
    if isinstance(stream, AsyncGenerator):
        await stream.aclose()
