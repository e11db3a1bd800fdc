"""The render pipeline: validate → cache → sandboxed render → verify → cache.

`RenderEngine.render` never raises for a problem in the scene code: it returns `RenderFailed`
with a kind, the line in the scene's own code, a one-line message, a hint and a log tail.
"""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tools.check.api_index import ApiIndex, installed_manim_version, load_api_index
from tools.logs import current_id
from tools.media.quality import QualityName, QualityPreset, preset
from tools.render.arrival_order import ArrivalOrder
from tools.render.bwrap import BWRAP_MISSING_WARNING, bwrap_path, sandbox_python
from tools.render.cache import RUNNER_FILES, RenderCache, cache_key
from tools.render.disk_full import disk_full_error, is_disk_full
from tools.render.errors import log_tail, static_check, with_gl_hint
from tools.render.lead_render import LEAD_ALONE_S, LeadRender
from tools.render.pool import RenderPool
from tools.render.result import RenderError, RenderFailed, RenderOk, RenderResult
from tools.render.runner_log import relay_runner_lines
from tools.render.sandbox import (
    Limits,
    Started,
    hand_to_sandbox,
    prepare_work_dir,
    run_sandboxed,
    start_sandboxed,
)
from tools.render.verify import collect
from tools.render.warm_sandboxes import SandboxSeat, WarmSandboxes, sweep_stale_seats
from tools.storage.protocol import FileStorage

log = logging.getLogger(__name__)


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
    layout_audit: bool = True  # off only to measure what the audit costs (TUTOR_LAYOUT_AUDIT=0)

    @property
    def work_root(self) -> Path:
        return self.data_dir / "work"

    @property
    def index_dir(self) -> Path:
        return self.api_index_dir or self.data_dir / "api-index"


