"""The chat app: Chainlit hooks that map the lesson agent's events to messages, steps, videos
and actions. The logic lives in `agent/` and `tools/`; this file only talks to Chainlit.

Run: `chainlit run app.py` (or `make demo`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import mimetypes
import tempfile
from collections.abc import Awaitable
from pathlib import Path
from typing import Annotated, Any

import chainlit as cl
from chainlit.auth import get_current_user
from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.data.storage_clients.base import BaseStorageClient
from chainlit.data.utils import queue_until_user_message
from chainlit.oauth_providers import get_configured_oauth_providers
from chainlit.server import app as server
from chainlit.server import sio
from chainlit.types import ThreadDict
from chainlit.user import PersistedUser
from fastapi import Depends, HTTPException, Request
from fastapi.responses import FileResponse, Response

from agent.accounts import ensure_admin
from agent.chat_history import (
    chat_db_url,
    connect_args,
    encode_json_parameters,
)
from agent.chat_view import (
    STARTERS,
    banner_svg,
    chapter_items,
    code_block,
    lesson_heading,
    resume_done,
    resume_offer,
    scene_error_text,
    scene_heading,
    scrub,
    step_summary,
    task_title,
    too_long,
    welcome,
)
from agent.lesson_resume import is_resume_request, resume_lesson, unfinished_scenes
from agent.offline import OfflineLessonModel
from agent.progress import SceneProgress
from agent.providers import OFFLINE
from agent.store.records import User as TutorUser
from agent.tutor import ToolEvent, TurnObserver, TurnOptions, Tutor
from chat.action_payload import scene_number
from chat.file_keys import valid_key
from chat.guards import install_guards
from chat.logins import install_login_throttle, login_limits
from chat.sessions import (
    SessionGuard,
    SessionStore,
    end_request_session,
    start_session,
    without_session,
)
from chat.startup import start_up
from tools.disk_full import is_storage_failure
from tools.local_storage import LocalStorage

log = logging.getLogger(__name__)
# Private files, a writable data dir, the login secret, chat tables; or one line and exit.
SETTINGS = start_up()
FILES = LocalStorage(SETTINGS.files_dir)
FILE_ROUTE = "/tutor-files"
WELCOME_ROUTE = "/tutor-welcome.svg"  # .chainlit/config.toml shows it as the logo
# Host paths never reach the chat: replies and tool steps name a stored file by its name only.
HIDDEN_ROOTS = (str(SETTINGS.data_dir), str(SETTINGS.data_dir.resolve()), str(FILES.root))
# socket.io drops a message over its buffer (1 MB) without a word. With room for a few MB the app
# sees a too-long message and answers it (TUTOR_MAX_MESSAGE_CHARS is far below this).
sio.eio.max_http_buffer_size = max(5_000_000, 8 * SETTINGS.max_message_chars)
_resuming: set[str] = set()  # chat threads whose interrupted lesson is being finished
_tutor: Tutor | None = None
_tutor_lock = asyncio.Lock()


async def get_tutor() -> Tutor:
    """One agent runtime per app process, opened on first use."""
    global _tutor
    async with _tutor_lock:
        if _tutor is None:
            _tutor = await Tutor.open(SETTINGS, keep_warm=True)
        return _tutor


# -- accounts, history, files -----------------------------------------------------------------


async def session_store() -> SessionStore:
    return (await get_tutor()).service.store


@cl.password_auth_callback
async def login(username: str, password: str) -> cl.User | None:
    """A right password starts a login session; its id goes into the token (chat/sessions)."""
    store = (await get_tutor()).service.store
    user = await store.check_password(username, password)
    if user is None:
        return None
    chat_user = cl.User(identifier=user.name, metadata={"tutor_id": user.id})
    return await start_session(store, user, chat_user)


@cl.on_logout
async def logout(request: Request, response: Response) -> dict[str, bool]:
    """Logging out ends the token's session: that token stops working everywhere."""
    await end_request_session(await session_store(), request)
    return {"success": True}


