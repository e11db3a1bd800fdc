"""Login throttling: `POST /login` refuses guessing before it costs a password hash.

After `max_failures` failed logins for one (client address, user name) within `window_s`,
further attempts for that pair get 429 with `Retry-After`, without checking the password
(even a right one); `max_address_failures` caps one address across all names the same way.
A successful login clears its pair's count. At most `concurrency` password checks (16 MiB
of scrypt each) run at once, so a flood cannot take every core.

The counts live in this process's memory: a restart forgets them, and several app
processes would each count on their own.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated

from chainlit.server import login as chainlit_login
from fastapi import Depends, FastAPI, HTTPException, Request, Response
from fastapi.security import OAuth2PasswordRequestForm

from agent.settings import Settings

LOGIN_PATH = "/login"
# Logins waiting for a password check beyond this are turned away at once (503).
_MAX_WAITING = 64
# Keys kept at most per log; past it, keys with no recent failure are dropped first.
_MAX_KEYS = 100_000
_MAX_NAME_CHARS = 256


@dataclass(frozen=True)
class LoginLimits:
    max_failures: int = 10
    max_address_failures: int = 50
    window_s: float = 900.0
    concurrency: int = 2


class FailureLog:
    """Times of recent failures per key, forgetting those older than the window."""

    def __init__(self, limit: int, window_s: float) -> None:
        self.limit = limit
        self.window_s = window_s
        self._times: dict[str, deque[float]] = {}

    def retry_after(self, key: str, now: float) -> float | None:
        """Seconds until `key` may try again, or None if it may now."""
        times = self._recent(key, now) if key in self._times else ()
        if len(times) < self.limit:
            return None
        # Once the limit-th newest failure leaves the window, one more attempt is allowed.
        return max(times[-self.limit] + self.window_s - now, 1.0)

    def record(self, key: str, now: float) -> None:
        if key not in self._times and len(self._times) >= _MAX_KEYS:
            self._forget_stale(now)
        self._recent(key, now).append(now)

    def clear(self, key: str) -> None:
        self._times.pop(key, None)

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._times.setdefault(key, deque(maxlen=self.limit))
        while times and times[0] <= now - self.window_s:
            times.popleft()
        return times

    def _forget_stale(self, now: float) -> None:
        for key in [k for k, t in self._times.items() if not t or t[-1] <= now - self.window_s]:
            del self._times[key]
        while len(self._times) >= _MAX_KEYS:  # still full: drop the oldest keys
            del self._times[next(iter(self._times))]


class LoginThrottle:
    """Failed-login counts per (address, name) and per address, and the check gate."""

    def __init__(self, limits: LoginLimits) -> None:
        self.limits = limits
        self._pairs = FailureLog(limits.max_failures, limits.window_s)
        self._addresses = FailureLog(limits.max_address_failures, limits.window_s)
        self._gate = asyncio.Semaphore(limits.concurrency)
        self._waiting = 0

    def check(self, address: str, name: str) -> None:
        """Raise 429 if this address, or this address with this name, must wait."""
        now = time.monotonic()
        waits = [
            self._pairs.retry_after(_pair(address, name), now),
            self._addresses.retry_after(address, now),
        ]
        wait = max((w for w in waits if w is not None), default=None)
        if wait is not None:
            seconds = math.ceil(wait)
            raise HTTPException(
                status_code=429,
                detail=f"Too many failed logins from your address. Try again in {_say(seconds)}.",
                headers={"Retry-After": str(seconds)},
            )

    def failed(self, address: str, name: str) -> None:
        now = time.monotonic()
        self._pairs.record(_pair(address, name), now)
        self._addresses.record(address, now)

    def succeeded(self, address: str, name: str) -> None:
        self._pairs.clear(_pair(address, name))

    @contextmanager
    def _queued(self) -> Generator[None]:
        if self._waiting >= _MAX_WAITING:
            raise HTTPException(
                status_code=503,
                detail="Too many logins at once. Try again in a few seconds.",
                headers={"Retry-After": "5"},
            )
        self._waiting += 1
        try:
            yield
        finally:
            self._waiting -= 1

    async def login(
        self, request: Request, response: Response, form: OAuth2PasswordRequestForm
    ) -> Response:
        """Chainlit's own login, behind the counts and the gate."""
        address = request.client.host if request.client else "unknown"
        name = form.username
        self.check(address, name)
        with self._queued():
            async with self._gate:
                self.check(address, name)  # failures may have landed while this one waited
                try:
                    answer: Response = await chainlit_login(request, response, form)
                except HTTPException as refused:
                    if refused.status_code == 401:
                        self.failed(address, name)
                    raise
        self.succeeded(address, name)
        return answer


def install_login_throttle(app: FastAPI, limits: LoginLimits) -> LoginThrottle:
    """Serve `POST /login` through a `LoginThrottle`, ahead of Chainlit's own route."""
    throttle = LoginThrottle(limits)

    async def throttled_login(
        request: Request,
        response: Response,
        form_data: Annotated[OAuth2PasswordRequestForm, Depends()],
    ) -> Response:
        return await throttle.login(request, response, form_data)

    app.post(LOGIN_PATH, include_in_schema=False)(throttled_login)
    routes = app.router.routes
    ours = next(r for r in routes if getattr(r, "endpoint", None) is throttled_login)
    routes.remove(ours)
    routes.insert(0, ours)  # matched before Chainlit's own POST /login
    return throttle


def _pair(address: str, name: str) -> str:
    return f"{address}\n{name[:_MAX_NAME_CHARS]}"


def _say(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} seconds"
    return f"{math.ceil(seconds / 60)} minutes"


def login_limits(settings: Settings) -> LoginLimits:
    return LoginLimits(
        max_failures=settings.login_max_failures,
        max_address_failures=settings.login_max_address_failures,
        window_s=settings.login_window_s,
        concurrency=settings.login_concurrency,
    )
