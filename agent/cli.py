"""`tutor`: the command line. Reads Settings once and passes values down."""

from __future__ import annotations

import argparse
import asyncio
import atexit
import contextlib
import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from pydantic import ValidationError

from agent import api_cli, app_root, db_cli, lesson_cli, share_cli, store_cli, users_cli, worker_cli
from agent.cli_errors import CliError, report, settings_problem
from agent.data_dir import DataDirError, not_writable, prepare_data_dir, use_private_files
from agent.settings import Settings
from mcp_manim_docs import server as docs_server
from tools.logs import configure_logging, correlation
from tools.media.quality import QUALITY_NAMES

if TYPE_CHECKING:  # `check` imports the validator only when it runs
    from lessons.ports import SceneRenderer
    from tools.check import ApiIndex, CheckResult

DEMO_SCENE = """from manim import *


class Welcome(Scene):
    def construct(self):
        title = Text("Manim Tutor", font_size=64, color=BLUE)
        square = Square(color=YELLOW, fill_opacity=0.4).next_to(title, DOWN)
        self.play(Write(title))
        self.play(Create(square))
        self.play(Transform(square, Circle(color=GREEN, fill_opacity=0.4).move_to(square)))
        self.wait(0.5)
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tutor", description="Manim Tutor: validate and render Manim CE scenes safely."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    render = sub.add_parser("render", help="Render one scene file through the sandbox.")
    render.add_argument("file", type=Path)
    render.add_argument("--scene", help="Scene class to render (default: the only one).")
    render.add_argument("--quality", choices=QUALITY_NAMES)
    render.add_argument("--json", action="store_true", help="Print one JSON object.")
    render.add_argument("--no-cache", action="store_true", help="Render even if cached.")

    check = sub.add_parser("check", help="Static validation only: syntax, safety, Manim API.")
    check.add_argument("file", type=Path)
    check.add_argument(
        "--scene", help="Scene class that will render: problems elsewhere are warnings."
    )
    check.add_argument("--json", action="store_true", help="Print one JSON object.")
    check.add_argument("--fix", action="store_true", help="Rewrite mechanical problems in place.")

    sub.add_parser("demo", help="Render a sample scene and say where the clip is.")

    serve = sub.add_parser("serve", help="Run the chat app (port: TUTOR_PORT, default 8000).")
    serve.add_argument("--host", default="127.0.0.1", help="Interface to listen on.")

    lesson_cli.add_commands(sub)
    share_cli.add_commands(sub)
    users_cli.add_commands(sub)
    store_cli.add_commands(sub)
    db_cli.add_commands(sub)
    worker_cli.add_commands(sub)
    api_cli.add_commands(sub)

    docs = sub.add_parser("docs-mcp", help="Serve the Manim docs over MCP (stdio or HTTP).")
    docs_server.add_arguments(docs)
    return parser


# Commands that write under the data dir: it is made (private) and proven writable first.
WRITES_DATA_DIR = {
    "render",
    "demo",
    "serve",
    *lesson_cli.COMMANDS,
    *share_cli.COMMANDS,
    *users_cli.COMMANDS,
    *store_cli.COMMANDS,
    *db_cli.COMMANDS,
    *api_cli.COMMANDS,
    "worker",
}


def main(argv: list[str] | None = None) -> int:
    use_private_files()  # everything this process creates is the owner's alone
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        print(f"tutor: {settings_problem(error)}", file=sys.stderr)
        return 2
    quiet = getattr(args, "json", False) or (
        # Lesson commands show progress lines; log lines would bury them unless asked for.
        args.command in lesson_cli.COMMANDS and "log_level" not in settings.model_fields_set
    )
    service = "worker" if args.command == "worker" else "cli"
    configure_logging("WARNING" if quiet else settings.log_level, settings.log_format, service)
    with correlation():
        if args.command in WRITES_DATA_DIR:
            try:
                prepare_data_dir(settings.data_dir)
            except DataDirError as error:
                return _data_dir_unusable(args, str(error))
        if args.command == "render":
            return asyncio.run(_render(args, settings))
        if args.command == "check":
            return _check(args, settings)
        if args.command in lesson_cli.COMMANDS:
            return asyncio.run(lesson_cli.run(args, settings))
        if args.command in share_cli.COMMANDS:
            return asyncio.run(share_cli.run(args, settings))
        if args.command in users_cli.COMMANDS:
            return users_cli.run(args, settings)
        if args.command in store_cli.COMMANDS:
            return store_cli.run(args, settings)
        if args.command in db_cli.COMMANDS:
            return db_cli.run(args, settings)
        if args.command in api_cli.COMMANDS:
            return api_cli.run(args, settings)
        if args.command in worker_cli.COMMANDS:
            return worker_cli.run(args, settings)
        if args.command == "serve":
            return _serve(args, settings)
        if args.command == "docs-mcp":
            docs_server.run(args, settings.api_index_dir)
            return 0
        return asyncio.run(_demo(settings))


def _data_dir_unusable(args: argparse.Namespace, message: str) -> int:
    """One line; with `--json`, the command's own JSON shape carrying the error."""
    if args.command == "render" and args.json:
        from tools.render.result import RenderError, RenderFailed, to_cli_json

        hint = "Set TUTOR_DATA_DIR to a writable directory, or fix its permissions."
        error = RenderError(kind="environment", message=message, hint=hint)
        print(json.dumps(to_cli_json(RenderFailed(error=error))))
        print(f"tutor: {message}", file=sys.stderr)
        return 1
    return report(CliError(message, "environment"), getattr(args, "json", False))


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    """Replace this process with Chainlit serving app.py (so signals reach it directly)."""
    try:  # Chainlit's own files, in a writable app root (a checkout's or an installed app's)
        root = app_root.prepare_app_root(settings.data_dir)
    except OSError as error:
        return _data_dir_unusable(args, not_writable(settings.data_dir, error))
    chainlit = Path(sys.executable).with_name("chainlit")
    print(f"Manim Tutor: http://localhost:{settings.port}", file=sys.stderr, flush=True)
    argv = [str(chainlit), "run", str(app_root.APP_SCRIPT), "--headless", "--host", args.host]
    # Chainlit's "CI mode" (env CI set) would plant a fake OPENAI_API_KEY and hide the offline model.
    os.environ.pop("CI", None)
    os.environ["CHAINLIT_APP_ROOT"] = str(root)  # Chainlit reads its app root from here
    os.execv(chainlit, [*argv, "--port", str(settings.port)])


