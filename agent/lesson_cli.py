"""`tutor make | edit | revert | resume | lessons | show`: the lesson agent from a terminal."""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.cli_errors import CliError, acting_user, report, scene_number, version_number
from agent.data_dir import as_user_made
from agent.settings import Settings
from tools import event_loop
from tools.deferred_builds import pydantic_builds_deferred
from tools.deferred_init import package_init_deferred
from tools.optional_imports import without
from tools.render.frozen_import import import_frozen

if TYPE_CHECKING:  # the agent stack is slow to import; `tutor check` must stay quick
    from agent.tutor import TurnObserver, Tutor
    from lessons.progress import SceneProgress
    from lessons.service import LessonService
    from lessons.store.records import Lesson, User
    from lessons.view import LessonView
    from tools.retry import RetryNotice


# openai imports aiohttp for an optional HTTP transport of its own (`DefaultAioHttpClient`) if
# it can; nothing here uses it (the SDK's clients use httpx), and importing it is 60 ms of a
# command's start. Chainlit's data layers and LiteLLM still import it, later, when they run.
# httpx imports its command-line client (rich, click, pygments) if it can: 50 ms, never used.
UNUSED_OPTIONAL_IMPORTS = ("aiohttp", "httpx._main")
# The Agents SDK needs `mcp.types` and `mcp.shared.exceptions` to import, but `mcp`'s
# `__init__` loads MCP's clients and servers (starlette, uvicorn, …): 0.15-0.2 s of CPU. It runs
# when a docs server is opened (`from mcp import ClientSession`), not on every command's start.
PACKAGES_LOADED_ON_USE = ("mcp",)


def _import_agent_stack() -> None:
    """Import the Agents SDK (through `agent.tutor`) with its objects frozen out of the
    collector's sight (tools/render/frozen_import.py says why)."""
    with (
        without(*UNUSED_OPTIONAL_IMPORTS),
        package_init_deferred(*PACKAGES_LOADED_ON_USE),
        pydantic_builds_deferred(),  # of hundreds of models and adapters, a turn uses a few
    ):
        import_frozen("agent.tutor")


def add_commands(sub: Any) -> None:
    make = sub.add_parser("make", help="Make a lesson from a prompt.")
    make.add_argument("prompt")
    make.add_argument("--out", type=Path, help="Also copy the stitched lesson here.")
    make.add_argument("--json", action="store_true", help="Print the lesson's state as JSON.")

    edit = sub.add_parser("edit", help="Change one scene of a lesson by instruction.")
    edit.add_argument("lesson", help="Lesson id (or a unique prefix).")
    edit.add_argument("scene", help="Scene number (1, 2, …), or 'last'.")
    edit.add_argument("instruction")
    edit.add_argument("--out", type=Path, help="Also copy the re-stitched lesson here.")
    edit.add_argument("--json", action="store_true")

    revert = sub.add_parser("revert", help="Make a scene's previous (or a named) version live.")
    revert.add_argument("lesson")
    revert.add_argument("scene", help="Scene number (1, 2, …), or 'last'.")
    revert.add_argument("--to", dest="version", help="Version number to go back to.")
    revert.add_argument("--json", action="store_true")

    resume = sub.add_parser("resume", help="Finish a lesson that was interrupted.")
    resume.add_argument("lesson")
    resume.add_argument("--json", action="store_true")

    lessons = sub.add_parser("lessons", help="List your lessons.")
    lessons.add_argument("--json", action="store_true")

    show = sub.add_parser("show", help="Show a lesson's scenes, versions and files.")
    show.add_argument("lesson")
    show.add_argument("--json", action="store_true")


COMMANDS = {"make", "edit", "revert", "resume", "lessons", "show"}


AGENT_COMMANDS = {"make", "edit", "resume"}  # the others need no model (and start faster)


UPLOAD_GRACE_S = 5.0  # how long a command waits at its end for uploads still pending

WHOLE_LESSON = {"make", "resume"}  # they render every scene of a lesson that is not done
# Their sandboxes start importing manim before anything else (the database, the arguments'
# check, the Agents SDK), on the core that would idle meanwhile: an edit's render waits for
# its sandbox as much as for the agent. A bad argument stops it again at once.
STARTS_SANDBOXES_FIRST = {"make", "edit"}
CHECKED_FIRST = {"edit", "revert", "resume"}  # their LESSON, SCENE, --to: before the model starts


