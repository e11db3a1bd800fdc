"""Logins: a password or OAuth login starts a login session; logging out ends it."""

from __future__ import annotations

import chainlit as cl
from fastapi import Request

from chat import runtime
from chat.sessions import end_request_session, start_session


async def password_login(username: str, password: str) -> cl.User | None:
    """A right password starts a login session; its id goes into the token (chat/sessions)."""
    accounts = (await runtime.get_tutor()).accounts
    user = await accounts.check_password(username, password)
    if user is None:
        return None
    chat_user = cl.User(identifier=user.name, metadata={"tutor_id": user.id})
    return await start_session(accounts, user, chat_user)


async def oauth_login(
    provider_id: str,
    token: str,
    raw_user_data: dict[str, str],
    default_user: cl.User,
    id_token: str | None = None,
) -> cl.User | None:
    """Any OAuth provider Chainlit is configured for (OAUTH_* variables) signs users in too,
    with a login session like a password login's."""
    accounts = (await runtime.get_tutor()).accounts
    user = await accounts.ensure_user(default_user.identifier)
    return await start_session(accounts, user, default_user)


async def logout(request: Request) -> None:
    """Logging out ends the token's session: that token stops working everywhere."""
    await end_request_session(await runtime.session_store(), request)
