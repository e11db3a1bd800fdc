"""What the app does when it is imported, before Chainlit serves anything.

Private files (umask 077, older data made private), a data dir it can write, the secret that
signs logins, the chat tables. Anything wrong here ends the start-up with one line saying what
and what to do (a `SystemExit`, so no traceback), never a half-started app.
"""

from __future__ import annotations

import os

from pydantic import ValidationError

from agent.auth_secret import auth_secret
from agent.chat_history import create_chat_tables
from agent.cli_errors import settings_problem
from agent.data_dir import DataDirError, prepare_data_dir, use_private_files
from agent.settings import Settings


def start_up() -> Settings:
    """The app's settings, once its data dir is ready; exits with one line when it cannot be."""
    use_private_files()
    try:
        settings = Settings()
    except ValidationError as error:
        raise SystemExit(f"Manim Tutor cannot start: {settings_problem(error)}") from None
    try:
        prepare_data_dir(settings.data_dir)
    except DataDirError as error:
        raise SystemExit(f"Manim Tutor cannot start: {error}") from None
    os.environ["CHAINLIT_AUTH_SECRET"] = auth_secret(settings.data_dir)
    create_chat_tables(settings.chat_db_path)
    return settings