class ChatFiles(BaseStorageClient):
    """Chat elements (clips, posters) stored with the lesson files, served only to their owner."""

    async def upload_file(
        self,
        object_key: str,
        data: bytes | str,
        mime: str = "application/octet-stream",
        overwrite: bool = True,
        content_disposition: str | None = None,
    ) -> dict[str, Any]:
        key = f"chat/{object_key}"
        with tempfile.NamedTemporaryFile(dir=SETTINGS.data_dir, delete=False) as handle:
            handle.write(data.encode() if isinstance(data, str) else data)
        try:
            await FILES.put(key, Path(handle.name), mime)
        finally:
            Path(handle.name).unlink(missing_ok=True)
        return {"object_key": key, "url": f"{FILE_ROUTE}/{key}"}

    async def delete_file(self, object_key: str) -> bool:
        await FILES.delete(object_key)
        return True

    async def get_read_url(self, object_key: str) -> str:
        return f"{FILE_ROUTE}/{object_key}"

    async def close(self) -> None:
        pass


async def oauth_login(
    provider_id: str,
    token: str,
    raw_user_data: dict[str, str],
    default_user: cl.User,
    id_token: str | None = None,
) -> cl.User | None:
    """Any OAuth provider Chainlit is configured for (OAUTH_* variables) signs users in too,
    with a login session like a password login's."""
    store = (await get_tutor()).service.store
    user = await store.ensure_user(default_user.identifier)
    return await start_session(store, user, default_user)


if get_configured_oauth_providers():  # Chainlit refuses the hook when no provider is set up
    cl.oauth_callback(oauth_login)


class ChatHistory(SQLAlchemyDataLayer):
    """Chainlit's SQL data layer, on SQLite."""

    async def update_thread(
        self,
        thread_id: str,
        name: str | None = None,
        user_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        tags: list[str] | None = None,
    ) -> None:
        # Chainlit names a thread after its first message, whole: keep a name, not a copy.
        name = name if name is None or len(name) <= 120 else name[:119] + "…"
        await super().update_thread(thread_id, name, user_id, metadata, tags)

    async def create_user(self, user: cl.User) -> PersistedUser | None:
        return await super().create_user(without_session(user))  # the id stays in the token

    @queue_until_user_message()
    async def delete_element(self, element_id: str, thread_id: str | None = None) -> None:
        """Only the element of that thread (Chainlit's deletes any element with the id)."""
        found = await self.execute_sql(
            'SELECT "objectKey" FROM elements WHERE "id" = :id AND "threadId" = :thread_id',
            {"id": element_id, "thread_id": thread_id},
        )
        if not isinstance(found, list) or not found:
            return
        if self.storage_provider is not None and found[0]["objectKey"]:
            await self.storage_provider.delete_file(object_key=found[0]["objectKey"])
        await self.execute_sql(
            'DELETE FROM elements WHERE "id" = :id AND "threadId" = :thread_id',
            {"id": element_id, "thread_id": thread_id},
        )

    async def get_thread(self, thread_id: str) -> ThreadDict | None:
        thread = await super().get_thread(thread_id)
        elements = (thread or {}).get("elements") or []
        # SQLite hands back custom elements' props as JSON text (PostgreSQL: an object).
        for element in elements:
            props = element.get("props")
            if isinstance(props, str):
                element["props"] = json.loads(props or "{}")
        # Chainlit's thread query leaves out the player config, which carries clips' posters.
        rows = await self.execute_sql(
            'SELECT "id", "playerConfig" FROM elements WHERE "threadId" = :thread_id',
            {"thread_id": thread_id},
        )
        configs = {r["id"]: r["playerConfig"] for r in rows} if isinstance(rows, list) else {}
        for element in elements:
            if configs.get(element.get("id")):
                element["playerConfig"] = configs[element["id"]]
        return thread


@cl.data_layer
def data_layer() -> SQLAlchemyDataLayer:
    layer = ChatHistory(
        chat_db_url(SETTINGS.chat_db_path),
        connect_args=connect_args(),
        storage_provider=ChatFiles(),
    )
    encode_json_parameters(layer.engine)  # SQLite takes no lists or dicts as parameters
    return layer