def one_shot_settings(command: str, settings: Settings) -> Settings:
    """A one-shot command starts its warm sandboxes as it starts, beside the Agents SDK's
    import: one per worker (edit re-renders the one scene it changes), not the lesson's worth
    a running app keeps (measured: no faster, and more CPU taken from that import).

    A command that renders a lesson's scenes waits for the last of them, not the first: unless
    the render workers are set, it runs one more than the cores, so that no core idles while
    the last scene renders alone (a 5-scene lesson on 2 cores: 3.3 s -> 3.15 s, measured)."""
    if command in WHOLE_LESSON and not settings.render_workers:
        settings = settings.model_copy(update={"render_workers": settings.worker_count() + 1})
    return settings.with_warm_sandboxes_at_most(1 if command == "edit" else settings.worker_count())


async def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run one lesson command; bad input is one line (and a JSON object with `--json`)."""
    from agent.wiring import open_backends, open_renderer
    from lessons.results import CannotRender
    from lessons.store.protocol import NotFound

    event_loop.prepare()
    settings = one_shot_settings(args.command, settings)
    renderer = None
    try:
        acting_user(settings.user)
        if args.command in STARTS_SANDBOXES_FIRST:
            renderer = open_renderer(settings)
            renderer.prewarm(keep_warm=False)
        backends = open_backends(settings, renderer=renderer)
    except CliError as error:
        if renderer is not None:
            await renderer.close()
        return report(error, args.json)
    tutor: Tutor | None = None
    try:
        await backends.service.resume_uploads()  # files an earlier run could not upload yet
        user = await backends.accounts.ensure_user(settings.user)
        if args.command in CHECKED_FIRST:
            await _check_arguments(args, backends.service, user)
        if args.command not in AGENT_COMMANDS:
            return await _direct_command(args, backends.service, user)
        # Importing the Agents SDK takes seconds: the sandboxes start importing manim first,
        # and the import runs off this loop so that their start goes on meanwhile.
        backends.service.warm_up(keep_warm=False)
        await asyncio.to_thread(_import_agent_stack)
        from agent.tutor import Tutor

        tutor = await Tutor.open(settings, backends=backends, keep_warm=False)
        if tutor.offline and not args.json:
            print("Using the offline model (no model configured).", file=sys.stderr)
        return await _agent_command(args, tutor, user)
    except NotFound as exc:
        error = CliError(str(exc), "not_found", getattr(args, "lesson_id", None))
        return report(error, args.json)
    except CannotRender as exc:  # the renderer is unreachable: plain words, nothing is lost
        lesson_id = getattr(args, "lesson_id", None)
        return report(CliError(str(exc), "environment", lesson_id), args.json)
    except CliError as error:
        return report(error, args.json)
    finally:
        await _say_pending_uploads(backends.service)
        await (tutor.close() if tutor is not None else backends.close())


async def _say_pending_uploads(service: LessonService) -> None:
    """Give waiting uploads a few seconds; say so when some still wait (nothing is lost)."""
    if not await service.finish_uploads():
        return
    waiting = await service.finish_uploads(UPLOAD_GRACE_S)
    if waiting:
        print(
            f"Saved, upload pending: {len(waiting)} file(s) wait on this machine for the storage "
            "and upload when it is reachable (the running app or the next tutor command retries).",
            file=sys.stderr,
        )


async def _check_arguments(args: argparse.Namespace, service: LessonService, user: User) -> None:
    """Resolve LESSON, SCENE and `--to` before anything starts: a bad one starts no model."""
    lesson = await find_lesson(service, user, args.lesson)
    args.lesson = args.lesson_id = lesson.id
    if args.command in ("edit", "revert"):
        count = await service.scene_count(user, lesson.id)
        args.scene = scene_number(args.scene, count, lesson.id)
    if args.command == "revert":
        args.version = version_number(args.version, lesson.id)


async def _agent_command(args: argparse.Namespace, tutor: Tutor, user: User) -> int:
    from agent.tutor import TurnObserver

    observer = TurnObserver(retrying=_print_retrying)  # on stderr: --json keeps stdout clean
    if not args.json:
        observer.progress = _print_progress
    service = tutor.service
    if args.command == "make":
        result = await tutor.turn(user, tutor.new_session_id(), args.prompt, observer=observer)
        return await _report(args, service, user, result.lesson_id, result.reply)
    lesson = await find_lesson(service, user, args.lesson)
    if args.command == "resume":
        return await _resume(args, tutor, user, lesson.id, observer)
    message = f"In scene {args.scene}: {args.instruction}"
    result = await tutor.turn(
        user, lesson.session_id, message, lesson_id=lesson.id, observer=observer
    )
    return await _report(args, service, user, lesson.id, result.reply)


async def _direct_command(args: argparse.Namespace, service: LessonService, user: User) -> int:
    if args.command == "lessons":
        return await _lessons(args, service, user)
    lesson = await find_lesson(service, user, args.lesson)
    if args.command == "revert":
        from lessons.progress import ignore_progress

        progress = ignore_progress if args.json else _print_progress
        reverted = await service.revert_scene(user, lesson.id, args.scene, args.version, progress)
        reply = f"Scene {args.scene} is back at version {reverted.version.number}."
        return await _report(args, service, user, lesson.id, reply)
    return await _report(args, service, user, lesson.id, "")


async def find_lesson(service: LessonService, user: User, ref: str) -> Lesson:
    """The user's lesson whose id is or starts with `ref`; NotFound for none or several."""
    from lessons.store.protocol import NotFound

    matches = [x for x in await service.lessons(user) if x.id.startswith(ref)]
    if len(matches) != 1:
        what = "no lesson" if not matches else f"{len(matches)} lessons"
        raise NotFound(f"{what} matches {ref!r}; `tutor lessons` lists yours.")
    return matches[0]


