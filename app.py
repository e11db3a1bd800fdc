"""The chat app: Chainlit's hooks, each handing over to `chat/` (the glue) and through it to
`agent/` (the lesson agent). Importing this module only registers the hooks.

Run: `chainlit run app.py` (or `tutor serve`, `make demo`). Chainlit loads this file, then
checks the login secret and starts serving; `chat.server.prepare()` readies the process and
Chainlit's server first, called at the end of this file only when Chainlit serves it.
"""

from __future__ import annotations

from typing import Any

import chainlit as cl
from chainlit.data.base import BaseDataLayer
from chainlit.oauth_providers import get_configured_oauth_providers
from chainlit.types import ThreadDict
from fastapi import Request
from fastapi.responses import Response

from chat import actions, auth, chat_db, profiles, runtime, server, turns
from chat.files import chat_files


@cl.password_auth_callback
async def login(username: str, password: str) -> cl.User | None:
    return await auth.password_login(username, password)


if get_configured_oauth_providers():  # Chainlit refuses the hook when no provider is set up
    cl.oauth_callback(auth.oauth_login)


@cl.on_logout
async def logout(request: Request, response: Response) -> dict[str, bool]:
    await auth.logout(request)
    return {"success": True}


@cl.data_layer
def data_layer() -> BaseDataLayer:
    return chat_db.open_chat_history(runtime.settings(), chat_files())


@cl.on_app_startup
async def app_startup() -> None:
    await runtime.start()


@cl.on_app_shutdown
async def app_shutdown() -> None:
    await runtime.close()


@cl.set_chat_profiles
async def chat_profiles(
    user: cl.User | None = None, language: str | None = None
) -> list[cl.ChatProfile]:
    return await profiles.chat_profiles()


@cl.on_chat_start
async def start() -> None:
    await profiles.chat_settings().send()


@cl.on_settings_update
async def settings_changed(values: dict[str, Any]) -> None:
    cl.user_session.set("options", values)


@cl.on_chat_resume
async def resume(thread: ThreadDict) -> None:
    """The lesson and the agent's memory are stored under this thread; a lesson a crash
    interrupted is offered for finishing (the Resume action, or "continue")."""
    await profiles.chat_settings().send()
    await turns.offer_resume(thread)


@cl.on_chat_end
async def chat_end() -> None:
    turns.stop_following()


@cl.on_message
async def on_message(message: cl.Message) -> None:
    await turns.on_message(message)


cl.action_callback("edit")(actions.edit)
cl.action_callback("revert")(actions.revert)
cl.action_callback("retry")(actions.retry)
cl.action_callback("fix_layout")(actions.fix_layout)
cl.action_callback("resume")(actions.resume)
cl.action_callback("show_code")(actions.show_code)
cl.action_callback("rerender_high")(actions.rerender_high)
cl.action_callback("share")(actions.share)
cl.action_callback("stop_sharing")(actions.stop_sharing)

if server.is_served(__file__):  # `chainlit run app.py`: the last moment before it serves
    server.prepare()