@server.get(FILE_ROUTE + "/{key:path}")
async def serve_file(key: str, user: Annotated[Any, Depends(get_current_user)]) -> FileResponse:
    """A clip or poster, for its owner only; anyone else gets the same 404 as a missing file."""
    if user is None:
        raise HTTPException(status_code=401, detail="Log in first.")
    owner = await (await get_tutor()).service.store.get_user(user.identifier)
    allowed = (f"chat/{user.id}/", f"u/{owner.id}/") if owner else (f"chat/{user.id}/",)
    if not valid_key(key) or not key.startswith(allowed) or not await FILES.exists(key):
        raise HTTPException(status_code=404, detail="No such file.")
    path = await FILES.local_path(key)
    return FileResponse(path, media_type=mimetypes.guess_type(path.name)[0])


@server.get(WELCOME_ROUTE)
async def welcome_banner() -> Response:
    """The welcome screen's banner: the app's name and which model answers."""
    tutor = await get_tutor()
    return Response(banner_svg(tutor.model_label, tutor.offline), media_type="image/svg+xml")


# Chainlit serves its UI from a catch-all route; ours must be matched before it.
for _ours in [r for r in server.router.routes if getattr(r, "path", "").startswith("/tutor-")]:
    server.router.routes.remove(_ours)
    server.router.routes.insert(0, _ours)

install_login_throttle(server, login_limits(SETTINGS))  # its POST /login goes first too
install_guards(server, SETTINGS)  # ownership, origins, health, Secure cookies, own files dir
server.add_middleware(
    SessionGuard, store=session_store, socket_sweep_s=SETTINGS.login_socket_sweep_s
)


@cl.on_app_startup
async def bootstrap_accounts() -> None:
    """Create or update the admin login from settings; on a first run, make one and say so."""
    tutor = await get_tutor()
    if message := await ensure_admin(tutor.service.store, SETTINGS):
        print(f"\n{message}\n", flush=True)
    # The API index (built once per manim version, ~10 s) is needed for the first scene's code:
    # build or load it before serving, not while the first user waits.
    await asyncio.to_thread(lambda: tutor.service.renderer.api_index)


@cl.on_app_shutdown
async def close_tutor() -> None:
    """A clean stop: the warm sandboxes are stopped and their work dirs removed."""
    if _tutor is not None:
        await _tutor.close()


# -- the chat ---------------------------------------------------------------------------------


@cl.set_chat_profiles
async def chat_profiles(
    user: cl.User | None = None, language: str | None = None
) -> list[cl.ChatProfile]:
    """One profile per model on offer; its description is the welcome, shown with the starters."""
    tutor = await get_tutor()
    starters = [cl.Starter(label=label, message=text) for label, text in STARTERS]
    offline = cl.ChatProfile(
        name="Offline model",
        markdown_description=welcome(OFFLINE, offline=True),
        starters=starters,
        default=tutor.offline,
    )
    if tutor.offline:
        return [offline]
    configured = cl.ChatProfile(
        name=tutor.model_label,
        markdown_description=welcome(tutor.model_label, offline=False),
        starters=starters,
        default=True,
    )
    return [configured, offline]


@cl.on_chat_start
async def start() -> None:
    await chat_settings().send()


def chat_settings() -> cl.ChatSettings:
    return cl.ChatSettings(
        [
            cl.input_widget.Select(
                id="quality",
                label="Render quality",
                values=["low", "medium", "high"],
                initial_value=SETTINGS.quality,
            ),
            cl.input_widget.Slider(
                id="max_repair_attempts",
                label="Repair attempts per failing scene",
                initial=SETTINGS.max_repair_attempts,
                min=0,
                max=6,
                step=1,
            ),
        ]
    )


@cl.on_settings_update
async def settings_changed(values: dict[str, Any]) -> None:
    cl.user_session.set("options", values)


@cl.on_chat_resume
async def resume(thread: ThreadDict) -> None:
    """The lesson and the agent's memory are stored under this thread; a lesson a crash
    interrupted is offered for finishing (the Resume action, or "continue")."""
    await chat_settings().send()
    tutor = await get_tutor()
    user = await current_user(tutor)
    if (lesson_id := await interrupted_lesson(tutor, user)) is not None:
        todo = await unfinished_scenes(tutor.service, user, lesson_id)
        offer = cl.Message(
            content=resume_offer(todo.scenes),
            actions=[cl.Action(name="resume", payload={}, label="Resume")],
        )
        await offer.send()  # stored, and its Resume action shown
        # Right after this hook Chainlit shows `thread` as the chat's history, replacing the
        # messages sent meanwhile: the offer goes in it too.
        thread["steps"].append(offer.to_dict())


