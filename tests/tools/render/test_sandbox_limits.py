"""The sandbox's resource limits and niceness reach the sandboxed process, however it is spawned:
through `prlimit` in the exec chain (the default), or from Python between fork and exec (a host
without prlimit); spawning stays safe while the parent has other threads at work; and a render's
session carries the niceness too, where the kernel schedules sessions as groups."""

from __future__ import annotations

import asyncio
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tools.render import sandbox
from tools.render.bwrap import bwrap_path
from tools.render.engine import RenderEngine
from tools.render.result import RenderFailed
from tools.render.runner_priority import AUTOGROUP
from tools.render.sandbox import Limits, run_sandboxed
from tools.render.sandbox_uids import lease_uid

LIMITS = Limits(wall_s=20.0, memory_mb=1536, disk_mb=64, max_file_mb=32, max_processes=64)
# What the limits above become, as /proc/self/limits names them (soft, hard).
EXPECTED = {
    "Max address space": (str(1536 * 1024 * 1024), str(1536 * 1024 * 1024)),
    "Max cpu time": ("90", "95"),  # wall_s * 4 + 10, and 5 s of grace to the hard limit
    "Max file size": (str(32 * 1024 * 1024), str(32 * 1024 * 1024)),
    "Max processes": ("64", "64"),
    "Max core file size": ("0", "0"),
}
REPORT = ["/bin/sh", "-c", "cat /proc/self/limits; echo nice=$(nice)"]


async def _report(tmp_path: Path, name: str, use_bwrap: bool) -> str:
    work = tmp_path / name
    work.mkdir()
    log = tmp_path / f"{name}.log"
    with lease_uid() as uid:
        sandbox.prepare_work_dir(work, uid)
        outcome = await run_sandboxed(
            REPORT, work_dir=work, log_file=log, limits=LIMITS, use_bwrap=use_bwrap, uid=uid
        )
    text = log.read_text()
    assert outcome.returncode == 0, text
    return text


def _limits_seen(report: str) -> dict[str, tuple[str, str]]:
    seen: dict[str, tuple[str, str]] = {}
    for line in report.splitlines():
        for name in EXPECTED:
            if line.startswith(name):
                soft, hard = line[len(name) :].split()[:2]
                seen[name] = (soft, hard)
    return seen


MODES = [False, *([True] if bwrap_path() else [])]


@pytest.mark.parametrize("use_bwrap", MODES, ids=lambda b: "bwrap" if b else "no-bwrap")
@pytest.mark.parametrize("spawn", ["prlimit", "preexec"])
async def test_limits_and_niceness_reach_the_sandboxed_process(
    spawn: str, use_bwrap: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if spawn == "prlimit":
        assert sandbox.exec_tools() is not None, "prlimit and nice ship with every Debian"
    else:
        monkeypatch.setattr(sandbox, "exec_tools", lambda: None)
    report = await _report(tmp_path, "report", use_bwrap)
    assert _limits_seen(report) == EXPECTED
    assert f"nice={sandbox.NICENESS}" in report


async def test_spawning_beside_busy_threads_never_hangs(tmp_path: Path) -> None:
    # Python code between fork and exec could hang a child forked while another thread held a
    # lock; the exec chain runs none. Threads that allocate and import keep such locks busy.
    stop = threading.Event()

    def churn() -> None:
        while not stop.is_set():
            _ = [bytearray(4096) for _ in range(200)]
            __import__("json").dumps({"a": list(range(50))})

    threads = [threading.Thread(target=churn, daemon=True) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        reports = await asyncio.wait_for(
            asyncio.gather(*(_report(tmp_path, f"r{n}", False) for n in range(12))), timeout=60
        )
    finally:
        stop.set()
    assert all(_limits_seen(r) == EXPECTED for r in reports)


# Reports the render's scheduling group once the runner has set its niceness (or after 5 s).
REPORT_AUTOGROUP = """from manim import *
import time
class Report(Scene):
    def construct(self):
        began = time.time()
        for _ in range(100):
            seen = open("/proc/self/autogroup").read().strip()
            if not seen.endswith("nice 0"):
                break
            time.sleep(0.05)
        raise RuntimeError(f"ran {began:.3f}-{time.time():.3f} group: " + seen)
"""


RAN = re.compile(r"ran ([\d.]+)-([\d.]+) group")

# The same, once the runner has taken the default share (or after 5 s).
REPORT_FRONT = REPORT_AUTOGROUP.replace("if not seen.endswith", "if seen.endswith")


@pytest.mark.render
@pytest.mark.skipif(not os.path.exists(AUTOGROUP), reason="this kernel has no autogroup")
async def test_only_the_render_a_user_waits_for_first_runs_at_the_apps_priority(
    make_engine: Callable[..., RenderEngine],
) -> None:
    """Two renders asked for together in warm sandboxes: the first (nothing ahead of it) takes
    the default share, niceness 0, and runs alone; the one behind it starts when the first has
    ended, as background work."""
    if not bwrap_path():
        pytest.skip("bubblewrap is not installed")
    engine = make_engine(sandbox="bwrap", workers=2, warm_sandboxes=2)
    engine.prewarm()
    assert engine.lead.alone_s > 0, "an engine that keeps sandboxes warm holds renders back"
    # The first may wait seconds for its share on a busy machine: past its usual time alone,
    # the other would go (tests/tools/render/test_lead_render.py checks that part).
    engine.lead.alone_s = 60.0
    for _ in range(600):  # both started and waiting for a job (manim imported)
        if engine.warm.ready == 2:
            break
        await asyncio.sleep(0.05)
    first, behind = await asyncio.gather(
        engine.render(REPORT_FRONT, validate=False, use_cache=False),
        engine.render(REPORT_AUTOGROUP, validate=False, use_cache=False),
    )
    assert isinstance(first, RenderFailed) and isinstance(behind, RenderFailed)
    assert first.error.message.partition("group: ")[2].endswith("nice 0"), first.error
    assert behind.error.message.partition("group: ")[2].endswith(f"nice {sandbox.NICENESS}")
    [(_, first_ended)] = RAN.findall(first.error.message)
    [(behind_began, _)] = RAN.findall(behind.error.message)
    assert float(behind_began) > float(first_ended), (first.error, behind.error)
    await engine.close()


@pytest.mark.render
@pytest.mark.skipif(not os.path.exists(AUTOGROUP), reason="this kernel has no autogroup")
@pytest.mark.parametrize(("mode", "warm"), [("bwrap", 0), ("none", 0)])
async def test_a_render_session_shares_the_cpu_as_background_work(
    mode: str, warm: int, make_engine: Callable[..., RenderEngine]
) -> None:
    if mode == "bwrap" and not bwrap_path():
        pytest.skip("bubblewrap is not installed")
    ours = Path(AUTOGROUP).read_text()
    engine = make_engine(sandbox=mode, workers=1, warm_sandboxes=warm)
    result = await engine.render(REPORT_AUTOGROUP, validate=False, use_cache=False)
    assert isinstance(result, RenderFailed)
    group = result.error.message.partition("group: ")[2]
    assert group.endswith(f"nice {sandbox.NICENESS}"), result.error
    # A process still in the boot-time group (no setsid since boot, as in some containers)
    # reads an empty file: the kernel prints nothing for that root group.
    assert group.split()[0] != (ours.split() or ["root group"])[0], "a session of its own"
    assert Path(AUTOGROUP).read_text() == ours, "the caller's own group is untouched"
