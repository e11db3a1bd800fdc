"""Renders one scene. Runs INSIDE the sandbox, executed by path: stdlib and manim only.

Usage: python scene_runner.py [--wait] JOB.json

With --wait the runner imports manim first, then waits for a line on stdin before it reads the
job: a sandbox started ahead of demand has its slow start-up done when a render arrives.

The job names the scene file, the scene class and the caps of the quality preset. The runner
applies its guards (runner_guards.py: manim's config pinned to those caps, the scene file
without its `if __name__ == "__main__":` blocks, ...; the parent verifies the output anyway),
executes the untrusted scene code, renders, saves a poster frame and writes RESULT.json:
{"ok": true, "video", "poster", "duration_s", "layout"} or {"ok": false, "error": {"kind", "message",
"line", "hint"}}. The parent treats that file as untrusted too.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import sys
import traceback
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tools.render import frozen_import as frozen
    from tools.render import layout_audit as layout
    from tools.render import runner_guards as guards
    from tools.render import runner_output as output
    from tools.render import runner_priority as priority
else:  # the sandbox runs `python -I runner.py`: its folder is not on sys.path

    def _load_sibling(name: str) -> types.ModuleType:
        import importlib.util

        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    guards = _load_sibling("runner_guards")
    output = _load_sibling("runner_output")
    priority = _load_sibling("runner_priority")
    frozen = _load_sibling("frozen_import")
    try:
        layout = _load_sibling("layout_audit")
    except Exception as exc:  # the audit only adds warnings: a render goes on without it
        print(f"layout audit unavailable: {type(exc).__name__}: {exc}", file=sys.stderr)
        layout = types.SimpleNamespace(watch=lambda *_: None)

LATEX_TOOLS = {"latex", "xelatex", "lualatex", "pdflatex", "dvisvgm"}


class LatexFailed(Exception):
    def __init__(self, formula: str, detail: str) -> None:
        super().__init__(f"LaTeX could not compile {formula!r}: {detail}")


class _Failure(Exception):
    """A failure the runner recognised itself, reported as it is (not classified)."""

    def __init__(
        self, message: str, hint: str | None, kind: str = "runtime", line: int | None = None
    ) -> None:
        super().__init__(message)
        self.payload = {"kind": kind, "message": message, "line": line, "hint": hint}


def main(job_path: str) -> None:
    job = json.loads(Path(job_path).read_text())
    result_path = Path(job["result"])
    _say(job, "render started", quality=job["manim_quality"])
    result: dict[str, Any]
    try:
        result = _render(job)
    except _Failure as failure:
        result = {"ok": False, "error": failure.payload}
    except BaseException as exc:  # anything else is still reported as data
        result = {"ok": False, "error": _classify(exc, job["code"])}
        with contextlib.suppress(BaseException):  # the log tail shows where it happened
            traceback.print_exception(exc, limit=-8, file=sys.stderr)
    result_path.write_text(json.dumps(result))
    if result["ok"]:
        _say(job, "render finished", duration_s=round(result["duration_s"], 3))
    else:
        _say(job, "render failed", kind=result["error"]["kind"])
    sys.stdout.flush()
    sys.stderr.flush()
    # Exit now: after a failure manim's encoder threads may still wait for frames and would
    # keep the interpreter alive until the wall-time limit.
    os._exit(0)


def _say(job: dict[str, Any], event: str, **fields: object) -> None:
    """A line for the parent's log, under the correlation id of the call that asked."""
    line = json.dumps({"cid": job.get("cid", "-"), "event": event, **fields})
    print(guards.LOG_MARK + line, file=sys.stderr, flush=True)