@cl.on_message
async def on_message(message: cl.Message) -> None:
    if refusal := too_long(message.content, SETTINGS.max_message_chars):
        # Refused before the agent sees it: stored once, as the user's message. Chainlit's run
        # step around this hook keeps a copy as its input; a short mention is enough there.
        if (run := cl.context.current_run) is not None:
            run.input = f"(a message of {len(message.content):,} characters, refused)"
        await cl.Message(content=refusal).send()
        return
    if is_resume_request(message.content):
        tutor = await get_tutor()
        if (lesson_id := await interrupted_lesson(tutor, await current_user(tutor))) is not None:
            await guarded(run_resume(lesson_id))
            return
    await run_turn(message.content)


WENT_WRONG = (
    "Something went wrong on our side while making that. Please try again; "
    "if it keeps happening, revert the last change or start a new chat."
)
STORAGE_FULL = (
    "The server's storage is full or read-only, so nothing new can be saved right now. "
    "Your lessons so far are kept; please try again once the server's operator has freed space."
)


async def run_turn(text: str) -> None:
    await guarded(_run_turn(text))


async def guarded(work: Awaitable[None]) -> None:
    try:
        await work
    except Exception as exc:  # whatever broke, the user gets words and a next step
        log.exception("chat turn failed")
        await cl.Message(content=STORAGE_FULL if is_storage_failure(exc) else WENT_WRONG).send()


def turn_options() -> TurnOptions:
    options = cl.user_session.get("options") or {}
    return TurnOptions(
        model=OfflineLessonModel()
        if cl.user_session.get("chat_profile") == "Offline model"
        else None,
        quality=options.get("quality"),
        max_repair_attempts=(
            int(options["max_repair_attempts"]) if "max_repair_attempts" in options else None
        ),
    )


async def _run_turn(text: str) -> None:
    tutor = await get_tutor()
    user = await current_user(tutor)
    ui = TurnUI()
    result = await tutor.turn(
        user, cl.context.session.thread_id, text, observer=ui.observer(), options=turn_options()
    )
    await ui.finish(result.reply)
    if result.lesson_id:
        await show_failures(tutor, user, result.lesson_id, result.rendered)


async def interrupted_lesson(tutor: Tutor, user: TutorUser) -> str | None:
    """This chat's lesson when a crash left it unfinished and nothing is working on it now."""
    thread_id = cl.context.session.thread_id
    if thread_id in _resuming or tutor.is_running(user, thread_id):
        return None
    lesson_id = await tutor.lesson_for(user, thread_id)
    if lesson_id is None or not await unfinished_scenes(tutor.service, user, lesson_id):
        return None
    return lesson_id


async def run_resume(lesson_id: str) -> None:
    """Finish an interrupted lesson the way `tutor resume` does, shown like a turn."""
    tutor = await get_tutor()
    user = await current_user(tutor)
    thread_id = cl.context.session.thread_id
    _resuming.add(thread_id)
    try:
        ui = TurnUI()
        resumed = await resume_lesson(tutor, user, lesson_id, ui.observer(), turn_options())
        await ui.finish(resume_done(resumed.unfinished.scenes, resumed.reply))
    finally:
        _resuming.discard(thread_id)
    await show_failures(tutor, user, lesson_id, resumed.rendered)


async def current_user(tutor: Tutor) -> TutorUser:
    chat_user = cl.user_session.get("user")
    return await tutor.service.store.ensure_user(chat_user.identifier if chat_user else "local")


