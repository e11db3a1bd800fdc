"""The one retry policy: bounded, backed off with jitter, logged, and clear when it gives up."""

from __future__ import annotations

import logging

import pytest

from tools.retry import (
    RetriesExhausted,
    RetryNotice,
    RetryPolicy,
    backoff_s,
    describe,
    retry_async,
    retry_sync,
)

QUICK = RetryPolicy(tries=3, first_wait_s=0.001, max_wait_s=0.01)


class Flaky:
    """Fails with `error` the first `failures` calls, then answers how many calls it took."""

    def __init__(self, failures: int, error: Exception | None = None) -> None:
        self.failures, self.calls = failures, 0
        self.error = error or ConnectionError("connection reset")

    def __call__(self) -> int:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return self.calls

    async def call(self) -> int:
        return self()


def transient(error: BaseException) -> bool:
    return isinstance(error, ConnectionError)


async def test_a_call_that_recovers_is_retried_logged_and_reported(
    caplog: pytest.LogCaptureFixture,
) -> None:
    flaky, notices = Flaky(2), list[RetryNotice]()
    caplog.set_level(logging.WARNING, logger="tools.retry")
    got = await retry_async(
        flaky.call, what="thing call", policy=QUICK, retry_if=transient, on_retry=notices.append
    )
    assert got == 3
    assert [(n.what, n.attempt, n.tries) for n in notices] == [
        ("thing call", 1, 3),
        ("thing call", 2, 3),
    ]
    assert all(
        0 <= n.wait_s <= 0.01 and n.reason == "ConnectionError: connection reset" for n in notices
    )
    lines = [r.getMessage() for r in caplog.records]
    assert lines[0].startswith("thing call failed (try 1 of 3): ConnectionError: connection reset")
    assert lines[1].startswith("thing call failed (try 2 of 3)") and "retrying in 0.0 s" in lines[1]
    assert all(r.levelno == logging.WARNING for r in caplog.records)


async def test_it_gives_up_after_the_last_try_with_a_clear_message() -> None:
    flaky = Flaky(100)
    with pytest.raises(RetriesExhausted) as raised:
        await retry_async(flaky.call, what="storage upload", policy=QUICK, retry_if=transient)
    assert flaky.calls == 3
    assert str(raised.value) == (
        "storage upload failed 3 times in a row; gave up: ConnectionError: connection reset"
    )
    assert raised.value.tries == 3 and isinstance(raised.value.last, ConnectionError)
    assert raised.value.__cause__ is raised.value.last


def test_the_blocking_form_gives_up_the_same_way() -> None:
    assert retry_sync(Flaky(1), what="x", policy=QUICK, retry_if=transient) == 2
    flaky = Flaky(100)
    with pytest.raises(RetriesExhausted, match="redis ping failed 3 times"):
        retry_sync(flaky, what="redis ping", policy=QUICK, retry_if=transient)
    assert flaky.calls == 3


async def test_an_error_that_is_not_transient_is_raised_at_once() -> None:
    flaky = Flaky(100, ValueError("bad request"))
    with pytest.raises(ValueError, match="bad request"):
        await retry_async(flaky.call, what="x", policy=QUICK, retry_if=transient)
    assert flaky.calls == 1
    with pytest.raises(ValueError):
        retry_sync(flaky, what="x", policy=QUICK, retry_if=transient)
    assert flaky.calls == 2


async def test_a_servers_retry_after_is_believed_up_to_the_longest_wait() -> None:
    notices: list[RetryNotice] = []
    policy = RetryPolicy(tries=3, first_wait_s=0.001, max_wait_s=0.02)
    await retry_async(
        Flaky(2).call,
        what="x",
        policy=policy,
        retry_if=transient,
        on_retry=notices.append,
        retry_after=lambda _error: 60.0,  # far more than the policy allows
    )
    assert [n.wait_s for n in notices] == [0.02, 0.02]


def test_waits_grow_exponentially_with_full_jitter_and_are_capped() -> None:
    for attempt in range(1, 12):
        bound = min(8.0, 0.5 * 2 ** (attempt - 1))
        waits = [backoff_s(attempt, 0.5, 8.0) for _ in range(50)]
        assert all(0 <= w <= bound for w in waits)
        assert len(set(waits)) > 1  # jittered: no two clients in lockstep
    # Late waits are drawn from a wider window than early ones.
    early = sum(backoff_s(1, 0.5, 8.0) for _ in range(200)) / 200
    late = sum(backoff_s(5, 0.5, 8.0) for _ in range(200)) / 200
    assert late > 4 * early


def test_a_fixed_share_of_the_bound_is_a_floor() -> None:
    for attempt in range(1, 8):
        bound = min(8.0, 2 ** (attempt - 1))
        for _ in range(50):
            assert bound / 2 <= backoff_s(attempt, 1.0, 8.0, fixed=0.5) <= bound


def test_reasons_never_carry_a_urls_credentials() -> None:
    error = ConnectionError("cannot reach redis://user:s3cret@queue:6379/0\nmore")
    assert describe(error) == "ConnectionError: cannot reach redis://***@queue:6379/0"
    assert describe(TimeoutError()) == "TimeoutError"