class RenderEngine:
    """Renders scenes; good renders are kept in `media`, and their results name its keys.

    `media` is the `FileStorage` the render cache lives in: whoever reads a `RenderOk`'s
    `video_key` or `poster_key` reads it from there.
    """

    def __init__(self, config: EngineConfig, media: FileStorage) -> None:
        self.config = config
        self.media = media
        self.cache = RenderCache(media)
        self.pool = RenderPool(config.workers)
        self.arrivals = ArrivalOrder()  # each owner's renders join the pool's queue in call order
        self.manim_version = installed_manim_version()
        self._index: ApiIndex | None = None
        self.use_bwrap = self._decide_bwrap()
        sweep_stale_seats(config.work_root)  # what killed processes left behind
        self.warm = WarmSandboxes(config.warm_sandboxes, config.work_root, self._start_warm)
        self.keep_warm = False
        self.lead = LeadRender(alone_s=0.0)  # prewarm() says whether a first clip is waited for
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
        on_started: Callable[[], None] | None = None,
        min_duration_s: float = 0.0,
    ) -> RenderResult:
        """Render one scene; failures come back as data.

        `owner` (the acting user's id) lets the pool share its slots fairly between users;
        `on_started` is called when the render leaves the queue and starts (not on a cache hit).
        A clip shorter than `min_duration_s` (its narration's length) holds its last frame
        until then, up to the clip length limit.
        """
        # Taken before the first await: renders queue for a slot in the order they were asked
        # for, whatever order their cache look-ups and checks finish in.
        ticket = self.arrivals.take(owner)
        start = time.monotonic()
        hold = min(max(0.0, min_duration_s), self.config.max_duration_s)
        key = cache_key(code, scene, quality, self.manim_version, self.config.layout_audit, hold)
        try:
            early, warnings = await self._cached_or_refused(key, code, scene, validate, use_cache)
            if early is not None:
                return early.model_copy(update={"elapsed_s": time.monotonic() - start})
            await self.arrivals.turn(ticket)
        finally:
            self.arrivals.leave(ticket)  # no await from here to the pool's queue: the place holds
        # The render nobody else's is ahead of (a lesson's first scene, an edit) is the one a
        # user waits for first: it runs at the app's own priority, the others wait a moment.
        async with self.pool.slot(owner), self.lead.turn() as front:
            if on_started is not None:
                on_started()
            try:
                result = await self._render_in_seat(code, scene, preset(quality), key, hold, front)
            except OSError as exc:
                result = _when_disk_full(exc, key)
        if self.keep_warm and self.pool.idle:
            self.warm.refill()  # warm up for the next request while nothing renders
        result = result.model_copy(
            update={"elapsed_s": time.monotonic() - start, "warnings": [*self.warnings, *warnings]}
        )
        log.info(
            "render %s: %s in %.2fs",
            key[:12],
            "ok" if isinstance(result, RenderOk) else f"failed ({result.error.kind})",
            result.elapsed_s,
        )
        return result

    async def _cached_or_refused(
        self, key: str, code: str, scene: str | None, validate: bool, use_cache: bool
    ) -> tuple[RenderResult | None, list[str]]:
        """(the cached clip, or the static check's refusal, or None; the check's warnings)."""
        if use_cache and (hit := await self.cache.get(key)) is not None:
            log.info("render cache hit %s", key[:12])
            return hit, []
        if not validate:
            return None, []
        # A one-shot command's sandbox is being started: its process goes first, so that
        # manim's import runs beside the check (which holds the GIL while it loads the index).
        await self.warm.launched()
        # Off the event loop's thread: a big file takes a while, and the loop serves everyone.
        refusal, warnings = await asyncio.to_thread(self._static_check, code, scene)
        return (None if refusal is None else RenderFailed(error=refusal)), warnings

    def _static_check(self, code: str, scene: str | None) -> tuple[RenderError | None, list[str]]:
        return static_check(code, self.api_index, scene)  # the index loads here, off the loop too

    async def _render_in_seat(
        self,
        code: str,
        scene: str | None,
        quality: QualityPreset,
        key: str,
        hold: float,
        front: bool,
    ) -> RenderResult:
        seat = await self.warm.take() or await asyncio.to_thread(
            SandboxSeat.open, self.config.work_root
        )
        try:
            if seat.started is None:
                _prepare_seat(seat)
            self._write_job(seat.work, code, scene, quality, hold)
            for name in ("scene.py", "job.json"):
                hand_to_sandbox(seat.work / name, seat.uid)
            started, seat.started = seat.started, None  # run_sandboxed stops it
            limits = self._limits()
            outcome = await run_sandboxed(
                self._runner_argv(waiting=False),
                work_dir=seat.work,
                log_file=seat.log_file,
                limits=limits,
                use_bwrap=self.use_bwrap,
                uid=seat.uid,
                started=started,
                front=front,
            )
            relay_runner_lines(seat.log_file, current_id())
            tail = log_tail(seat.log_file)
            out = collect(seat.work, outcome, tail, quality, limits, self.config.max_duration_s)
            if isinstance(out, RenderFailed):
                if out.error.kind == "runtime":  # ManimGL API the check could not see: say so
                    out = out.model_copy(update={"error": with_gl_hint(out.error, self.api_index)})
                return out
            # Into the cache before the seat (and the work dir holding the files) is closed.
            return await self.cache.put(key, out.video, out.poster, out.duration_s, out.layout)
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
        goes idle, and the first render after an idle moment runs alone for a moment (its clip
        is the one a user waits for). A one-shot command leaves that out: it wastes no work at
        exit, its renders wait for a sandbox already being started rather than start a cold
        one, and all of them go at once (its user waits for the whole lesson).
        """
        self.keep_warm = keep_warm
        self.lead.alone_s = LEAD_ALONE_S if keep_warm else 0.0
        self.warm.wait_for_starts = not keep_warm
        self.warm.refill()

    async def close(self) -> None:
        """Stop the idle warm sandboxes and remove their work dirs."""
        await self.warm.close()

    def _write_job(
        self, work: Path, code: str, scene: str | None, quality: QualityPreset, hold: float
    ) -> None:
        (work / "scene.py").write_text(code)
        job = {
            "code": "scene.py",
            "scene": scene,
            "manim_quality": quality.manim_quality,
            "width": quality.width,
            "height": quality.height,
            "fps": quality.fps,
            "max_duration_s": self.config.max_duration_s,
            "min_duration_s": hold,
            "media_dir": "media",
            "result": "result.json",
            "video": "video.mp4",
            "poster": "poster.png",
            "cid": current_id(),  # the runner's log lines name the call they belong to
            "layout_audit": self.config.layout_audit,
        }
        (work / "job.json").write_text(json.dumps(job))


def _when_disk_full(exc: OSError, key: str) -> RenderFailed:
    """A full disk is the render's failure, told as such; any other OSError is a bug."""
    if not is_disk_full(exc):
        raise exc
    log.error("render %s: the disk is full (%s)", key[:12], exc)
    return RenderFailed(error=disk_full_error())


def _prepare_seat(seat: SandboxSeat) -> None:
    prepare_work_dir(seat.work, seat.uid)
    for name, source in RUNNER_FILES.items():
        shutil.copyfile(source, seat.work / name)
        hand_to_sandbox(seat.work / name, seat.uid)
