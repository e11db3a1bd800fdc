"""Runs a speech helper program (espeak-ng, ffmpeg) with its input on stdin, never a shell."""

from __future__ import annotations

from tools.media.programs import run_program
from tools.media.voices.speech import SpeechFailed


async def run(argv: list[str], stdin: bytes, *, timeout_s: float, missing: str) -> None:
    """Run `argv` feeding `stdin`; SpeechFailed (with `missing` when the program is absent) on
    a failure or after `timeout_s`."""
    try:
        done = await run_program(argv, stdin=stdin, timeout_s=timeout_s)
    except FileNotFoundError as exc:
        raise SpeechFailed(missing) from exc
    except TimeoutError as exc:
        raise SpeechFailed(f"{argv[0]} took longer than {timeout_s:.0f} s and was stopped") from exc
    if done.returncode != 0:
        raise SpeechFailed(f"{argv[0]} failed (exit status {done.returncode}): {done.tail()}")