class TurnUI:
    """Shows one turn as it happens, in order: task list, tool steps, clips, streamed reply."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self.worker = asyncio.get_running_loop().create_task(self._drain())
        self.tasks = cl.TaskList(status="Working…")
        self.scene_tasks: dict[int, cl.Task] = {}
        self.steps: dict[str, cl.Step] = {}
        self.reply: cl.Message | None = None
        self.queued_progress = 0

    def observer(self) -> TurnObserver:
        return TurnObserver(
            progress=self._queue_progress,
            text=lambda t: self.queue.put_nowait(("text", t)),
            tool=lambda e: self.queue.put_nowait(("tool", e)),
        )

    def _queue_progress(self, event: SceneProgress) -> None:
        self.queued_progress += 1
        self.queue.put_nowait(("progress", event))

    async def _drain(self) -> None:
        while (item := await self.queue.get())[0] != "end":
            kind, value = item
            if kind == "progress":
                self.queued_progress -= 1
                await self._progress(value)
            elif kind == "tool":
                await self._tool(value)
            else:
                await self._text(value)

    async def _progress(self, event: SceneProgress) -> None:
        if event.n == 0:
            if event.stage == "done" and event.clip:
                await show_lesson(event.lesson_id)
            return
        if event.stage == "done" and event.clip:
            await show_clip(event)  # the clip first: the task list can wait a moment
        task = self.scene_tasks.get(event.n)
        status = {
            "done": cl.TaskStatus.DONE,
            "failed": cl.TaskStatus.FAILED,
            "queued": cl.TaskStatus.READY,
        }.get(event.stage, cl.TaskStatus.RUNNING)
        if task is None:
            task = self.scene_tasks[event.n] = cl.Task(title=task_title(event), status=status)
            await self.tasks.add_task(task)
        task.title, task.status = task_title(event), status
        if self.queued_progress == 0:
            await self.tasks.send()  # one update for a burst of changes (each one is stored)

    async def _tool(self, event: ToolEvent) -> None:
        if event.kind == "called":
            step = cl.Step(name=event.name, type="tool", default_open=False)
            step.input = step_summary(event.name, event.data, HIDDEN_ROOTS)
            self.steps[event.call_id] = step
            await step.send()
        elif (step := self.steps.get(event.call_id)) is not None:
            step.output = step_summary(step.name, event.data, HIDDEN_ROOTS)
            await step.update()

    async def _text(self, delta: str) -> None:
        if self.reply is None:
            self.reply = cl.Message(content="")
        await self.reply.stream_token(scrub(delta, HIDDEN_ROOTS))

    async def finish(self, reply: str) -> None:
        self.queue.put_nowait(("end", None))
        await self.worker
        reply = scrub(reply, HIDDEN_ROOTS)  # no host paths, no internal ids
        if self.scene_tasks:
            self.tasks.status = "Done"
            await self.tasks.send()
        if self.reply is None:
            await cl.Message(content=reply).send()
        else:
            self.reply.content = reply
            await self.reply.update()


def scene_actions(n: int, failed: bool = False) -> list[cl.Action]:
    payload = {"scene": n}
    if failed:
        return [
            cl.Action(name="retry", payload=payload, label="Retry"),
            cl.Action(name="revert", payload=payload, label="Revert"),
        ]
    return [
        cl.Action(name="edit", payload=payload, label="Edit"),
        cl.Action(name="revert", payload=payload, label="Revert"),
        cl.Action(name="show_code", payload=payload, label="Show code"),
        cl.Action(name="rerender_high", payload=payload, label="Re-render in high quality"),
    ]


def web_url(location: str | None) -> str | None:
    """Where the browser fetches a stored file: our owner-only route for local files."""
    if not location:
        return None
    path = Path(location)
    if path.is_absolute() and path.is_relative_to(FILES.root):
        return f"{FILE_ROUTE}/{path.relative_to(FILES.root).as_posix()}"
    return location  # already a URL (a remote store's presigned or CDN address)


async def show_clip(event: SceneProgress) -> None:
    """A scene's clip, inline, the moment it is rendered, with its poster frame."""
    assert event.clip is not None
    poster = web_url(event.poster)
    video = cl.Video(
        name=f"scene-{event.n}-v{event.version}.mp4",
        path=event.clip,
        display="inline",
        player_config={"file": {"attributes": {"poster": poster}}} if poster else None,
    )
    await cl.Message(
        content=f"{scene_heading(event.n, event.title)} (version {event.version})",
        elements=[video],
        actions=scene_actions(event.n),
    ).send()


