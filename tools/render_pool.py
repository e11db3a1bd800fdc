"""A bounded pool of render slots; each slot has its own sandbox uid."""

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
        self._free: asyncio.Queue[int] = asyncio.Queue()
        for slot in range(size):
            self._free.put_nowait(slot)

    @property
    def busy(self) -> int:
        return self.size - self._free.qsize()

    @asynccontextmanager
    async def slot(self) -> AsyncGenerator[int]:
        slot = await self._free.get()
        try:
            yield slot
        finally:
            self._free.put_nowait(slot)
