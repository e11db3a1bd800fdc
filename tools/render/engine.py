"""The render pipeline: validate → cache → sandboxed render → verify → cache.

`RenderEngine.render` never raises for a problem in the scene code: it returns `RenderFailed`
with a kind, the line in the scene's own code, a one-line message, a hint and a log tail.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from tools.check import ApiIndex, check_code, load_api_index
from tools.check.api_index import installed_manim_version
from tools.media.mp4_info import Mp4Error, read_mp4_info
from tools.render.cache import RUNNER_SOURCE, RenderCache, cache_key
from tools.render.disk_full import disk_full_error, is_disk_full, mentions_disk_full, nearly_full
from tools.render.pool import RenderPool
from tools.render.quality import QualityName, QualityPreset, preset
from tools.render.result import RenderError, RenderFailed, RenderOk, RenderResult
from tools.render.sandbox import (
    BWRAP_MISSING_WARNING,
    Limits,
    Outcome,
    Started,
    bwrap_path,
    hand_to_sandbox,
    prepare_work_dir,
    run_sandboxed,
    sandbox_python,
    start_sandboxed,
)
from tools.render.warm_sandboxes import SandboxSeat, WarmSandboxes, sweep_stale_seats

log = logging.getLogger(__name__)

LOG_TAIL_LINES = 15
MAX_RESULT_BYTES = 64 * 1024
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class EngineConfig:
    data_dir: Path
    workers: int
    timeout_s: float = 180.0
    memory_mb: int = 4096
    disk_mb: int = 1024
    max_duration_s: float = 120.0
    sandbox: str = "auto"  # auto | bwrap | none
    api_index_dir: Path | None = None  # default: <data_dir>/api-index
    warm_sandboxes: int = 0  # sandboxes kept started ahead of demand (manim imported)

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache" / "renders"

    @property
    def work_root(self) -> Path:
        return self.data_dir / "work"

    @property
    def index_dir(self) -> Path:
        return self.api_index_dir or self.data_dir / "api-index"


class RenderEngine:
    def __init__(self, config: EngineConfig) -> None:
        self.config = config
        self.cache = RenderCache(config.cache_dir)
        self.pool = RenderPool(config.workers)
        self.manim_version = installed_manim_version()
        self._index: ApiIndex | None = None
        self.use_bwrap = self._decide_bwrap()
        sweep_stale_seats(config.work_root)  # what killed processes left behind
        self.warm = WarmSandboxes(config.warm_sandboxes, config.work_root, self._start_warm)
        self.keep_warm = False
        self.warnings = [] if self.use_bwrap else [BWRAP_MISSING_WARNING]
        if not self.use_bwrap:
            log.warning(BWRAP_MISSING_WARNING)

    def _decide_bwrap(self) -> bool:
        if self.config.sandbox == "none":
            return False
        found = bwrap_path() is not None
        if self.config.sandbox == "bwrap" and not found:
            raise RuntimeError("TUTOR_SANDBOX=bwrap but bubblewrap is not installed")
        return found

    @property
    def api_index(self) -> ApiIndex:
        if self._index is None:
            self._index = load_api_index(self.config.index_dir)
        return self._index

    async def render(
        self,
        code: str,
        scene: str | None = None,
        quality: QualityName = "low",
        *,
        validate: bool = True,
        use_cache: bool = True,
        owner: str | None = None,
    ) -> RenderResult:
        """Render one scene; failures come back as data.

        `owner` (the acting user's id) lets the pool share its slots fairly between users.
        """
        start = time.monotonic()
        key = cache_key(code, scene, quality, self.manim_version)
        if use_cache and (hit := self.cache.get(key)) is not None:
            log.info("render cache hit %s", key[:12])
            return hit.model_copy(update={"elapsed_s": time.monotonic() - start})
        # Off the event loop's thread: a big file takes a while, and the loop serves everyone.
        if validate and (refusal := await asyncio.to_thread(self._static_refusal, code)):
            return RenderFailed(error=refusal, elapsed_s=time.monotonic() - start)
        async with self.pool.slot(owner):
            result = await self._render_in_sandbox(code, scene, preset(quality), key)
        if self.keep_warm and self.pool.idle:
            self.warm.refill()  # warm up for the next request while nothing renders
        result = result.model_copy(
            update={"elapsed_s": time.monotonic() - start, "warnings": self.warnings}
        )
        log.info(
            "render %s: %s in %.2fs",
            key[:12],
            "ok" if isinstance(result, RenderOk) else f"failed ({result.error.kind})",
            result.elapsed_s,
        )
        return result

    def _static_refusal(self, code: str) -> RenderError | None:
        checked = check_code(code, self.api_index)
        if checked.ok:
            return None
        errors = [p for p in checked.problems if p.severity == "error"]
        first = errors[0]
        others = len(errors) - 1
        message = first.message + (f" (and {others} more problem(s))" if others else "")
        return RenderError(kind=first.kind, message=message, line=first.line, hint=first.suggestion)

    async def _render_in_sandbox(
        self, code: str, scene: str | None, quality: QualityPreset, key: str
    ) -> RenderResult:
        try:
            return await self._render_in_seat(code, scene, quality, key)
        except OSError as exc:
            if not is_disk_full(exc):
                raise
            log.error("render %s: the disk is full (%s)", key[:12], exc)
            return RenderFailed(error=disk_full_error())

    async def _render_in_seat(
        self, code: str, scene: str | None, quality: QualityPreset, key: str
    ) -> RenderResult:
        seat = self.warm.take() or await asyncio.to_thread(SandboxSeat.open, self.config.work_root)
        try:
            if seat.started is None:
                _prepare_seat(seat)
            self._write_job(seat.work, code, scene, quality)
            for name in ("scene.py", "job.json"):
                hand_to_sandbox(seat.work / name, seat.uid)
            started, seat.started = seat.started, None  # run_sandboxed stops it
            outcome = await run_sandboxed(
                self._runner_argv(waiting=False),
                work_dir=seat.work,
                log_file=seat.log_file,
                limits=self._limits(),
                use_bwrap=self.use_bwrap,
                uid=seat.uid,
                started=started,
            )
            return self._collect(seat.work, outcome, _log_tail(seat.log_file), quality, key)
        finally:
            await seat.close()

    async def _start_warm(self, seat: SandboxSeat) -> Started:
        _prepare_seat(seat)
        return await start_sandboxed(
            self._runner_argv(waiting=True),
            work_dir=seat.work,
            log_file=seat.log_file,
            limits=self._limits(),
            use_bwrap=self.use_bwrap,
            uid=seat.uid,
            waiting=True,
        )

    def _runner_argv(self, waiting: bool) -> list[str]:
        wait = ["--wait"] if waiting else []
        return [sandbox_python(self.use_bwrap), "-I", "runner.py", *wait, "job.json"]

    def _limits(self) -> Limits:
        return Limits(
            wall_s=self.config.timeout_s,
            memory_mb=self.config.memory_mb,
            disk_mb=self.config.disk_mb,
        )

    def prewarm(self, keep_warm: bool = True) -> None:
        """Start the warm sandboxes now (in the background), before the first render.

        With `keep_warm` (a long-running app), they are started again whenever the engine
        goes idle; a one-shot command leaves that out and wastes no work at exit.
        """
        self.keep_warm = keep_warm
        self.warm.refill()

    async def close(self) -> None:
        """Stop the idle warm sandboxes and remove their work dirs."""
        await self.warm.close()

    def _write_job(self, work: Path, code: str, scene: str | None, quality: QualityPreset) -> None:
        (work / "scene.py").write_text(code)
        job = {
            "code": "scene.py",
            "scene": scene,
            "manim_quality": quality.manim_quality,
            "width": quality.width,
            "height": quality.height,
            "fps": quality.fps,
            "max_duration_s": self.config.max_duration_s,
            "media_dir": "media",
            "result": "result.json",
            "video": "video.mp4",
            "poster": "poster.png",
        }
        (work / "job.json").write_text(json.dumps(job))

    def _collect(
        self, work: Path, outcome: Outcome, tail: str, quality: QualityPreset, key: str
    ) -> RenderResult:
        if (failure := self._limit_failure(outcome, tail)) is not None:
            return RenderFailed(error=failure)
        report = _read_report(work / "result.json")
        if report is None:
            if mentions_disk_full(tail) or nearly_full(work):  # it could not even say why
                return RenderFailed(error=disk_full_error(tail))
            return RenderFailed(error=_crash_error(outcome, tail))
        if not report.get("ok"):
            error = _error_from_report(report.get("error") or {}, tail)
            if mentions_disk_full(error.message, tail):  # a write failed, not the scene
                error = disk_full_error(tail)
            return RenderFailed(error=error)
        return self._accept_output(work, tail, quality, key)

    def _limit_failure(self, outcome: Outcome, tail: str) -> RenderError | None:
        cfg = self.config
        if outcome.timed_out:
            return RenderError(
                kind="timeout",
                message=f"The render did not finish within {cfg.timeout_s:g} s and was stopped.",
                hint="Look for endless loops or very long waits; keep scenes short.",
                log_tail=tail,
            )
        if outcome.over_disk:
            return RenderError(
                kind="resource",
                message=f"The render wrote more than {cfg.disk_mb} MB and was stopped.",
                hint="Scene code must not write files.",
                log_tail=tail,
            )
        if outcome.signal_name in {"SIGXCPU", "SIGXFSZ"}:
            what = "CPU time" if outcome.signal_name == "SIGXCPU" else "file size"
            return RenderError(
                kind="resource",
                message=f"The render exceeded its {what} limit and was stopped.",
                hint="Simplify the scene.",
                log_tail=tail,
            )
        return None

    def _accept_output(
        self, work: Path, tail: str, quality: QualityPreset, key: str
    ) -> RenderResult:
        video, poster = work / "video.mp4", work / "poster.png"
        if not (_plain_file(video) and _plain_file(poster) and _is_png(poster)):
            return RenderFailed(
                error=RenderError(
                    kind="runtime", message="The render produced no usable video.", log_tail=tail
                )
            )
        try:
            info = read_mp4_info(video)
        except (Mp4Error, OSError) as exc:
            return RenderFailed(
                error=RenderError(
                    kind="runtime", message=f"The video is unreadable ({exc}).", log_tail=tail
                )
            )
        if info.codec != "avc1" or not info.index_first:
            return RenderFailed(
                error=RenderError(
                    kind="runtime",
                    message="The video is not the H.264 faststart mp4 the renderer writes.",
                    hint="Scene code must not write or replace the output file.",
                    log_tail=tail,
                )
            )
        over_caps = (
            info.width > quality.width
            or info.height > quality.height
            or info.fps > quality.fps + 0.01
            or info.duration_s > self.config.max_duration_s + 1.0
        )
        if over_caps:
            return RenderFailed(
                error=RenderError(
                    kind="resource",
                    message=(
                        f"The video ({info.width}x{info.height} at {info.fps:g} fps, "
                        f"{info.duration_s:.1f} s) is past the {quality.name} preset's caps."
                    ),
                    hint="Do not change resolution, frame rate or length from scene code.",
                    log_tail=tail,
                )
            )
        return self.cache.put(key, video, poster, info.duration_s)


def _prepare_seat(seat: SandboxSeat) -> None:
    prepare_work_dir(seat.work, seat.uid)
    shutil.copyfile(RUNNER_SOURCE, seat.work / "runner.py")
    hand_to_sandbox(seat.work / "runner.py", seat.uid)


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


def _error_from_report(error: object, tail: str) -> RenderError:
    data = error if isinstance(error, dict) else {}
    kinds = {"syntax", "latex", "runtime", "resource", "environment", "unsafe", "api"}
    kind = data.get("kind") if data.get("kind") in kinds else "runtime"
    line = data.get("line")
    hint = data.get("hint")
    return RenderError(
        kind=kind,  # type: ignore[arg-type]
        message=str(data.get("message") or "The render failed.")[:400],
        line=line if isinstance(line, int) else None,
        hint=str(hint)[:400] if hint else None,
        log_tail=tail,
    )


def _crash_error(outcome: Outcome, tail: str) -> RenderError:
    if "bwrap:" in tail and outcome.returncode == 1:
        return RenderError(
            kind="environment",
            message="The sandbox could not start: " + tail.strip().splitlines()[-1],
            hint="Not a bug in the scene: check the bubblewrap installation (make setup).",
            log_tail=tail,
        )
    if outcome.signal_name == "SIGKILL":
        return RenderError(
            kind="resource",
            message="The render was killed (out of memory or too many processes).",
            hint="Use fewer or simpler objects; scene code must not start processes.",
            log_tail=tail,
        )
    if "MemoryError" in tail or "Cannot allocate memory" in tail:
        return RenderError(kind="resource", message="The render ran out of memory.", log_tail=tail)
    how = f"signal {outcome.signal_name}" if outcome.signal_name else f"status {outcome.returncode}"
    return RenderError(
        kind="runtime",
        message=f"The render process exited ({how}) without reporting a result.",
        hint="Scene code must not exit the process or stop the renderer.",
        log_tail=tail,
    )


def _log_tail(log_file: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        with log_file.open("rb") as f:
            f.seek(0, 2)
            size = f.tell()
            f.seek(max(0, size - 16384))
            text = f.read().decode("utf-8", errors="replace")
    except OSError:
        return ""
    cleaned = [ANSI.sub("", line).rstrip() for line in text.splitlines()]
    return "\n".join([line for line in cleaned if line.strip()][-lines:])