async def show_lesson(lesson_id: str) -> None:
    """The stitched lesson, with a chapter list that seeks when clicked."""
    tutor = await get_tutor()
    user = await current_user(tutor)
    view = await tutor.service.view(user, lesson_id)
    export = await tutor.service.store.latest_export(user, lesson_id)
    if export is None:
        return
    files = tutor.service.files
    starts = await tutor.service.chapter_starts(user, lesson_id)
    first = await tutor.service.store.current_version(user, lesson_id, 1)
    player = cl.CustomElement(
        name="LessonPlayer",
        display="inline",
        props={
            "src": web_url(await files.url(export.video_key)),
            "poster": web_url(await files.url(first.poster_key))
            if first and first.poster_key
            else None,
            "chapters_vtt": web_url(await files.url(export.chapters_key)),
            "subtitles_vtt": web_url(await files.url(export.subtitles_key)),
            "chapters": chapter_items(view, starts),
        },
    )
    await cl.Message(content=lesson_heading(view["title"]), elements=[player]).send()


async def show_failures(tutor: Tutor, user: TutorUser, lesson_id: str, rendered: set[int]) -> None:
    view = await tutor.service.view(user, lesson_id)
    for scene in view["scenes"]:
        if scene["n"] in rendered and scene["error"]:
            await cl.Message(
                content=f"{scene_heading(scene['n'], scene['title'])} — "
                + scene_error_text(scene["error"], HIDDEN_ROOTS),
                actions=scene_actions(scene["n"], failed=True),
            ).send()


# -- actions: the same agent path as typed requests -------------------------------------------


async def action_scene(action: cl.Action) -> int | None:
    """The scene an action button names; a forged payload gets a short refusal instead."""
    n = scene_number(action.payload)
    if n is None:
        await cl.Message(content="That button names no scene of this lesson.").send()
    return n


@cl.action_callback("edit")
async def edit_action(action: cl.Action) -> None:
    if (n := await action_scene(action)) is None:
        return
    answer = await cl.AskUserMessage(
        content=f"What should change in scene {n}?", timeout=600
    ).send()
    if answer and (refusal := too_long(answer["output"], SETTINGS.max_message_chars)):
        await cl.Message(content=refusal).send()
    elif answer:
        await run_turn(f"In scene {n}: {answer['output']}")


@cl.action_callback("revert")
async def revert_action(action: cl.Action) -> None:
    if (n := await action_scene(action)) is not None:
        await run_turn(f"Revert scene {n} to its previous version.")


@cl.action_callback("retry")
async def retry_action(action: cl.Action) -> None:
    if (n := await action_scene(action)) is not None:
        await run_turn(f"Scene {n} failed to render. Fix it and render it again.")


@cl.action_callback("resume")
async def resume_action(action: cl.Action) -> None:
    tutor = await get_tutor()
    if (lesson_id := await interrupted_lesson(tutor, await current_user(tutor))) is None:
        await cl.Message(content="Nothing is left to finish in this lesson.").send()
        return
    await guarded(run_resume(lesson_id))


@cl.action_callback("show_code")
async def show_code_action(action: cl.Action) -> None:
    if (n := await action_scene(action)) is None:
        return
    tutor = await get_tutor()
    user = await current_user(tutor)
    lesson_id = await tutor.lesson_for(user, cl.context.session.thread_id)
    if lesson_id is None:
        return
    version = await tutor.service.store.current_version(user, lesson_id, n)
    code = version.code if version else "(no code yet)"
    await cl.Message(content=f"Scene {n}:\n{code_block(code)}").send()


@cl.action_callback("rerender_high")
async def rerender_high_action(action: cl.Action) -> None:
    if (n := await action_scene(action)) is None:
        return
    tutor = await get_tutor()
    user = await current_user(tutor)
    lesson_id = await tutor.lesson_for(user, cl.context.session.thread_id)
    if lesson_id is None:
        return
    async with cl.Step(name=f"Rendering scene {n} in high quality", type="run"):
        clip = await tutor.service.render_preview(user, lesson_id, n, "high")
    if clip is None:
        await cl.Message(content=f"Scene {n} could not be rendered in high quality.").send()
        return
    video = cl.Video(name=f"scene-{n}-high.mp4", path=str(clip), display="inline")
    await cl.Message(content=f"**Scene {n}** in high quality (1080p)", elements=[video]).send()
