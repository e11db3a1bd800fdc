"""The one retry policy for remote calls: bounded tries, exponential backoff with full jitter.

Every retry is logged at WARNING as "<what> failed (try n of N): <reason>; retrying in X.X s",
and a call that fails every try ends in `RetriesExhausted`, which names what failed and how
often it was tried. `retry_async` / `retry_sync` run a call under the policy (tenacity);
places that keep their tries between runs (the upload outbox, webhook deliveries) take each
wait from `backoff_s`, the same formula.

Not here: the render and turn queues' broker and task retries (`tools.render.queue`), which
are Celery's own mechanism and configured where Celery is.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    RetryError,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
    wait_random_exponential,
)

log = logging.getLogger(__name__)
T = TypeVar("T")
_CREDENTIALS = re.compile(r"//[^/@\s]+@")  # user:password@ in a URL


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to try: `tries` in all, the n-th wait drawn from
    [0, min(max_wait_s, first_wait_s * 2^(n-1))]."""

    tries: int = 5
    first_wait_s: float = 1.0
    max_wait_s: float = 30.0


@dataclass(frozen=True)
class RetryNotice:
    """One failed try with another to come: what a UI shows ("busy, retrying…")."""

    what: str
    attempt: int  # the try that failed, from 1
    tries: int
    wait_s: float
    reason: str


class RetriesExhausted(Exception):
    """Every try failed; `last` is the final error."""

    def __init__(self, what: str, tries: int, last: BaseException) -> None:
        super().__init__(f"{what} failed {tries} times in a row; gave up: {describe(last)}")
        self.what, self.tries, self.last = what, tries, last


OnRetry = Callable[[RetryNotice], None]
RetryAfter = Callable[[BaseException], float | None]  # a server's own hint (Retry-After)


def describe(error: BaseException) -> str:
    """A short, loggable reason: the error's type and first line, never a URL's credentials."""
    text = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
    text = _CREDENTIALS.sub("//***@", text)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def backoff_s(attempt: int, first_s: float, max_s: float, *, fixed: float = 0.0) -> float:
    """The wait after failed try `attempt` (1, 2, …): full jitter up to min(max_s,
    first_s·2^(attempt-1)); `fixed` keeps that share of the bound as a floor (0.5 = equal
    jitter, for retries that must not come back at once)."""
    state = RetryCallState(Retrying(), None, (), {})
    state.attempt_number = attempt
    bound = wait_exponential(multiplier=first_s, max=max_s)(state)
    jittered = wait_random_exponential(multiplier=first_s, max=max_s)(state)
    return fixed * bound + (1 - fixed) * jittered


def log_retry(what: str, attempt: int, tries: int | None, reason: str, wait_s: float) -> None:
    """The one line every retry leaves in the log (`tries` None: no limit)."""
    of = f" of {tries}" if tries else ""
    log.warning("%s failed (try %d%s): %s; retrying in %.1f s", what, attempt, of, reason, wait_s)


@dataclass(frozen=True)
class _Hooks:
    stop: stop_after_attempt
    wait: Callable[[RetryCallState], float]
    retry: retry_if_exception
    before_sleep: Callable[[RetryCallState], None]


def _hooks(
    what: str,
    policy: RetryPolicy,
    retry_if: Callable[[BaseException], bool],
    on_retry: OnRetry | None,
    retry_after: RetryAfter | None,
) -> _Hooks:
    jitter = wait_random_exponential(multiplier=policy.first_wait_s, max=policy.max_wait_s)

    def wait(state: RetryCallState) -> float:
        drawn = jitter(state)
        error = state.outcome.exception() if state.outcome else None
        hint = retry_after(error) if retry_after and error else None
        # A server that says when to come back is believed, up to the policy's longest wait.
        return drawn if hint is None else max(drawn, min(hint, policy.max_wait_s))

    def before_sleep(state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        wait_s = state.next_action.sleep if state.next_action else 0.0
        reason = describe(error) if error else "failed"
        event = RetryNotice(what, state.attempt_number, policy.tries, wait_s, reason)
        log_retry(what, event.attempt, event.tries, event.reason, wait_s)
        if on_retry is not None:
            on_retry(event)

    return _Hooks(
        stop_after_attempt(policy.tries), wait, retry_if_exception(retry_if), before_sleep
    )


async def retry_async(
    call: Callable[[], Awaitable[T]],
    *,
    what: str,
    policy: RetryPolicy,
    retry_if: Callable[[BaseException], bool],
    on_retry: OnRetry | None = None,
    retry_after: RetryAfter | None = None,
) -> T:
    """Await `call()` until it succeeds, fails with an error `retry_if` refuses (raised as
    is), or has failed `policy.tries` times (`RetriesExhausted`)."""
    hooks = _hooks(what, policy, retry_if, on_retry, retry_after)
    retrying = AsyncRetrying(
        stop=hooks.stop, wait=hooks.wait, retry=hooks.retry, before_sleep=hooks.before_sleep
    )
    try:
        async for attempt in retrying:
            with attempt:
                return await call()
    except RetryError as gave_up:
        raise _exhausted(what, policy, gave_up) from gave_up.last_attempt.exception()
    raise AssertionError("unreachable")  # tenacity either returns, raises or gives up


def retry_sync(
    call: Callable[[], T],
    *,
    what: str,
    policy: RetryPolicy,
    retry_if: Callable[[BaseException], bool],
    on_retry: OnRetry | None = None,
    retry_after: RetryAfter | None = None,
) -> T:
    """`retry_async` for blocking calls (it sleeps the calling thread between tries)."""
    hooks = _hooks(what, policy, retry_if, on_retry, retry_after)
    retrying = Retrying(
        stop=hooks.stop, wait=hooks.wait, retry=hooks.retry, before_sleep=hooks.before_sleep
    )
    try:
        for attempt in retrying:
            with attempt:
                return call()
    except RetryError as gave_up:
        raise _exhausted(what, policy, gave_up) from gave_up.last_attempt.exception()
    raise AssertionError("unreachable")


def _exhausted(what: str, policy: RetryPolicy, gave_up: RetryError) -> RetriesExhausted:
    last = gave_up.last_attempt.exception()
    assert last is not None  # tenacity gives up only after a failed try
    log.warning("%s failed %d times in a row; giving up: %s", what, policy.tries, describe(last))
    return RetriesExhausted(what, policy.tries, last)