async def _resume(
    args: argparse.Namespace, tutor: Tutor, user: User, lesson_id: str, observer: TurnObserver
) -> int:
    """Render what a crash left unrendered; ask the agent for code that was never written."""
    from agent.resume import resume_lesson

    resumed = await resume_lesson(tutor, user, lesson_id, observer)
    return await _report(args, tutor.service, user, lesson_id, resumed.reply)


async def _report(
    args: argparse.Namespace, service: LessonService, user: User, lesson_id: str | None, reply: str
) -> int:
    if lesson_id is None:
        print(json.dumps({"lesson": None, "reply": reply}) if args.json else reply)
        return 1
    view = await service.view(user, lesson_id)
    out: Path | None = getattr(args, "out", None)
    export = await service.latest_export(user, lesson_id)
    if out is not None and export is not None:
        shutil.copyfile(await service.local_file(export.video_key), out)
        as_user_made(out)  # the user's file, outside the (private) data dir
    if args.json:
        print(json.dumps(view.model_dump(mode="json")))
    else:
        if reply:
            print(reply + "\n")
        _print_view(view, out)
    return 0 if view.all_ok else 1


def _print_view(view: LessonView, out: Path | None) -> None:
    print(f"Lesson {view.lesson}: {view.title}")
    for s in view.scenes:
        version = f"v{s.version}" if s.version else "—"
        line = f"  {s.n}. {s.title:<36} {s.status:<9} {version:<4}"
        print(line + (f"  ✗ {s.error}" if s.error else ""))
    if view.export:
        print(f"Lesson video: {out or view.export}")


async def _lessons(args: argparse.Namespace, service: LessonService, user: User) -> int:
    lessons = await service.lessons(user)
    rows = [
        {"lesson": x.id, "title": x.title, "updated_at": x.updated_at.isoformat()} for x in lessons
    ]
    if args.json:
        print(json.dumps(rows))
    elif not rows:
        print('No lessons yet. Make one: tutor make "the Pythagorean theorem"')
    for row in [] if args.json else rows:
        print(f"{row['lesson']}  {row['updated_at'][:16]}  {row['title']}")
    return 0


def _print_retrying(notice: RetryNotice) -> None:
    from agent.model_retry import busy_notice

    print(f"{busy_notice(notice)} in {notice.wait_s:.1f} s", file=sys.stderr, flush=True)


def _print_progress(event: SceneProgress) -> None:
    if event.n == 0:
        label = "lesson" if event.stage == "assembling" else "lesson ready"
        print(f"  {label}: {event.clip or 'stitching…'}", file=sys.stderr)
        return
    detail = f" — {event.error.message}" if event.error else ""
    repaired = " (repaired)" if event.repaired else ""
    print(f"  scene {event.n} {event.title}: {event.stage}{repaired}{detail}", file=sys.stderr)
