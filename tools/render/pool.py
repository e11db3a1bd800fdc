"""A bounded pool of concurrent renders, shared fairly between users."""

from __future__ import annotations

import asyncio
import itertools
from collections import deque
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

Owner = str | None  # whose render it is (a user id); None for owner-less work (`tutor render`)


class RenderPool:
    """At most `size` renders at once; waiting callers queue per owner.

    When a slot frees, it goes to the waiting owner with the fewest renders running (the one
    served longest ago among ties), and within an owner to the render that waited longest, so
    one user's ten queued renders cannot starve another user's single one.

    Cancelling a caller that waits frees its place; cancelling one that renders kills its
    sandbox (see `sandbox.run_sandboxed`) and frees the slot.
    """

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("pool size must be at least 1")
        self.size = size
        self.busy = 0
        self._running: dict[Owner, int] = {}
        self._queues: dict[Owner, deque[asyncio.Future[None]]] = {}
        self._served: dict[Owner, int] = {}  # when each owner last got a slot
        self._clock = itertools.count()

    @property
    def waiting(self) -> int:
        return sum(len(queue) for queue in self._queues.values())

    def running(self, owner: Owner) -> int:
        """Renders of this owner that hold a slot now."""
        return self._running.get(owner, 0)

    @asynccontextmanager
    async def slot(self, owner: Owner = None) -> AsyncGenerator[None]:
        await self._acquire(owner)
        try:
            yield
        finally:
            self._release(owner)

    async def _acquire(self, owner: Owner) -> None:
        if self.busy < self.size and not self.waiting:
            self._grant(owner)
            return
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queues.setdefault(owner, deque()).append(turn)
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self._release(owner)  # the slot was handed over as we were cancelled
            else:
                self._forget(owner, turn)
            raise

    def _grant(self, owner: Owner) -> None:
        self.busy += 1
        self._running[owner] = self._running.get(owner, 0) + 1
        self._served[owner] = next(self._clock)

    def _release(self, owner: Owner) -> None:
        self.busy -= 1
        left = self._running[owner] - 1
        if left:
            self._running[owner] = left
        else:
            del self._running[owner]
        self._hand_over()

    def _hand_over(self) -> None:
        while self.busy < self.size and self._queues:
            owner = min(
                self._queues, key=lambda o: (self._running.get(o, 0), self._served.get(o, -1))
            )
            queue = self._queues[owner]
            turn = queue.popleft()
            if not queue:
                del self._queues[owner]
            if turn.cancelled():
                continue
            self._grant(owner)
            turn.set_result(None)

    def _forget(self, owner: Owner, turn: asyncio.Future[None]) -> None:
        queue = self._queues.get(owner)
        if queue is not None and turn in queue:
            queue.remove(turn)
            if not queue:
                del self._queues[owner]

    @property
    def idle(self) -> bool:
        """Nothing renders and nothing waits."""
        return self.busy == 0 and self.waiting == 0