def _read_source(path: Path) -> str | None:
    try:
        return path.read_text()
    except (OSError, UnicodeDecodeError) as exc:
        print(f"tutor: cannot read {path}: {exc}", file=sys.stderr)
        return None


def _engine(settings: Settings) -> SceneRenderer:
    from agent.wiring import open_renderer  # deferred: `check` needs none of it

    return open_renderer(settings)


async def _render(args: argparse.Namespace, settings: Settings) -> int:
    from tools.render.result import RenderOk, to_cli_json

    code = _read_source(args.file)
    if code is None:
        return 2
    # One sandbox starts importing manim now, while this process checks the code and looks in
    # the cache: the render then waits for the slower of the two, not for both.
    engine = _engine(settings.with_warm_sandboxes_at_most(1))
    engine.prewarm(keep_warm=False)
    quality = args.quality or settings.quality
    task = asyncio.create_task(
        engine.render(code, args.scene, quality, use_cache=not args.no_cache)
    )
    try:
        if not args.json and sys.stderr.isatty():
            await _show_progress(task, f"Rendering {args.file.name} ({quality})")
        result = await task
        video = poster = None
        if isinstance(result, RenderOk):  # the user gets files to open, not storage keys
            video = await engine.media.local_path(result.video_key)
            poster = await engine.media.local_path(result.poster_key)
    finally:
        await engine.close()  # stops a warm sandbox that a refused or cached render left idle
    if args.json:
        print(json.dumps(to_cli_json(result, video, poster)))
    elif isinstance(result, RenderOk):
        cached = " (cached)" if result.cached else ""
        print(f"ok{cached}: {video}  [{result.duration_s:.1f} s clip, {result.elapsed_s:.1f} s]")
        print(f"poster: {poster}")
    else:
        error = result.error
        where = f" at line {error.line}" if error.line else ""
        print(f"render failed ({error.kind}){where}: {error.message}", file=sys.stderr)
        if error.hint:
            print(f"hint: {error.hint}", file=sys.stderr)
        if error.log_tail:
            print("log tail:\n" + error.log_tail, file=sys.stderr)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0 if result.ok else 1


