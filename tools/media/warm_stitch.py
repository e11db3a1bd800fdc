"""An ffmpeg started before a lesson's stitch, waiting on stdin for the list of its parts.

Starting ffmpeg takes about 50 ms here (Debian's build links a hundred libraries) of a stitch's
~70 ms, and a stitch is the last thing a user waits for after an edit or a lesson. Started when
the renders begin, on a core that waits for them anyway, that start is off the path: the stitch
itself then takes ~15 ms. Its inputs are named when it starts, so it serves the usual stitch
only (stream copy, every part with audio, subtitles); `assemble` runs ffmpeg as before for any
other, or when this one failed.

If the app dies first, ffmpeg reads the end of an empty list and exits: nothing is left waiting.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from pathlib import Path

from tools.media.programs import Finished

STDIN = "pipe:0"  # where the started ffmpeg reads its concat list


class WarmStitch:
    """One started ffmpeg and its private work dir; used once (`run`), then `discard`ed."""

    def __init__(self, process: asyncio.subprocess.Process, work: Path, language: str) -> None:
        self._process = process
        self.work = work
        self.language = language

    @classmethod
    async def start(cls, command: list[str], work: Path, language: str) -> WarmStitch:
        """Start `command`: an ffmpeg whose concat list comes on stdin, writing into `work`."""
        process = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        return cls(process, work, language)

    @property
    def pid(self) -> int:
        return self._process.pid

    def serves(self, *, copy: bool, audio: bool, subtitles: bool, language: str) -> bool:
        """Whether this ffmpeg, as started, makes the stitch asked for, and still waits."""
        shape = copy and audio and subtitles and language == self.language
        return shape and self._process.returncode is None

    async def run(self, concat_list: str) -> Finished:
        """Hand ffmpeg its parts (every other input written into `work` first) and wait for
        its end."""
        try:
            _, stderr = await self._process.communicate(concat_list.encode("utf-8"))
        except (BrokenPipeError, ConnectionResetError):  # it had ended: a failure, said so
            await self._process.wait()
            stderr = b"the ffmpeg started ahead ended before its parts came"
        return Finished(self._process.returncode or 0, stderr)

    async def discard(self) -> None:
        """Stop ffmpeg if it still waits, and remove the work dir."""
        if self._process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._process.kill()
            await self._process.wait()
        shutil.rmtree(self.work, ignore_errors=True)
