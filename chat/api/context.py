"""What the API's routes share in this process: its settings, the master key, the store port,
the rate limiter."""

from __future__ import annotations

import math
import time
from collections import deque
from functools import cache

from agent.api_keys import master_key
from agent.api_settings import ApiSettings
from chat import runtime
from lessons.store.api_protocol import ApiStore


@cache
def api_settings() -> ApiSettings:
    return ApiSettings()


@cache
def server_master_key() -> bytes:
    configured = api_settings().api_master_key
    return master_key(
        runtime.settings().data_dir, configured.get_secret_value() if configured else None
    )


async def api_store() -> ApiStore:
    return (await runtime.get_tutor()).api


class RateLimiter:
    """A sliding one-minute window per key, in this process (each app instance counts its own
    requests, so N instances let a key make up to N times the rate)."""

    def __init__(self, per_minute: int, window_s: float = 60.0) -> None:
        self.per_minute, self.window_s = per_minute, window_s
        self._seen: dict[str, deque[float]] = {}

    def retry_after(self, key_id: str, now: float | None = None) -> int:
        """0 when the request may go ahead (and counts it), else seconds to wait."""
        at = time.monotonic() if now is None else now
        seen = self._seen.setdefault(key_id, deque())
        while seen and seen[0] <= at - self.window_s:
            seen.popleft()
        if len(seen) >= self.per_minute:
            return max(1, math.ceil(seen[0] + self.window_s - at))
        seen.append(at)
        return 0


@cache
def limiter() -> RateLimiter:
    return RateLimiter(api_settings().api_rate_per_min)
