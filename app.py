"""The chat app: Chainlit hooks that map the lesson agent's events to messages, steps, videos
and actions. The logic lives in `agent/` and `tools/`; this file only talks to Chainlit.

Run: `chainlit run app.py` (or `make demo`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import mimetypes
import os
import tempfile
from pathlib import Path
from typing import Annotated, Any

import chainlit as cl
from chainlit.auth import get_current_user
from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.data.storage_clients.base import BaseStorageClient
from chainlit.oauth_providers import get_configured_oauth_providers
from chainlit.server import app as server
from chainlit.types import ThreadDict
from fastapi import Depends, HTTPException
from fastapi.responses import FileResponse, Response

from agent.accounts import ensure_admin
from agent.auth_secret import auth_secret
from agent.chat_history import (
    chat_db_url,
    connect_args,
    create_chat_tables,
    encode_json_parameters,
)
from agent.chat_view import (
    STARTERS,
    banner_svg,
    chapter_items,
    scene_error_text,
    step_summary,
    task_title,
    welcome,
)
from agent.offline import OfflineLessonModel
from agent.progress import SceneProgress
from agent.providers import OFFLINE
from agent.settings import Settings
from agent.store.records import User as TutorUser
from agent.tutor import ToolEvent, TurnObserver, TurnOptions, Tutor
from tools.local_storage import LocalStorage

log = logging.getLogger(__name__)
SETTINGS = Settings()
os.environ["CHAINLIT_AUTH_SECRET"] = auth_secret(SETTINGS.data_dir)
create_chat_tables(SETTINGS.chat_db_path)
FILES = LocalStorage(SETTINGS.files_dir)
FILE_ROUTE = "/tutor-files"
WELCOME_ROUTE = "/tutor-welcome.svg"  # .chainlit/config.toml shows it as the logo
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


@cl.password_auth_callback
async def login(username: str, password: str) -> cl.User | None:
    user = await (await get_tutor()).service.store.check_password(username, password)
    return cl.User(identifier=user.name, metadata={"tutor_id": user.id}) if user else None


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


def oauth_login(
    provider_id: str, token: str, raw_user_data: dict[str, Any], default_user: cl.User
) -> cl.User | None:
    """Any OAuth provider Chainlit is configured for (OAUTH_* variables) signs users in too."""
    return default_user


if get_configured_oauth_providers():  # Chainlit refuses the hook when no provider is set up
    cl.oauth_callback(oauth_login)


class ChatHistory(SQLAlchemyDataLayer):
    """Chainlit's SQL data layer, on SQLite."""

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
    if ".." in key.split("/") or not key.startswith(allowed) or not await FILES.exists(key):
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


@cl.on_app_startup
async def bootstrap_accounts() -> None:
    """Create or update the admin login from settings; on a first run, make one and say so."""
    tutor = await get_tutor()
    if message := await ensure_admin(tutor.service.store, SETTINGS):
        print(f"\n{message}\n", flush=True)
    # The API index (built once per manim version, ~10 s) is needed for the first scene's code:
    # build or load it before serving, not while the first user waits.
    await asyncio.to_thread(lambda: tutor.service.renderer.api_index)


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
    """Nothing to rebuild: the lesson and the agent's memory are stored under this thread."""
    await chat_settings().send()


@cl.on_message
async def on_message(message: cl.Message) -> None:
    await run_turn(message.content)


async def run_turn(text: str) -> None:
    try:
        await _run_turn(text)
    except Exception:  # whatever broke, the user gets words and a next step, not a traceback
        log.exception("chat turn failed")
        await cl.Message(
            content="Something went wrong on our side while making that. Please try again; "
            "if it keeps happening, revert the last change or start a new chat."
        ).send()


async def _run_turn(text: str) -> None:
    tutor = await get_tutor()
    user = await current_user(tutor)
    ui = TurnUI()
    options = cl.user_session.get("options") or {}
    result = await tutor.turn(
        user,
        cl.context.session.thread_id,
        text,
        observer=ui.observer(),
        options=TurnOptions(
            model=OfflineLessonModel()
            if cl.user_session.get("chat_profile") == "Offline model"
            else None,
            quality=options.get("quality"),
            max_repair_attempts=(
                int(options["max_repair_attempts"]) if "max_repair_attempts" in options else None
            ),
        ),
    )
    await ui.finish(result.reply)
    if result.lesson_id:
        await show_failures(tutor, user, result.lesson_id, result.rendered)


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
            step.input = step_summary(event.name, event.data)
            self.steps[event.call_id] = step
            await step.send()
        elif (step := self.steps.get(event.call_id)) is not None:
            step.output = step_summary(step.name, event.data)
            await step.update()

    async def _text(self, delta: str) -> None:
        if self.reply is None:
            self.reply = cl.Message(content="")
        await self.reply.stream_token(delta)

    async def finish(self, reply: str) -> None:
        self.queue.put_nowait(("end", None))
        await self.worker
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
        content=f"**Scene {event.n}: {event.title}** (version {event.version})",
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
    await cl.Message(content=f"**The whole lesson: {view['title']}**", elements=[player]).send()


async def show_failures(tutor: Tutor, user: TutorUser, lesson_id: str, rendered: set[int]) -> None:
    view = await tutor.service.view(user, lesson_id)
    for scene in view["scenes"]:
        if scene["n"] in rendered and scene["error"]:
            await cl.Message(
                content=f"**Scene {scene['n']}: {scene['title']}** — {scene_error_text(scene['error'])}",
                actions=scene_actions(scene["n"], failed=True),
            ).send()


# -- actions: the same agent path as typed requests -------------------------------------------


@cl.action_callback("edit")
async def edit_action(action: cl.Action) -> None:
    n = action.payload["scene"]
    answer = await cl.AskUserMessage(
        content=f"What should change in scene {n}?", timeout=600
    ).send()
    if answer:
        await run_turn(f"In scene {n}: {answer['output']}")


@cl.action_callback("revert")
async def revert_action(action: cl.Action) -> None:
    await run_turn(f"Revert scene {action.payload['scene']} to its previous version.")


@cl.action_callback("retry")
async def retry_action(action: cl.Action) -> None:
    await run_turn(f"Scene {action.payload['scene']} failed to render. Fix it and render it again.")


@cl.action_callback("show_code")
async def show_code_action(action: cl.Action) -> None:
    tutor = await get_tutor()
    user = await current_user(tutor)
    lesson_id = await tutor.lesson_for(user, cl.context.session.thread_id)
    if lesson_id is None:
        return
    version = await tutor.service.store.current_version(user, lesson_id, action.payload["scene"])
    code = version.code if version else "(no code yet)"
    await cl.Message(content=f"Scene {action.payload['scene']}:\n```python\n{code}\n```").send()


@cl.action_callback("rerender_high")
async def rerender_high_action(action: cl.Action) -> None:
    tutor = await get_tutor()
    user = await current_user(tutor)
    lesson_id = await tutor.lesson_for(user, cl.context.session.thread_id)
    if lesson_id is None:
        return
    n = action.payload["scene"]
    async with cl.Step(name=f"Rendering scene {n} in high quality", type="run"):
        clip = await tutor.service.render_preview(user, lesson_id, n, "high")
    if clip is None:
        await cl.Message(content=f"Scene {n} could not be rendered in high quality.").send()
        return
    video = cl.Video(name=f"scene-{n}-high.mp4", path=str(clip), display="inline")
    await cl.Message(content=f"**Scene {n}** in high quality (1080p)", elements=[video]).send()