def _render(job: dict[str, Any]) -> dict[str, Any]:
    code_path = job["code"]
    source = Path(code_path).read_text()
    try:
        compiled = compile(guards.without_main_blocks(source, code_path), code_path, "exec")
    except SyntaxError as exc:
        raise _Failure(f"SyntaxError: {exc.msg}", None, "syntax", exc.lineno) from None

    try:
        manim = _import_manim()
        from manim import config
    except ImportError as exc:
        message = _one_line(f"manim cannot be imported on the render machine: {exc}")
        hint = "Not a bug in the scene: repair the installation (make setup)."
        raise _Failure(message, hint, "environment") from None

    file_executed = guards.pin_config(config, job)
    guards.cap_duration(manim.Scene, float(job["max_duration_s"]))
    guards.hide_lookup_internals()
    _report_latex_failures()
    output.add_faststart()
    output.set_encoder_options(config, job["manim_quality"])
    output.encode_repeats_once()
    # Before the scene code runs, so the audit knows which line made or placed each object.
    audit = layout.watch(manim, code_path) if job.get("layout_audit", True) else None

    module = types.ModuleType("scene")  # so `__name__` is never "__main__"
    module.__file__ = code_path
    sys.modules["scene"] = module
    exec(compiled, module.__dict__)
    file_executed()
    scene_class = _pick_scene(module, manim.Scene, job.get("scene"))
    output.hold_last_frame(scene_class, float(job.get("min_duration_s") or 0.0))
    scene = scene_class()
    scene.render()

    movie = Path(scene.renderer.file_writer.movie_file_path)
    if not movie.exists():
        hint = "Add at least one self.play(...) or self.wait() to construct()."
        raise _Failure("The scene produced no video: it has no animations.", hint)
    poster, video = Path(job["poster"]), Path(job["video"])
    _save_poster(scene.renderer.get_frame(), poster)
    shutil.move(str(movie), video)
    duration_s = float(scene.renderer.time)
    found = audit.items() if audit is not None else []
    return {
        "ok": True,
        "video": str(video),
        "poster": str(poster),
        "duration_s": duration_s,
        "layout": found,
    }


def _report_latex_failures() -> None:
    """Turn manim's generic LaTeX ValueError into one naming the formula and LaTeX's message."""
    from manim.utils import tex_file_writing as tfw

    original = tfw.tex_to_svg_file

    def tex_to_svg_file(expression: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return original(expression, *args, **kwargs)
        except (ValueError, RuntimeError) as exc:  # not OSError: a missing LaTeX stays one
            raise LatexFailed(expression, _latex_log_error() or str(exc)) from None

    tfw.tex_to_svg_file = tex_to_svg_file
    # The mobject modules imported the function by name; point them at the wrapper too.
    for module in list(sys.modules.values()):
        if getattr(module, "tex_to_svg_file", None) is original:
            module.tex_to_svg_file = tex_to_svg_file  # type: ignore[attr-defined]


def _latex_log_error() -> str | None:
    """LaTeX's own error (and the line it names) from the newest log in manim's tex dir."""
    from manim import config

    logs = Path(config.get_dir("tex_dir")).glob("*.log")
    newest = max(logs, key=lambda p: p.stat().st_mtime, default=None)
    lines = newest.read_text(errors="replace").splitlines() if newest else []
    errors = [i for i, line in enumerate(lines) if line.startswith("!")]
    if not errors:
        return None
    first = errors[0]
    context = [line for line in lines[first + 1 : first + 4] if line.startswith("l.")]
    return " ".join([lines[first].lstrip("! ").strip(), *context]).strip()


def _pick_scene(module: types.ModuleType, scene_base: type, name: str | None) -> type:
    scenes = [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, scene_base)
        and value.__module__ == module.__name__
    ]
    names = [s.__name__ for s in scenes]
    if name:
        if name in names:
            return scenes[names.index(name)]
        found = ", ".join(names) or "none"
        raise _Failure(
            f"No scene class named {name!r} in the code (found: {found}).",
            "Pass the name of a class that inherits from Scene.",
        )
    if len(scenes) == 1:
        return scenes[0]
    if not scenes:  # word for word as `tutor check` says it (tools/check/scene_presence.py)
        raise _Failure(
            "The code defines no Scene subclass.",
            "Define `class MyScene(Scene):` with a construct(self) method.",
        )
    raise _Failure(
        f"The code defines several scenes ({', '.join(names)}); say which one to render.",
        "Pass the scene name, or keep one Scene class per file.",
    )


