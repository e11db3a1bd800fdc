"""Which model errors are retried, and a stream only until its first event."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx2
import pytest
from openai import (
    APIConnectionError,
    APITimeoutError,
    BadRequestError,
    InternalServerError,
    RateLimitError,
)

from agent.model_retry import RetryingModel, gave_up_reply, retry_after_s, retryable
from tools.retry import RetriesExhausted, RetryNotice, RetryPolicy

QUICK = RetryPolicy(tries=3, first_wait_s=0.001, max_wait_s=0.01)
REQUEST = httpx2.Request("POST", "http://127.0.0.1:1/v1/chat/completions")


def answer(status: int, **headers: str) -> httpx2.Response:
    return httpx2.Response(status, headers=headers, request=REQUEST)


def busy(**headers: str) -> RateLimitError:
    return RateLimitError("Rate limit reached", response=answer(429, **headers), body=None)


class FlakyStream:
    """A model whose stream fails `before` times before its first event, then yields
    "a", "b", "c" (failing after "a" when `after_first` says so)."""

    def __init__(self, before: int, after_first: bool = False) -> None:
        self.before, self.after_first, self.calls = before, after_first, 0

    async def stream_response(self, *args: Any, **kwargs: Any) -> AsyncIterator[str]:
        self.calls += 1
        if self.calls <= self.before:
            raise busy()
        yield "a"
        if self.after_first:
            raise busy()
        yield "b"
        yield "c"


async def collect(model: RetryingModel) -> list[Any]:
    return [event async for event in model.stream_response()]


def test_busy_failing_and_unreachable_servers_are_retried_and_bad_requests_are_not() -> None:
    assert retryable(busy())
    assert retryable(APIConnectionError(request=REQUEST))
    assert retryable(APITimeoutError(request=REQUEST))
    assert retryable(InternalServerError("down", response=answer(503), body=None))
    assert not retryable(BadRequestError("bad", response=answer(400), body=None))
    assert not retryable(ValueError("a bug"))


def test_a_retry_after_header_is_read_in_seconds_or_milliseconds() -> None:
    assert retry_after_s(busy(**{"retry-after": "2"})) == 2.0
    assert retry_after_s(busy(**{"retry-after-ms": "250"})) == 0.25
    assert retry_after_s(busy()) is None
    assert retry_after_s(busy(**{"retry-after": "Wed, 21 Oct 2026 07:28:00 GMT"})) is None


async def test_a_stream_that_fails_before_its_first_event_is_started_again() -> None:
    inner, notices = FlakyStream(before=2), list[RetryNotice]()
    model = RetryingModel(inner, QUICK, notices.append)  # type: ignore[arg-type]
    assert await collect(model) == ["a", "b", "c"]
    assert inner.calls == 3 and [n.attempt for n in notices] == [1, 2]


async def test_a_stream_that_fails_after_its_first_event_is_not_repeated() -> None:
    inner = FlakyStream(before=0, after_first=True)
    model = RetryingModel(inner, QUICK)  # type: ignore[arg-type]
    with pytest.raises(RateLimitError):
        await collect(model)
    assert inner.calls == 1


async def test_a_model_busy_past_the_last_try_is_said_in_words() -> None:
    inner = FlakyStream(before=100)
    with pytest.raises(RetriesExhausted) as raised:
        await collect(RetryingModel(inner, QUICK))  # type: ignore[arg-type]
    assert inner.calls == 3
    assert gave_up_reply(raised.value) == (
        "The model is still busy after 3 tries; try again in a minute."
    )
    unreachable = RetriesExhausted("model call", 3, APIConnectionError(request=REQUEST))
    assert "not reachable in 3 tries" in gave_up_reply(unreachable)


def test_a_retry_on_a_turn_worker_reaches_the_app_that_follows_it() -> None:
    from agent.turn_queue.events import recording, replay
    from agent.tutor import TurnObserver

    written: list[dict[str, Any]] = []
    notice = RetryNotice("model call", 1, 5, 0.7, "RateLimitError: busy")
    recording(written.append).retrying(notice)
    seen: list[RetryNotice] = []
    assert replay(written[0], TurnObserver(retrying=seen.append)) is None
    assert seen == [notice]


async def test_a_test_cannot_reach_a_real_model_through_the_openai_client() -> None:
    from openai import AsyncOpenAI

    client = AsyncOpenAI(base_url="https://api.openai.com/v1", api_key="sk-test", max_retries=0)
    with pytest.raises(AssertionError, match=r"a test tried to reach https://api\.openai\.com"):
        await client.chat.completions.create(model="gpt-4.1", messages=[])
