"""A clip's video and a kept audio track into one mp4, every packet copied as it is.

This runs in-process through PyAV (the libav* libraries manim itself renders with) rather than
as an ffmpeg process: the copy takes about 10 ms, where an ffmpeg process spent 0.06 s, most
of it starting, on the path of every edit a user waits for. Packets are written interleaved by
time, as ffmpeg writes them: the file holds what `ffmpeg -c copy` wrote, the same packets in
the same order and the same edit lists (the AAC priming), its index first (`+faststart`).
"""

from __future__ import annotations

import contextlib
import heapq
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # PyAV loads when first needed (`load`): 45 ms that a command's start skips
    from av.container import InputContainer
    from av.packet import Packet
    from av.stream import Stream


class StreamCopyError(RuntimeError):
    """A file could not be read or written; the message says which and why."""


def load() -> None:
    """Import PyAV now (about 45 ms): in a thread while a clip renders, say, so that the copy
    after the render does not wait for it."""
    with contextlib.suppress(ImportError):  # the copy itself fails then, and says so
        import av  # noqa: F401  # pyright: ignore[reportUnusedImport]


def copy_streams(video: Path, audio: Path, out: Path, duration_s: float) -> None:
    """Write `out` (mp4): `video`'s first video stream and `audio`'s first audio stream, cut
    at `duration_s`, with `video`'s metadata. Not atomic: write to a temporary name."""
    import av
    from av.error import FFmpegError

    try:
        with (
            av.open(str(video)) as video_in,
            av.open(str(audio)) as audio_in,
            av.open(str(out), "w", format="mp4", options={"movflags": "+faststart"}) as mp4,
        ):
            mp4.metadata.update(video_in.metadata)
            picture = mp4.add_stream_from_template(video_in.streams.video[0])
            sound = mp4.add_stream_from_template(audio_in.streams.audio[0])
            limit = Fraction(duration_s).limit_denominator(1_000_000)
            for _, packet in heapq.merge(
                _packets(video_in, video_in.streams.video[0], picture, limit),
                _packets(audio_in, audio_in.streams.audio[0], sound, limit),
                key=_decoding_time,
            ):
                mp4.mux(packet)
    except (FFmpegError, IndexError, OSError) as exc:  # IndexError: a stream is missing
        message = f"cannot copy {video.name} and {audio.name} into one clip: {exc}"
        raise StreamCopyError(message) from exc


def _decoding_time(timed: tuple[Fraction, Packet[Stream]]) -> Fraction:
    return timed[0]


def _packets(
    source: InputContainer, stream: Stream, into: Stream, limit: Fraction
) -> Iterator[tuple[Fraction, Packet[Stream]]]:
    """`stream`'s packets before `limit` seconds, re-labelled for `into`, each with its
    decoding time in seconds (the order the muxer wants them in). The packet that runs past
    `limit` is cut short to end there, as an encoder cuts its last frame: a track longer than
    the clip then ends with the video, and a lesson stitched from such clips keeps its parts
    back to back (a whole last AAC frame would push every later part 1-21 ms late)."""
    for packet in source.demux(stream):
        if packet.dts is None or packet.pts is None:  # the demuxer's end-of-stream marker
            continue
        base = packet.time_base
        if packet.pts * base >= limit:
            return
        end = int(limit / base)  # the limit in the stream's ticks (rounded down)
        if packet.duration and packet.pts + packet.duration > end:
            packet.duration = end - packet.pts
        packet.stream = into
        yield packet.dts * base, packet
