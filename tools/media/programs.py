"""Runs a media program (ffmpeg, espeak-ng) from an argv list, never through a shell, and leaves
nothing running when it times out or its caller is cancelled. Callers turn the outcome into
their own error, with their own words for what failed."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

STDERR_TAIL_BYTES = 8192


@dataclass(frozen=True)
class Finished:
    returncode: int
    stderr: bytes

    def tail(self, lines: int | None = None) -> str:
        """The end of what the program said on stderr, as text."""
        text = self.stderr[-STDERR_TAIL_BYTES:].decode("utf-8", errors="replace").strip()
        return text if lines is None else "\n".join(text.splitlines()[-lines:])


async def run_program(
    argv: list[str], *, stdin: bytes | None = None, timeout_s: float | None = None
) -> Finished:
    """Run `argv` (feeding `stdin`, if any) to its end. FileNotFoundError when the program is
    not installed; TimeoutError past `timeout_s`, with the program stopped."""
    process = await asyncio.create_subprocess_exec(
        *argv,
        stdin=asyncio.subprocess.DEVNULL if stdin is None else asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        _, stderr = await asyncio.wait_for(process.communicate(stdin), timeout_s)
    finally:
        if process.returncode is None:  # timed out or cancelled: leave nothing running
            process.kill()
            await process.wait()
    return Finished(process.returncode or 0, stderr)
