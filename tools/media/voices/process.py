"""Runs a speech helper program (espeak-ng, ffmpeg) with its input on stdin, never a shell."""

from __future__ import annotations

import asyncio

from tools.media.voices.speech import SpeechFailed

STDERR_TAIL_BYTES = 2000


async def run(argv: list[str], stdin: bytes, *, timeout_s: float, missing: str) -> None:
    """Run `argv` feeding `stdin`; SpeechFailed (with `missing` when the program is absent) on
    a failure or after `timeout_s`."""
    try:
        process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
    except FileNotFoundError as exc:
        raise SpeechFailed(missing) from exc
    try:
        _, stderr = await asyncio.wait_for(process.communicate(stdin), timeout_s)
    except TimeoutError as exc:
        raise SpeechFailed(f"{argv[0]} took longer than {timeout_s:.0f} s and was stopped") from exc
    finally:
        if process.returncode is None:  # timed out or cancelled: leave nothing running
            process.kill()
            await process.wait()
    if process.returncode != 0:
        tail = stderr[-STDERR_TAIL_BYTES:].decode("utf-8", errors="replace").strip()
        raise SpeechFailed(f"{argv[0]} failed (exit status {process.returncode}): {tail}")
