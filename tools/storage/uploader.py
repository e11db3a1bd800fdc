"""Moves the outbox to remote storage: one try as a file arrives, then retries in the background.

A failed upload is never an error to the caller: the file stays in the outbox (on disk, so a
restart loses nothing) and is tried again after an exponentially growing, jittered wait, until
the storage takes it. The waits are the retry policy's (`tools.retry.backoff_s`, half of each
bound kept fixed); there is no last try, since the file must get there. The background loop
also picks up entries left by an earlier run or by another process sharing the outbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from pathlib import Path

from tools.logs import correlation
from tools.retry import describe, log_retry
from tools.storage.outbox import Outbox, Pending

log = logging.getLogger(__name__)

Upload = Callable[[Pending, Path], None]  # blocking: raises when the storage did not take it
Uploaded = Callable[
    [Pending, Path], None
]  # blocking: may keep the file before it leaves the outbox


class Uploader:
    def __init__(
        self,
        outbox: Outbox,
        upload: Upload,
        *,
        uploaded: Uploaded | None = None,
        retry_base_s: float = 1.0,
        retry_max_s: float = 300.0,
        idle_poll_s: float = 30.0,
        inline_wait_s: float = 10.0,
    ) -> None:
        self.outbox = outbox
        self._upload = upload
        self._uploaded = uploaded
        self._base_s, self._max_s = retry_base_s, retry_max_s
        self._idle_poll_s = idle_poll_s
        self._inline_wait_s = inline_wait_s
        self._in_flight: dict[str, asyncio.Future[bool]] = {}
        self._wake = asyncio.Event()
        self._loop_task: asyncio.Task[None] | None = None

    async def send(self, key: str, source: Path, content_type: str) -> bool:
        """Keep `source` in the outbox and try to upload it now; False = it waits for a retry."""
        entry = await asyncio.to_thread(self.outbox.add, key, source, content_type)
        self.start()
        attempt = asyncio.ensure_future(self._try(entry))
        try:
            # Shielded: on a slow store the caller goes on and the upload still finishes.
            return await asyncio.wait_for(asyncio.shield(attempt), self._inline_wait_s)
        except TimeoutError:
            return False

    def pending(self) -> list[Pending]:
        return self.outbox.entries()

    def start(self) -> None:
        """Run the retry loop (once per event loop; it exits when its loop does)."""
        if self._loop_task is None or self._loop_task.done():
            # Later retries belong to no one call: their lines say "outbox", not the id of
            # whichever call happened to start the loop.
            with correlation("outbox"):
                self._loop_task = asyncio.get_running_loop().create_task(self._retry_forever())

    async def drain(self, timeout_s: float) -> list[Pending]:
        """Try every waiting entry now (ignoring backoff) until none waits or time runs out."""
        deadline = time.monotonic() + timeout_s
        while (waiting := self.outbox.entries()) and time.monotonic() < deadline:
            await asyncio.gather(*(self._try(e) for e in waiting))
            if self.outbox.entries():
                await asyncio.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
        return self.outbox.entries()

    async def close(self) -> None:
        if self._loop_task is not None:
            self._loop_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop_task
            self._loop_task = None

    async def _retry_forever(self) -> None:
        while True:
            waiting = await asyncio.to_thread(self.outbox.entries)
            now = time.time()
            due = [e for e in waiting if e.next_try_at <= now]
            if due:
                await asyncio.gather(*(self._try(e) for e in due))
                continue
            soonest = min((e.next_try_at for e in waiting), default=now + self._idle_poll_s)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), max(0.05, soonest - now))

    async def _try(self, entry: Pending) -> bool:
        running = self._in_flight.get(entry.id)
        if running is not None:  # the loop and a caller want the same entry: one upload
            return await asyncio.shield(running)
        future = asyncio.get_running_loop().create_future()
        self._in_flight[entry.id] = future
        try:
            ok = await self._attempt(entry)
            future.set_result(ok)
            return ok
        finally:
            del self._in_flight[entry.id]

    async def _attempt(self, entry: Pending) -> bool:
        data = self.outbox.data_path(entry)
        if not data.is_file():  # another process uploaded and removed it meanwhile
            return True
        try:
            await asyncio.to_thread(self._upload, entry, data)
        except Exception as error:  # any failure: the file waits and is tried again
            reason = describe(error)
            later = await asyncio.to_thread(
                self.outbox.failed, entry, reason, base_s=self._base_s, max_s=self._max_s
            )
            wait_s = max(0.0, later.next_try_at - time.time())
            log_retry(f"upload of {entry.key}", later.attempts, None, reason, wait_s)
            self._wake.set()
            return False
        if self._uploaded is not None:
            await asyncio.to_thread(self._uploaded, entry, data)
        await asyncio.to_thread(self.outbox.remove, entry)
        if entry.attempts:
            log.info("upload of %s done after %d failed tries", entry.key, entry.attempts)
        return True
