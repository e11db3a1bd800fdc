"""The sandbox's output, checked before any of it is kept: everything in the work dir was
written by untrusted code, the runner's report included."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tools.media.mp4_info import Mp4Error, read_mp4_info
from tools.media.quality import QualityPreset
from tools.render.disk_full import disk_full_error, mentions_disk_full, nearly_full
from tools.render.errors import crash_error, error_from_report, fallback_hint, limit_failure
from tools.render.layout import LayoutItem, parse_layout
from tools.render.result import ErrorKind, RenderError, RenderFailed
from tools.render.sandbox import Limits, Outcome

MAX_RESULT_BYTES = 64 * 1024


@dataclass(frozen=True)
class Output:
    """A render's files, verified: a plain H.264 faststart mp4 within the caps and a PNG."""

    video: Path
    poster: Path
    duration_s: float
    layout: tuple[LayoutItem, ...] = ()


def collect(
    work: Path,
    outcome: Outcome,
    tail: str,
    quality: QualityPreset,
    limits: Limits,
    max_duration_s: float,
) -> Output | RenderFailed:
    """What a finished sandbox left in `work`: its verified output, or why there is none."""
    if (failure := limit_failure(outcome, tail, limits)) is not None:
        return RenderFailed(error=failure)
    report = _read_report(work / "result.json")
    if report is None:
        if mentions_disk_full(tail) or nearly_full(work):  # it could not even say why
            return RenderFailed(error=disk_full_error(tail))
        return RenderFailed(error=crash_error(outcome, tail))
    if not report.get("ok"):
        error = error_from_report(report.get("error") or {}, tail)
        if mentions_disk_full(error.message, tail):  # a write failed, not the scene
            error = disk_full_error(tail)
        return RenderFailed(error=error)
    out = _check_output(work, tail, quality, max_duration_s)
    if isinstance(out, RenderFailed):
        return out
    return Output(out.video, out.poster, out.duration_s, tuple(parse_layout(report.get("layout"))))


def _check_output(
    work: Path, tail: str, quality: QualityPreset, max_duration_s: float
) -> Output | RenderFailed:
    video, poster = work / "video.mp4", work / "poster.png"
    if not (_plain_file(video) and _plain_file(poster) and _is_png(poster)):
        return _failed("runtime", "The render produced no usable video.", tail)
    try:
        info = read_mp4_info(video)
    except (Mp4Error, OSError) as exc:
        return _failed("runtime", f"The video is unreadable ({exc}).", tail)
    if info.codec != "avc1" or not info.index_first:
        return _failed(
            "runtime",
            "The video is not the H.264 faststart mp4 the renderer writes.",
            tail,
            hint="Scene code must not write or replace the output file.",
        )
    over_caps = (
        info.width > quality.width
        or info.height > quality.height
        or info.fps > quality.fps + 0.01
        or info.duration_s > max_duration_s + 1.0
    )
    if over_caps:
        return _failed(
            "resource",
            f"The video ({info.width}x{info.height} at {info.fps:g} fps, "
            f"{info.duration_s:.1f} s) is past the {quality.name} preset's caps.",
            tail,
            hint="Do not change resolution, frame rate or length from scene code.",
        )
    return Output(video, poster, info.duration_s)


def _failed(kind: ErrorKind, message: str, tail: str, hint: str | None = None) -> RenderFailed:
    hint = hint or fallback_hint(kind)
    return RenderFailed(error=RenderError(kind=kind, message=message, hint=hint, log_tail=tail))


def _is_png(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(8) == b"\x89PNG\r\n\x1a\n"


def _plain_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def _read_report(path: Path) -> dict[str, object] | None:
    if not _plain_file(path) or path.stat().st_size > MAX_RESULT_BYTES:
        return None
    try:
        report = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError):
        return None
    return report if isinstance(report, dict) else None
