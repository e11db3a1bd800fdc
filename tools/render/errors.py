"""What went wrong, as a `RenderError` the model can act on: a static refusal, a limit the
sandbox hit, the runner's own report, or a crash that left no report."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from tools.render.result import RenderError
from tools.render.runner_guards import LOG_MARK
from tools.render.sandbox import Limits, Outcome

if TYPE_CHECKING:  # the checker's modules load when a check first runs (see tools.check)
    from tools.check import ApiIndex, CheckResult

LOG_TAIL_LINES = 15
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
REPORTED_KINDS = frozenset(
    {"syntax", "latex", "runtime", "resource", "environment", "unsafe", "api"}
)
# Names an error message blames: `'Square' object has no attribute 'replicate'`, `name 'op' is
# not defined`, and the runner's `calls .get_part_by_text()` for manim's get_*/set_* fallback.
BLAMED_NAME = re.compile(r"(?:has no attribute|name) '(\w+)'|calls \.(\w+)\(\)")
ACCESSOR_HINT = (
    "Manim CE has no such method: it reads an unknown get_*/set_* call as an attribute accessor "
    "that takes no argument. Use the CE method (search the docs) or rewrite that part."
)
FALLBACK_HINTS: dict[str, str] = {
    "resource": "Simplify the scene: fewer or smaller objects, shorter animations.",
    "environment": "Not a bug in the scene: check the render machine's installation (make setup).",
}
GENERIC_HINT = (
    "Read the message and the line it names; look the API used there up in the Manim CE docs "
    "(search_manim_docs) and change that line."
)


def fallback_hint(kind: str) -> str:
    """What to try when nothing more specific is known: every error gets a hint."""
    return FALLBACK_HINTS.get(kind, GENERIC_HINT)


def with_gl_hint(error: RenderError, index: ApiIndex) -> RenderError:
    """The error, hinted as ManimGL API when it blames a method or name Manim CE lacks."""
    if error.kind != "runtime" or (hint := gl_runtime_hint(error.message, index)) is None:
        return error
    return error.model_copy(update={"hint": hint})


# ManimGL's (and old manim's) Animation.update(alpha) set the animation part-way; CE names it
# interpolate. `update` is a CE Mobject method, so the name alone does not give it away.
ANIMATION_UPDATE = re.compile(r"'(\w+)' object has no attribute 'update'")
ANIMATION_UPDATE_HINT = (
    "{cls} is an Animation: in Manim CE an animation has no update(alpha) (ManimGL's name). "
    "Call .interpolate(alpha) to set it part-way (after .begin()), or play it with self.play()."
)


# ManimGL's get_opacity() (or .opacity): CE reads it as an accessor of an `opacity` attribute
# that only its SVG mobjects carry.
OPACITY_HINT = (
    "A Manim CE VMobject has no get_opacity() (ManimGL's name): use .get_fill_opacity() or "
    ".get_stroke_opacity(); (x.get_fill_opacity() or x.get_stroke_opacity()) is what ManimGL "
    "returns."
)


def gl_runtime_hint(message: str, index: ApiIndex) -> str | None:
    from tools.check.gl_advice import gl_advice

    if (found := ANIMATION_UPDATE.search(message)) and "Animation" in index.lineage(found[1]):
        return ANIMATION_UPDATE_HINT.format(cls=found[1])
    if "object has no attribute 'opacity'" in message:
        return OPACITY_HINT
    for match in BLAMED_NAME.finditer(message):
        name = match.group(1) or match.group(2)
        in_ce = index.is_exported(name) or index.is_instance_attribute(name)
        if in_ce or index.any_class_has_attribute(name, include_opengl=False):
            continue  # CE has it elsewhere: not a ManimGL name, just the wrong object
        if (advice := gl_advice(name)) is not None:
            return advice
    return ACCESSOR_HINT if "calls ." in message and "not Manim CE" in message else None


def static_check(
    code: str, index: ApiIndex, scene: str | None = None
) -> tuple[RenderError | None, list[str]]:
    """The first error the static checks find (and how many more), or None; and their warnings.

    Only errors refuse a render. With `scene`, problems in code that rendering that scene never
    runs are warnings (`check_code`).
    """
    from tools.check import check_code

    checked = check_code(code, index, scene=scene)
    warnings = [p.message for p in checked.problems if p.severity == "warning"]
    return _refusal(checked), warnings


def _refusal(checked: CheckResult) -> RenderError | None:
    if checked.ok:
        return None
    errors = [p for p in checked.problems if p.severity == "error"]
    first = errors[0]
    others = len(errors) - 1
    message = first.message + (f" (and {others} more problem(s))" if others else "")
    hint = first.suggestion or fallback_hint(first.kind)
    return RenderError(kind=first.kind, message=message, line=first.line, hint=hint)


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
    kind = str(data.get("kind")) if data.get("kind") in REPORTED_KINDS else "runtime"
    line = data.get("line")
    message = str(data.get("message") or "The render failed.")[:400]
    hint = str(data.get("hint") or "")[:400] or fallback_hint(kind)
    return RenderError(
        kind=kind,  # type: ignore[arg-type]
        message=message,
        line=line if isinstance(line, int) else None,
        hint=hint,
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
        return RenderError(
            kind="resource",
            message="The render ran out of memory.",
            hint="Use fewer or simpler objects (huge point counts, deep copies in loops).",
            log_tail=tail,
        )
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
    shown = [line for line in cleaned if line.strip() and not line.startswith(LOG_MARK)]
    return "\n".join(shown[-lines:])
