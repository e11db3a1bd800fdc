"""The chat history: Chainlit's `SQLAlchemyDataLayer` on SQLite, and the tables it needs.

Chainlit ships PostgreSQL DDL only, so the tables are made here, one column per field the
data layer writes or reads (it quotes camelCase names, so the names must match exactly).
SQLite has no arrays or JSON type, and the data layer binds Python lists (tags) and dicts
(`modes`, `playerConfig`) as they are, which sqlite3 refuses. `encode_json_parameters`
turns those into JSON text on the way in; `connect_args` makes the JSON columns come
back as lists and dicts, as PostgreSQL's would. `ChatHistory` fixes what the data layer
gets wrong for us (thread names, element deletes, custom elements' props, posters).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import chainlit as cl
from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.data.storage_clients.base import BaseStorageClient
from chainlit.data.utils import queue_until_user_message
from chainlit.element import Element
from chainlit.types import ThreadDict
from chainlit.user import PersistedUser
from sqlalchemy import URL, event
from sqlalchemy.ext.asyncio import AsyncEngine

from chat.file_keys import FILE_ROUTE
from chat.sessions import without_session

# sqlite3 picks a converter by the first word of a column's declared type; SQLite picks
# the column's affinity by the words in it. "JSON TEXT": decoded as JSON, stored as text
# (a bare "JSON" would have NUMERIC affinity and turn '1' into an integer).
JSON_TYPE = "JSON TEXT"
BOOL_TYPE = "BOOLEAN"

# Every column is nullable but the keys: the data layer logs and swallows a failed write,
# so a NOT NULL it did not expect would drop a message silently instead of failing loudly.
# No foreign keys either: the data layer writes a message, its elements and its thread in
# concurrent tasks (an element can land before its step), and deletes children itself.
TABLES: tuple[str, ...] = (
    f"""CREATE TABLE IF NOT EXISTS users (
        "id" TEXT PRIMARY KEY,
        "identifier" TEXT NOT NULL UNIQUE,
        "metadata" {JSON_TYPE} DEFAULT '{{}}',
        "createdAt" TEXT
    )""",
    f"""CREATE TABLE IF NOT EXISTS threads (
        "id" TEXT PRIMARY KEY,
        "createdAt" TEXT,
        "name" TEXT,
        "userId" TEXT,
        "userIdentifier" TEXT,
        "tags" {JSON_TYPE},
        "metadata" {JSON_TYPE}
    )""",
    'CREATE INDEX IF NOT EXISTS threads_user ON threads ("userId")',
    f"""CREATE TABLE IF NOT EXISTS steps (
        "id" TEXT PRIMARY KEY,
        "name" TEXT,
        "type" TEXT,
        "threadId" TEXT,
        "parentId" TEXT,
        "command" TEXT,
        "modes" {JSON_TYPE},
        "streaming" {BOOL_TYPE},
        "waitForAnswer" {BOOL_TYPE},
        "isError" {BOOL_TYPE},
        "metadata" {JSON_TYPE},
        "tags" {JSON_TYPE},
        "input" TEXT,
        "output" TEXT,
        "createdAt" TEXT,
        "start" TEXT,
        "end" TEXT,
        "generation" {JSON_TYPE},
        "showInput" TEXT,
        "defaultOpen" {BOOL_TYPE},
        "autoCollapse" {BOOL_TYPE},
        "language" TEXT,
        "icon" TEXT
    )""",
    # The sidebar groups a user's threads by their newest step; a resume reads them in order.
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
        -- Plain TEXT: get_element json.loads() it itself, and fails on NULL, so default '{{}}'.
        "props" TEXT DEFAULT '{{}}',
        "autoPlay" {BOOL_TYPE},
        "playerConfig" {JSON_TYPE}
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


def chat_db_url(db_path: Path) -> str:
    """The SQLAlchemy URL of the chat history file (async driver: aiosqlite)."""
    # URL.create escapes '#' and '?', which a hand-built URL would read as its query part.
    url = URL.create("sqlite+aiosqlite", database=str(db_path.resolve()))
    return url.render_as_string(hide_password=False)


def create_chat_tables(db_path: Path) -> None:
    """Create the chat history tables and indexes if missing (safe to run at every start)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        # WAL: the data layer writes from concurrent tasks while the sidebar reads.
        # The mode is stored in the file, so every later connection gets it.
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN IMMEDIATE")
        for statement in TABLES:
            conn.execute(statement)
        conn.execute("COMMIT")
    finally:
        conn.close()


