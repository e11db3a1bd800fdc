"""The ffmpeg arguments that join clips which cannot be stream-copied (mixed sizes, rates or
audio): one filter graph, one H.264 encode, and the lesson's audio format when any clip speaks."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tools.media.mp4_info import Mp4Info
from tools.media.narration_mux import AUDIO_BITRATE, AUDIO_CHANNELS, AUDIO_CODEC, AUDIO_RATE

_LAYOUT = "mono" if AUDIO_CHANNELS == 1 else "stereo"


def reencode_args(
    videos: Sequence[Path], infos: Sequence[Mp4Info], width: int, height: int, fps: int
) -> tuple[list[str], list[str]]:
    """(input args, output args): every clip scaled and padded to `width`x`height` at `fps`,
    then joined; when any clip has audio, every clip gets some (silence for the others)."""
    chains = [
        f"[{i}:v:0]scale={width}:{height}:force_original_aspect_ratio=decrease,"
        f"pad={width}:{height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps={fps},format=yuv420p[v{i}]"
        for i in range(len(videos))
    ]
    audio = any(info.audio for info in infos)
    if audio:
        chains += [_audio_chain(i, info) for i, info in enumerate(infos)]
    segments = "".join(f"[v{i}]" + (f"[a{i}]" if audio else "") for i in range(len(videos)))
    joined = f"{segments}concat=n={len(videos)}:v=1:a={int(audio)}[v]" + ("[a]" if audio else "")
    audio_out = [
        "-map", "[a]", "-c:a", AUDIO_CODEC, "-b:a", AUDIO_BITRATE,
        "-ar", str(AUDIO_RATE), "-ac", str(AUDIO_CHANNELS),
    ] if audio else []  # fmt: skip
    return (
        [arg for video in videos for arg in ("-i", str(video))],
        [
            "-filter_complex", ";".join([*chains, joined]), "-map", "[v]",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p",
            *audio_out,
        ],
    )  # fmt: skip


def _audio_chain(i: int, info: Mp4Info) -> str:
    if info.audio is None:  # silence as long as the clip: the concat filter needs a segment
        return f"anullsrc=r={AUDIO_RATE}:cl={_LAYOUT},atrim=duration={info.duration_s:.3f}[a{i}]"
    # The concat filter pads a segment's shorter stream with silence, so sync holds per clip.
    return f"[{i}:a:0]aresample={AUDIO_RATE},aformat=channel_layouts={_LAYOUT}[a{i}]"
