"""The render a user waits for first has the machine to itself for a moment.

A render that starts while the engine renders nothing (a lesson's first scene, an edit) is the
lead: it runs at the app's priority (the sandbox's `go front`), and the renders that get a slot
while it runs wait for it to end, for at most LEAD_ALONE_S after it started. Measured in the chat
app on two cores: the first clip was playable 0.2 s sooner (1.41 s to 1.19 s, median of 4) with
the second render held back; a lower priority for that render alone did not help, as it still
took a core that the browser and the app then shared with the lead. Holding back costs the
lesson little: the held render's sandbox has manim imported already and starts the moment the
lead ends, and a long lead lets it go after LEAD_ALONE_S anyway.

Only an engine that serves people over time (the app, a worker) holds renders back. A one-shot
command's user waits for the whole lesson, not its first clip, and its sandboxes are still
importing manim when its first render takes a slot: there every render goes at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncGenerator

LEAD_ALONE_S = 1.0  # a typical low-quality scene renders in 0.3-1 s in a warm sandbox


class LeadRender:
    """Tells each render whether it leads, and holds the others back while the lead runs."""

    def __init__(self, alone_s: float = LEAD_ALONE_S) -> None:
        self.alone_s = alone_s  # 0: nothing is held back
        self._active = 0  # renders holding a pool slot, held back or running
        self._lead_done = asyncio.Event()
        self._lead_done.set()
        self._lead_until = 0.0

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncGenerator[bool]:
        """Around one render, inside its pool slot: waits while a lead runs (unless this render
        leads), then yields whether it leads."""
        lead = self._active == 0
        self._active += 1
        done = asyncio.Event() if lead else None
        try:
            if done is not None:
                self._lead_done, self._lead_until = done, time.monotonic() + self.alone_s
            else:
                await self._behind_lead()
            yield lead
        finally:
            self._active -= 1
            if done is not None:
                done.set()

    async def _behind_lead(self) -> None:
        left = self._lead_until - time.monotonic()
        if left > 0 and not self._lead_done.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._lead_done.wait(), left)
