"""A bounded pool of concurrent renders."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager


class RenderPool:
    """At most `size` renders at once; waiting callers queue in arrival order.

    Cancelling a caller that waits frees its place; cancelling one that renders kills its
    sandbox (see `sandbox.run_sandboxed`) and frees the slot.
    """

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("pool size must be at least 1")
        self.size = size
        self.busy = 0
        self.waiting = 0
        self._slots = asyncio.Semaphore(size)

    @asynccontextmanager
    async def slot(self) -> AsyncGenerator[None]:
        self.waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self.waiting -= 1
        self.busy += 1
        try:
            yield
        finally:
            self.busy -= 1
            self._slots.release()

    @property
    def idle(self) -> bool:
        """Nothing renders and nothing waits."""
        return self.busy == 0 and self.waiting == 0
