"""What went wrong, as a `RenderError` the model can act on: a static refusal, a limit the
sandbox hit, the runner's own report, or a crash that left no report."""

from __future__ import annotations

import re
from pathlib import Path

from tools.check import CheckResult
from tools.render.result import RenderError
from tools.render.sandbox import Limits, Outcome

LOG_TAIL_LINES = 15
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
REPORTED_KINDS = frozenset(
    {"syntax", "latex", "runtime", "resource", "environment", "unsafe", "api"}
)


def static_refusal(checked: CheckResult) -> RenderError | None:
    """The first error the static checks found (and how many more), or None."""
    if checked.ok:
        return None
    errors = [p for p in checked.problems if p.severity == "error"]
    first = errors[0]
    others = len(errors) - 1
    message = first.message + (f" (and {others} more problem(s))" if others else "")
    return RenderError(kind=first.kind, message=message, line=first.line, hint=first.suggestion)


def limit_failure(outcome: Outcome, tail: str, limits: Limits) -> RenderError | None:
    """The limit the sandbox was stopped for, if any."""
    if outcome.timed_out:
        return RenderError(
            kind="timeout",
            message=f"The render did not finish within {limits.wall_s:g} s and was stopped.",
            hint="Look for endless loops or very long waits; keep scenes short.",
            log_tail=tail,
        )
    if outcome.over_disk:
        return RenderError(
            kind="resource",
            message=f"The render wrote more than {limits.disk_mb} MB and was stopped.",
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


def error_from_report(error: object, tail: str) -> RenderError:
    """The runner's error report (untrusted: unknown kinds and long texts are cut down)."""
    data = error if isinstance(error, dict) else {}
    kind = data.get("kind") if data.get("kind") in REPORTED_KINDS else "runtime"
    line = data.get("line")
    hint = data.get("hint")
    return RenderError(
        kind=kind,  # type: ignore[arg-type]
        message=str(data.get("message") or "The render failed.")[:400],
        line=line if isinstance(line, int) else None,
        hint=str(hint)[:400] if hint else None,
        log_tail=tail,
    )


def crash_error(outcome: Outcome, tail: str) -> RenderError:
    """The render process ended without writing a report: say how, from its status and log."""
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


def log_tail(log_file: Path, lines: int = LOG_TAIL_LINES) -> str:
    """The last non-blank lines of the render log, without terminal colour codes."""
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
