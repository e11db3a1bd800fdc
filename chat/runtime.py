"""The chat app's one agent runtime per process, and the settings it was started with.

`chat.server.prepare` hands the settings in before Chainlit serves; the Tutor opens on first
use, is warmed at start-up (admin login, API index) and closed at shutdown.
"""

from __future__ import annotations

import asyncio

import chainlit as cl

from agent.accounts import ensure_admin
from agent.response_models import prepare_response_models
from agent.settings import Settings
from agent.turn_queue.client import RemoteTurns
from agent.tutor import Tutor
from chat.sessions import SessionStore
from lessons.store.records import User
from tools import event_loop
from tools.media.stream_copy import load as load_stream_copy
from tools.render.frozen_import import freeze_survivors

_settings: Settings | None = None
_tutor: Tutor | None = None
_tutor_lock = asyncio.Lock()
_remote_turns: RemoteTurns | None = None


def use_settings(settings: Settings) -> None:
    global _settings
    _settings = settings


def settings() -> Settings:
    """The settings the app was prepared with (`chat.server.prepare`)."""
    if _settings is None:
        raise RuntimeError(
            "the chat app was not prepared: run `chainlit run app.py` or `tutor serve`"
        )
    return _settings


async def get_tutor() -> Tutor:
    """One agent runtime per app process, opened on first use."""
    global _tutor
    async with _tutor_lock:
        if _tutor is None:
            _tutor = await Tutor.open(settings(), keep_warm=True)
        return _tutor


def remote_turns() -> RemoteTurns | None:
    """The turn workers' client when turns run there (`TUTOR_TURNS=celery`), else None."""
    global _remote_turns
    if settings().turns != "celery":
        return None
    if _remote_turns is None:
        from agent.turn_queue.setup import open_turns

        _remote_turns = open_turns(settings())
    return _remote_turns


async def session_store() -> SessionStore:
    return (await get_tutor()).accounts


async def current_user(tutor: Tutor) -> User:
    """The lesson store's user behind this chat's login."""
    chat_user = cl.user_session.get("user")
    return await tutor.accounts.ensure_user(chat_user.identifier if chat_user else "local")


async def start() -> None:
    """Create or update the admin login from settings; on a first run, make one and say so."""
    event_loop.prepare()  # before the warm sandboxes start: see tools.event_loop
    tutor = await get_tutor()
    if message := await ensure_admin(tutor.accounts, settings()):
        print(f"\n{message}\n", flush=True)
    # The API index (built once per manim version, ~10 s) is needed for the first scene's code:
    # build or load it before serving, not while the first user waits.
    await tutor.service.load_api_index()
    await asyncio.to_thread(prepare_response_models)  # not on the first user's turn
    await asyncio.to_thread(load_stream_copy)  # PyAV, for the first clip's narration track
    await tutor.service.resume_uploads()  # files saved while the storage was unreachable
    freeze_survivors()  # all of the above lives as long as the app: out of the collector's way


async def close() -> None:
    """A clean stop: the warm sandboxes are stopped and their work dirs removed."""
    if _remote_turns is not None:
        await _remote_turns.close()
    if _tutor is not None:
        await _tutor.close()
