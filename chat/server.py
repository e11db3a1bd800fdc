"""Readies this process and Chainlit's server before it serves; nothing here runs on import.

`prepare()`: private files (umask 077, older data made private), a data dir it can write, the
secret that signs logins (into the environment, where Chainlit reads it), the chat tables (the
data dir's SQLite file, or PostgreSQL with TUTOR_DATABASE_URL), then our routes, guards and
middleware on Chainlit's FastAPI app. Anything wrong ends the start-up
with one line saying what and what to do (a `SystemExit`, so no traceback), never a
half-started app.

`chainlit run app.py` (also what `tutor serve` and `make demo` run) imports app.py, then checks
the login secret, then starts the server, which takes no middleware once started: the import is
the only moment this can run, so app.py calls `prepare()` when, and only when, Chainlit is
loading it as the app to serve (`is_served`). A plain `import app` prepares nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

from chainlit.config import config
from chainlit.server import app as server
from chainlit.server import sio
from pydantic import ValidationError
from starlette.routing import Mount

from agent.auth_secret import auth_secret
from agent.cli_errors import settings_problem
from agent.data_dir import DataDirError, prepare_data_dir, use_private_files
from agent.database import DatabaseError
from agent.settings import Settings
from chat import files, preload, profiles, ready, runtime, share_routes
from chat.api.routes import build_api
from chat.chat_db import prepare_chat_tables
from chat.guards import install_guards, put_first
from chat.logins import install_login_throttle, login_limits
from chat.sessions import SessionGuard, use_cookie
from tools.logs import configure_logging

_prepared = False


def is_served(module_file: str) -> bool:
    """True while `chainlit run` loads `module_file` as the app it is about to serve."""
    target = config.run.module_name
    return target is not None and Path(target).resolve() == Path(module_file).resolve()


def prepare() -> None:
    """Make the process and Chainlit's server ready to serve (once; exits with one line)."""
    global _prepared
    if _prepared:
        return
    settings = start_up()
    runtime.use_settings(settings)
    # socket.io drops a message over its buffer (1 MB) without a word. With room for a few MB
    # the app sees a too-long message and answers it (TUTOR_MAX_MESSAGE_CHARS is far below).
    sio.eio.max_http_buffer_size = max(5_000_000, 8 * settings.max_message_chars)
    # Chainlit serves its UI from a catch-all route; ours must be matched before it.
    put_first(server, files.router)
    put_first(server, profiles.router)
    put_first(server, preload.router)
    put_first(server, share_routes.router)  # opens without a login: the token is the key
    put_first(server, ready.router)
    # The signed REST API: its own app (schema, docs, problem+json), no login cookie needed.
    server.router.routes.insert(0, Mount("/api/v1", app=build_api()))
    install_login_throttle(server, login_limits(settings))  # its POST /login goes first too
    install_guards(server, settings)  # ownership, origins, health, Secure cookies, own files dir
    use_cookie(settings.auth_cookie_name)
    server.add_middleware(
        SessionGuard, sessions=runtime.session_store, socket_sweep_s=settings.login_socket_sweep_s
    )
    _prepared = True


def start_up() -> Settings:
    """The app's settings, once its data dir is ready; exits with one line when it cannot be."""
    use_private_files()
    try:
        settings = Settings()
    except ValidationError as error:
        raise SystemExit(f"Manim Tutor cannot start: {settings_problem(error)}") from None
    configure_logging(settings.log_level, settings.log_format, "app")
    try:
        prepare_data_dir(settings.data_dir)
    except DataDirError as error:
        raise SystemExit(f"Manim Tutor cannot start: {error}") from None
    configured = settings.auth_secret.get_secret_value() if settings.auth_secret else None
    # Chainlit reads the secret from its environment variable only, so it is put there.
    os.environ["CHAINLIT_AUTH_SECRET"] = auth_secret(settings.data_dir, configured)
    try:
        prepare_chat_tables(settings)
    except DatabaseError as error:
        raise SystemExit(f"Manim Tutor cannot start: {error}") from None
    return settings
