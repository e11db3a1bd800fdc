"""`tutor make | edit | revert | resume | lessons | show`: the lesson agent from a terminal."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.settings import Settings

if TYPE_CHECKING:  # the agent stack is slow to import; `tutor check` must stay quick
    from agent.lesson_service import LessonService
    from agent.progress import SceneProgress
    from agent.store.records import Lesson, User
    from agent.tutor import TurnObserver, Tutor


def add_commands(sub: Any) -> None:
    make = sub.add_parser("make", help="Make a lesson from a prompt.")
    make.add_argument("prompt")
    make.add_argument("--out", type=Path, help="Also copy the stitched lesson here.")
    make.add_argument("--json", action="store_true", help="Print the lesson's state as JSON.")

    edit = sub.add_parser("edit", help="Change one scene of a lesson by instruction.")
    edit.add_argument("lesson", help="Lesson id (or a unique prefix).")
    edit.add_argument("scene", help="Scene number, or 'last'.")
    edit.add_argument("instruction")
    edit.add_argument("--out", type=Path, help="Also copy the re-stitched lesson here.")
    edit.add_argument("--json", action="store_true")

    revert = sub.add_parser("revert", help="Make a scene's previous (or a named) version live.")
    revert.add_argument("lesson")
    revert.add_argument("scene", type=int)
    revert.add_argument("--to", type=int, dest="version", help="Version number to go back to.")
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


async def run(args: argparse.Namespace, settings: Settings) -> int:
    from agent.service_factory import close_service, open_service
    from agent.store.protocol import NotFound

    tutor = None
    if args.command in AGENT_COMMANDS:
        from agent.tutor import Tutor

        tutor = await Tutor.open(settings, keep_warm=False)
        service = tutor.service
        if tutor.offline and not args.json:
            print("Using the offline model (no model configured).", file=sys.stderr)
    else:
        service = open_service(settings)
    try:
        user = await service.store.ensure_user(settings.user)
        if tutor is not None:
            return await _agent_command(args, tutor, user)
        return await _direct_command(args, service, user)
    except NotFound as exc:
        print(f"tutor: {exc}", file=sys.stderr)
        return 2
    finally:
        await (tutor.close() if tutor is not None else close_service(service))


async def _agent_command(args: argparse.Namespace, tutor: Tutor, user: User) -> int:
    from agent.tutor import TurnObserver

    observer = TurnObserver() if args.json else TurnObserver(progress=_print_progress)
    service = tutor.service
    if args.command == "make":
        result = await tutor.turn(user, tutor.new_session_id(), args.prompt, observer=observer)
        return await _report(args, service, user, result.lesson_id, result.reply)
    lesson = await _find_lesson(service, user, args.lesson)
    if args.command == "resume":
        return await _resume(args, tutor, user, lesson.id, observer)
    scene = "the last scene" if args.scene == "last" else f"scene {args.scene}"
    message = f"In {scene}: {args.instruction}"
    result = await tutor.turn(
        user, lesson.session_id, message, lesson_id=lesson.id, observer=observer
    )
    return await _report(args, service, user, lesson.id, result.reply)


async def _direct_command(args: argparse.Namespace, service: LessonService, user: User) -> int:
    if args.command == "lessons":
        return await _lessons(args, service, user)
    lesson = await _find_lesson(service, user, args.lesson)
    if args.command == "revert":
        from agent.progress import ignore_progress

        progress = ignore_progress if args.json else _print_progress
        version = await service.revert_scene(user, lesson.id, args.scene, args.version)
        await service.assemble(user, lesson.id, progress)
        reply = f"Scene {args.scene} is back at version {version.number}."
        return await _report(args, service, user, lesson.id, reply)
    return await _report(args, service, user, lesson.id, "")


async def _find_lesson(service: LessonService, user: User, ref: str) -> Lesson:
    from agent.store.protocol import NotFound

    matches = [x for x in await service.store.list_lessons(user) if x.id.startswith(ref)]
    if len(matches) != 1:
        what = "no lesson" if not matches else f"{len(matches)} lessons"
        raise NotFound(f"{what} matches {ref!r}; `tutor lessons` lists yours.")
    return matches[0]


async def _resume(
    args: argparse.Namespace, tutor: Tutor, user: User, lesson_id: str, observer: TurnObserver
) -> int:
    """Render what a crash left unrendered; ask the agent for code that was never written."""
    service = tutor.service
    stale = await service.store.stale_versions(user, lesson_id)
    if stale:
        interrupted = [n for n, _ in stale]
        await service.render_scenes(user, lesson_id, interrupted, observer.progress)
    missing = await service.scenes_without_code(user, lesson_id)
    reply = ""
    if missing:
        lesson = await service.store.get_lesson(user, lesson_id)
        names = ", ".join(str(n) for n in missing)
        message = f"Continue the lesson: write and render scenes {names}, then assemble it."
        turn = await tutor.turn(
            user, lesson.session_id, message, lesson_id=lesson_id, observer=observer
        )
        reply = turn.reply
    await service.assemble(user, lesson_id, observer.progress)
    return await _report(args, service, user, lesson_id, reply)


async def _report(
    args: argparse.Namespace, service: LessonService, user: User, lesson_id: str | None, reply: str
) -> int:
    if lesson_id is None:
        print(json.dumps({"lesson": None, "reply": reply}) if args.json else reply)
        return 1
    view = await service.view(user, lesson_id)
    out: Path | None = getattr(args, "out", None)
    if out is not None and view["export"]:
        export = await service.store.latest_export(user, lesson_id)
        assert export is not None
        shutil.copyfile(await service.files.local_path(export.video_key), out)
    if args.json:
        print(json.dumps(view))
    else:
        if reply:
            print(reply + "\n")
        _print_view(view, out)
    return 0 if all(s["status"] == "ok" and not s["error"] for s in view["scenes"]) else 1


def _print_view(view: dict[str, Any], out: Path | None) -> None:
    print(f"Lesson {view['lesson']}: {view['title']}")
    for s in view["scenes"]:
        version = f"v{s['version']}" if s["version"] else "—"
        line = f"  {s['n']}. {s['title']:<36} {s['status']:<9} {version:<4}"
        print(line + (f"  ✗ {s['error']}" if s["error"] else ""))
    if view["export"]:
        print(f"Lesson video: {out or view['export']}")


async def _lessons(args: argparse.Namespace, service: LessonService, user: User) -> int:
    lessons = await service.store.list_lessons(user)
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


def _print_progress(event: SceneProgress) -> None:
    if event.n == 0:
        label = "lesson" if event.stage == "assembling" else "lesson ready"
        print(f"  {label}: {event.clip or 'stitching…'}", file=sys.stderr)
        return
    detail = f" — {event.error.message}" if event.error else ""
    repaired = " (repaired)" if event.repaired else ""
    print(f"  scene {event.n} {event.title}: {event.stage}{repaired}{detail}", file=sys.stderr)