async def _show_progress(task: asyncio.Task[Any], label: str) -> None:
    start = time.monotonic()
    frames = "|/-\\"
    i = 0
    while not task.done():
        print(
            f"\r{frames[i % 4]} {label}… {time.monotonic() - start:4.1f} s", end="", file=sys.stderr
        )
        i += 1
        await asyncio.wait({task}, timeout=0.2)
    print("\r" + " " * (len(label) + 16) + "\r", end="", file=sys.stderr)


def _check(args: argparse.Namespace, settings: Settings) -> int:
    from tools.check import check_code, fix_code, load_api_index

    code = _read_source(args.file)
    if code is None:
        return 2
    try:
        index = load_api_index(settings.api_index_dir)
    except OSError as error:  # a first `check` builds the index under the data dir
        message = not_writable(settings.data_dir, error)
        print(f"tutor: {message}", file=sys.stderr)
        if args.json:
            failure = {"kind": "environment", "message": message}
            print(json.dumps({"ok": False, "problems": [], "error": failure}))
        return 1
    changes: list[str] = []
    if args.fix:
        fixed = fix_code(code, index)
        if fixed.code != code:
            args.file.write_text(fixed.code)
        changes = fixed.changes
        code = fixed.code
    checked = check_code(code, index, scene=args.scene)
    result = _with_scene_presence(checked, code, index, args.scene)
    problems = [
        {
            "line": p.line,
            "code": p.code,
            "kind": p.kind,
            "severity": p.severity,
            "message": p.message,
            "suggestion": p.suggestion,
        }
        for p in result.problems
    ]
    if args.json:
        payload: dict[str, Any] = {"ok": result.ok, "problems": problems}
        if args.fix:
            payload["fixed"] = changes
        print(json.dumps(payload))
    else:
        for change in changes:
            print(f"fixed: {change}")
        for p in problems:
            hint = f"  → {p['suggestion']}" if p["suggestion"] else ""
            label = "warning" if p["severity"] == "warning" else p["kind"]
            print(f"{args.file}:{p['line']}: {label}/{p['code']}: {p['message']}{hint}")
        if result.ok:
            print(f"{args.file}: ok")
    return 0 if result.ok else 1


def _with_scene_presence(
    result: CheckResult, code: str, index: ApiIndex, scene: str | None
) -> CheckResult:
    """Add the render's own refusal of a file with no Scene subclass (empty, or no class),
    or with no class named `scene`."""
    from tools.check import CheckResult, Problem, parse_scene
    from tools.check.scene_presence import missing_scene

    tree = parse_scene(code)
    absent = None if isinstance(tree, Problem) else missing_scene(tree, code, index, scene)
    if absent is None:
        return result
    return CheckResult(ok=False, problems=[absent, *result.problems])


async def _demo(settings: Settings) -> int:
    from tools.render.result import RenderOk

    engine = _engine(settings)
    print("Rendering a sample scene (the chat app: `tutor serve`)…", flush=True)
    result = await engine.render(DEMO_SCENE, "Welcome", settings.quality)
    if isinstance(result, RenderOk):
        print(f"Clip ready: {await engine.media.local_path(result.video_key)}")
        print(f"Poster:     {await engine.media.local_path(result.poster_key)}")
        return 0
    print(f"Demo render failed ({result.error.kind}): {result.error.message}", file=sys.stderr)
    return 1


def run() -> NoReturn:
    """The `tutor` command: `main()`, then an exit that skips the interpreter's teardown.

    By the time `main()` returns, a command has closed what it opened; tearing down the
    interpreter (collecting every module manim's and the Agents SDK's imports loaded) then
    costs a waiting user 0.1-0.2 s. Exit hooks still run and output is flushed. A thread that
    is still working gets the ordinary exit, which waits for it.
    """
    code = main()
    busy = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    if busy:
        sys.exit(code)
    atexit._run_exitfuncs()  # pyright: ignore[reportPrivateUsage]  # the hooks os._exit skips
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe takes nothing more
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
