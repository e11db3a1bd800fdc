"""The chat history on PostgreSQL (TUTOR_DATABASE_URL): `ChatHistory` in the schema `chat`.

The tables follow Chainlit's documented PostgreSQL DDL (JSONB for the JSON fields, TEXT[] for
tags), plus the step columns the docs miss (`command`, `modes`, `autoCollapse`, `defaultOpen`)
and the element columns (`autoPlay`, `playerConfig`). As on SQLite (chat/history.py), ids are
TEXT (a route guard's lookup of a malformed id is a miss, not an SQL error), every column but
the keys is nullable and there are no foreign keys, for the same reasons; `props` stays TEXT
because `get_element` json.loads() it itself.

The data layer binds tags as lists (psycopg sends a text[]) and JSON fields as JSON text (cast
by PostgreSQL), except `modes` and `playerConfig`, which it binds as dicts: psycopg takes no
dict, so this engine's connections send dicts as JSONB.
"""

from __future__ import annotations

from typing import Any, Final

from chainlit.data.storage_clients.base import BaseStorageClient
from psycopg.types.json import JsonbDumper
from sqlalchemy import event

from agent.database import async_url, create_schema, schema_options
from chat.history import ChatHistory

SCHEMA = "chat"
JSON: Final = "JSONB"
TAGS: Final = "TEXT[]"

TABLES: Final = (
    f"""CREATE TABLE IF NOT EXISTS users (
        "id" TEXT PRIMARY KEY,
        "identifier" TEXT NOT NULL UNIQUE,
        "metadata" {JSON} DEFAULT '{{}}',
        "createdAt" TEXT
    )""",
    f"""CREATE TABLE IF NOT EXISTS threads (
        "id" TEXT PRIMARY KEY,
        "createdAt" TEXT,
        "name" TEXT,
        "userId" TEXT,
        "userIdentifier" TEXT,
        "tags" {TAGS},
        "metadata" {JSON}
    )""",
    'CREATE INDEX IF NOT EXISTS threads_user ON threads ("userId")',
    f"""CREATE TABLE IF NOT EXISTS steps (
        "id" TEXT PRIMARY KEY,
        "name" TEXT,
        "type" TEXT,
        "threadId" TEXT,
        "parentId" TEXT,
        "command" TEXT,
        "modes" {JSON},
        "streaming" BOOLEAN,
        "waitForAnswer" BOOLEAN,
        "isError" BOOLEAN,
        "metadata" {JSON},
        "tags" {TAGS},
        "input" TEXT,
        "output" TEXT,
        "createdAt" TEXT,
        "start" TEXT,
        "end" TEXT,
        "generation" {JSON},
        "showInput" TEXT,
        "defaultOpen" BOOLEAN,
        "autoCollapse" BOOLEAN,
        "language" TEXT,
        "icon" TEXT
    )""",
    'CREATE INDEX IF NOT EXISTS steps_thread ON steps ("threadId", "createdAt")',
    'CREATE INDEX IF NOT EXISTS steps_parent ON steps ("parentId")',
    f"""CREATE TABLE IF NOT EXISTS elements (
        "id" TEXT PRIMARY KEY,
        "threadId" TEXT,
        "type" TEXT,
        "url" TEXT,
        "chainlitKey" TEXT,
        "name" TEXT,
        "display" TEXT,
        "objectKey" TEXT,
        "size" TEXT,
        "page" INTEGER,
        "language" TEXT,
        "forId" TEXT,
        "mime" TEXT,
        "props" TEXT DEFAULT '{{}}',
        "autoPlay" BOOLEAN,
        "playerConfig" {JSON}
    )""",
    'CREATE INDEX IF NOT EXISTS elements_thread ON elements ("threadId")',
    'CREATE INDEX IF NOT EXISTS elements_for ON elements ("forId")',
    """CREATE TABLE IF NOT EXISTS feedbacks (
        "id" TEXT PRIMARY KEY,
        "forId" TEXT,
        "threadId" TEXT,
        "value" INTEGER,
        "comment" TEXT
    )""",
    'CREATE INDEX IF NOT EXISTS feedbacks_for ON feedbacks ("forId")',
)

# get_favorite_steps matches the metadata's JSON text with LIKE; JSONB has no LIKE, its text does.
_FAVORITES_MATCH = ('s."metadata" LIKE', 's."metadata"::text LIKE')


def create_postgres_chat_tables(database_url: str) -> None:
    """The schema `chat` and its tables and indexes, if missing (safe at every start)."""
    create_schema(database_url, SCHEMA, TABLES)


def open_postgres_history(database_url: str, files: BaseStorageClient) -> PostgresChatHistory:
    """The data layer on the database's schema `chat`, its elements kept by `files`."""
    conninfo = async_url(database_url).render_as_string(hide_password=False)
    layer = PostgresChatHistory(
        conninfo, connect_args=schema_options(SCHEMA), storage_provider=files
    )
    event.listen(layer.engine.sync_engine, "connect", _dicts_as_jsonb)
    return layer


def _dicts_as_jsonb(dbapi_connection: Any, _record: object) -> None:
    dbapi_connection.driver_connection.adapters.register_dumper(dict, JsonbDumper)


class PostgresChatHistory(ChatHistory):
    """`ChatHistory` on PostgreSQL."""

    async def execute_sql(
        self, query: str, parameters: dict[str, Any]
    ) -> list[dict[str, Any]] | int | None:
        return await super().execute_sql(query.replace(*_FAVORITES_MATCH), parameters)