def connect_args() -> dict[str, Any]:
    """`connect_args` for the data layer: JSON columns decode, writers wait for the lock."""
    # Registered globally, but used only by connections that ask (detect_types), and only
    # for columns declared with these types: ours.
    sqlite3.register_converter("JSON", _decode_json)
    sqlite3.register_converter(BOOL_TYPE, _decode_bool)
    return {"detect_types": sqlite3.PARSE_DECLTYPES, "timeout": 10.0}


def _decode_json(raw: bytes) -> object:
    # A row some other writer left as plain text must not make every read of it fail.
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")


def _decode_bool(raw: bytes) -> bool:
    # Booleans are stored as 0/1; PostgreSQL (what the data layer was written for) gives bools.
    return raw.lower() not in (b"0", b"false", b"")


def encode_json_parameters(engine: AsyncEngine) -> None:
    """Bind lists and dicts as JSON text on this engine's statements (sqlite3 refuses them)."""
    event.listen(engine.sync_engine, "before_cursor_execute", _encode_statement, retval=True)


def _encode_statement(
    conn: object,
    cursor: object,
    statement: str,
    parameters: Any,
    context: object,
    executemany: bool,
) -> tuple[str, Any]:
    if executemany:
        return statement, [_encode_row(row) for row in parameters]
    return statement, _encode_row(parameters)


def _encode_row(row: Any) -> Any:
    if isinstance(row, Mapping):
        return {key: _encode(value) for key, value in row.items()}
    if isinstance(row, Sequence) and not isinstance(row, str | bytes):
        return tuple(_encode(value) for value in row)
    return row


def _encode(value: object) -> object:
    return json.dumps(value) if isinstance(value, list | dict) else value


def open_history(db_path: Path, files: BaseStorageClient) -> ChatHistory:
    """The data layer on the chat history file, its elements kept by `files`."""
    layer = ChatHistory(chat_db_url(db_path), connect_args=connect_args(), storage_provider=files)
    encode_json_parameters(layer.engine)  # SQLite takes no lists or dicts as parameters
    return layer


class ChatHistory(SQLAlchemyDataLayer):
    """Chainlit's SQL data layer, on SQLite."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._threads_found: set[str] = set()  # threads this process has seen in the table

    async def update_thread(
        self,
        thread_id: str,
        name: str | None = None,
        user_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        tags: list[str] | None = None,
    ) -> None:
        # Before every step it writes, the data layer makes sure the step's thread exists: a
        # query per step, a dozen in a lesson's first second. Once seen, it exists.
        only_exists = (name, user_id, metadata, tags) == (None, None, None, None)
        if only_exists and await self._thread_found(thread_id):
            return
        # Chainlit names a thread after its first message, whole: keep a name, not a copy.
        name = name if name is None or len(name) <= 120 else name[:119] + "…"
        await super().update_thread(thread_id, name, user_id, metadata, tags)

    async def _thread_found(self, thread_id: str) -> bool:
        if thread_id not in self._threads_found:
            found = await self.execute_sql(
                'SELECT 1 FROM threads WHERE "id" = :id', {"id": thread_id}
            )
            if not found:  # not there (or not read): the data layer makes it
                return False
            self._threads_found.add(thread_id)
        return True

    async def delete_thread(self, thread_id: str) -> None:
        self._threads_found.discard(thread_id)
        await super().delete_thread(thread_id)

    async def create_user(self, user: cl.User) -> PersistedUser | None:
        return await super().create_user(without_session(user))  # the id stays in the token

    @queue_until_user_message()
    async def create_element(self, element: Element) -> None:
        """A lesson file linked through our route is kept as that link; others are uploaded."""
        if not (element.url or "").startswith(FILE_ROUTE + "/") or element.path or element.content:
            await super().create_element(element)
            return
        if not element.for_id:
            return
        row = {k: v for k, v in element.to_dict().items() if v is not None}
        if "props" in row:
            row["props"] = json.dumps(row["props"])
        columns = ", ".join(f'"{c}"' for c in row)
        values = ", ".join(f":{c}" for c in row)
        updates = ", ".join(f'"{c}" = :{c}' for c in row if c != "id")
        await self.execute_sql(
            f"INSERT INTO elements ({columns}) VALUES ({values}) "
            f"ON CONFLICT (id) DO UPDATE SET {updates}",
            row,
        )

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
            if config := configs.get(element.get("id")):
                element["playerConfig"] = config
        return thread
