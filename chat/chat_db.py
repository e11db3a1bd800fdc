"""Where the chat history is kept: a SQLite file in the data dir (the default), or the
PostgreSQL database of TUTOR_DATABASE_URL, shared by every app instance on it."""

from __future__ import annotations

from chainlit.data.storage_clients.base import BaseStorageClient

from agent.settings import Settings
from chat.history import ChatHistory, create_chat_tables, open_history
from chat.history_postgres import create_postgres_chat_tables, open_postgres_history


def prepare_chat_tables(settings: Settings) -> None:
    """Create the chat tables if missing (at every start; raises `DatabaseError` on Postgres)."""
    if settings.database_url is None:
        create_chat_tables(settings.chat_db_path)
    else:
        create_postgres_chat_tables(settings.database_url.get_secret_value())


def open_chat_history(settings: Settings, files: BaseStorageClient) -> ChatHistory:
    """Chainlit's data layer on the chat history the settings choose."""
    if settings.database_url is None:
        return open_history(settings.chat_db_path, files)
    return open_postgres_history(settings.database_url.get_secret_value(), files)
