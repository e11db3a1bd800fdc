"""The first login: the configured admin account, or a generated one on a fresh install."""

from __future__ import annotations

import secrets

from agent.settings import Settings
from lessons.store.protocol import AccountStore

DEFAULT_ADMIN = "admin"


def generate_password() -> str:
    """A random password to show once (about 96 bits)."""
    return secrets.token_urlsafe(12)


async def ensure_admin(store: AccountStore, settings: Settings) -> str | None:
    """Make sure someone can log in; return a message to print once, or None.

    TUTOR_ADMIN_USER and TUTOR_ADMIN_PASSWORD together create or update that login at every
    start; when that changes the password, the login's sessions end. With neither, and no password in the store yet, user "admin" gets a generated
    password, returned in the message (it is stored only as a hash, so it is shown only now).
    Raises ValueError when only one of the two variables is set.
    """
    name = (settings.admin_user or "").strip()
    password = settings.admin_password.get_secret_value() if settings.admin_password else ""
    if name and password:
        if await store.check_password(name, password) is None:
            await store.set_password(name, password)
            await store.end_login_sessions(name)  # a new password logs everyone out
        return None
    if name or password:
        missing = "TUTOR_ADMIN_PASSWORD" if name else "TUTOR_ADMIN_USER"
        raise ValueError(
            f"{missing} is not set: set both TUTOR_ADMIN_USER and TUTOR_ADMIN_PASSWORD, "
            "or neither (a first start then creates user 'admin' with a generated password)"
        )
    if await store.has_password_logins():
        return None
    generated = generate_password()
    await store.set_password(DEFAULT_ADMIN, generated)
    return (
        f"Log in as {DEFAULT_ADMIN} with password {generated} "
        f"(shown once; change it with `tutor users passwd {DEFAULT_ADMIN}`)"
    )