def _save_poster(frame: Any, path: Path) -> None:
    from PIL import Image

    Image.fromarray(frame).convert("RGB").save(path, optimize=False, compress_level=1)


def _user_line(exc: BaseException, code_path: str) -> int | None:
    """The innermost line of the scene's own code in the traceback."""
    walk = traceback.walk_tb(exc.__traceback__)
    lines = [n for frame, n in walk if frame.f_code.co_filename == code_path]
    return lines[-1] if lines else None


def _one_line(text: str, limit: int = 300) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _classify(exc: BaseException, code_path: str) -> dict[str, Any]:
    line = _user_line(exc, code_path)
    name = type(exc).__name__
    kind, hint = "runtime", None
    message = _one_line(f"{name}: {exc}")
    if isinstance(exc, guards.CapExceeded):
        kind = "resource"
        message = _one_line(str(exc))
        hint = "Keep the scene within the preset's limits; quality is chosen by the caller."
    elif isinstance(exc, LatexFailed):
        kind = "latex"
        message = _one_line(str(exc))
        hint = (
            "Fix the LaTeX in that formula (raw strings r'...', balanced braces, known commands)."
        )
    elif isinstance(exc, FileNotFoundError) and Path(str(exc.filename or "")).name in LATEX_TOOLS:
        kind = "environment"
        message = f"{exc.filename} is not installed on the render machine."
        hint = "Not a bug in the scene: install LaTeX (make setup), or use Text instead of Tex."
    elif isinstance(exc, MemoryError):
        kind = "resource"
        message = "The scene ran out of memory."
        hint = "Use fewer or simpler objects."
    elif isinstance(exc, RecursionError):
        hint = "A function calls itself without end."
    elif isinstance(exc, NameError):
        hint = "Check the spelling; manim names come from `from manim import *`."
    elif isinstance(exc, TypeError) and "keyword argument" in str(exc):
        hint = "Check the signature in the Manim docs (get_manim_doc)."
    elif isinstance(exc, TypeError) and re.search(r"\b[gs]etter\(\) takes", str(exc)):
        message += _accessor_calls(code_path, line)  # the parent adds the hint
    elif isinstance(exc, AttributeError):
        hint = "That object has no such attribute in this manim version; search the docs."
    elif isinstance(exc, ImportError):
        hint = "Only manim, numpy and a few standard modules can be imported in scene code."
    return {"kind": kind, "message": message, "line": line, "hint": hint}


def _accessor_calls(code_path: str, line: int | None) -> str:
    """manim's fallback for unknown get_*/set_* names no method: name the line's calls."""
    with contextlib.suppress(OSError, IndexError):
        text = Path(code_path).read_text().splitlines()[line - 1] if line else ""
        names = ", ".join(
            f".{n}()" for n in dict.fromkeys(re.findall(r"\.([gs]et_\w+)\s*\(", text))
        )
        return f" (line {line} calls {names}: not Manim CE methods)" if names else ""
    return ""


def _import_manim() -> types.ModuleType:
    """`import manim`, with its objects kept out of the collections during the render
    (frozen_import.py says why)."""
    logging.getLogger("manim").setLevel(logging.WARNING)
    return frozen.import_frozen("manim")


def _wait_for_go() -> None:
    with contextlib.suppress(ImportError):  # a broken install is reported by the job itself
        _import_manim()
    go = sys.stdin.readline().split()
    if go[:1] != ["go"]:  # the parent went away: nothing to do
        os._exit(0)
    if go[1:] == ["front"]:
        priority.share_cpu_as_foreground()


if __name__ == "__main__":
    priority.share_cpu_as_background()
    if sys.argv[1] == "--wait":
        _wait_for_go()
    main(sys.argv[-1])
