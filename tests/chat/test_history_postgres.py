# pyright: reportTypedDictNotRequiredAccess=false, reportPrivateImportUsage=false
"""Chat history on a real PostgreSQL server (TUTOR_DATABASE_URL): `ChatHistory` in the schema
`chat`, shared by every app instance on the database.

As in test_history.py, the data layer's swallowed SQL errors are turned into failures.
"""

from __future__ import annotations

import dataclasses
import threading
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, get_type_hints

import psycopg
import pytest
from chainlit.data import sql_alchemy
from chainlit.element import ElementDict, Image, Video
from chainlit.step import Step, StepDict
from chainlit.types import Feedback, Pagination, ThreadFilter
from chainlit.user import User
from pydantic import SecretStr

from agent.database import DatabaseError
from agent.settings import Settings
from chat.chat_db import open_chat_history, prepare_chat_tables
from chat.files import FILE_ROUTE, ChatFiles
from chat.history import ChatHistory
from chat.history_postgres import create_postgres_chat_tables, open_postgres_history
from tests.chat.test_history import enter_chat, new_thread, new_user, say
from tools.storage.local import LocalStorage

OpenLayer = Callable[[], ChatHistory]


@pytest.fixture
async def open_layer(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[OpenLayer]:
    """Opens data layers on one fresh database, as app instances would (each its own engine)."""

    def fail(message: str, *args: object, **kwargs: object) -> None:
        raise AssertionError(f"the data layer swallowed an error: {message}")

    monkeypatch.setattr(sql_alchemy.logger, "warning", fail)
    create_postgres_chat_tables(postgres_url)
    blobs = LocalStorage(tmp_path / "blobs")

    class Files:  # what ChatFiles asks of the lesson service, on local storage
        async def put_file(self, key: str, source: Path, content_type: str) -> None:
            await blobs.put(key, source, content_type)

        async def delete_file(self, key: str) -> None:
            await blobs.delete(key)

    async def files() -> Files:
        return Files()

    opened: list[ChatHistory] = []

    def open_() -> ChatHistory:
        opened.append(open_postgres_history(postgres_url, ChatFiles(files, tmp_path)))
        return opened[-1]

    yield open_
    for layer in opened:
        await layer.close()


@pytest.fixture
def layer(open_layer: OpenLayer) -> ChatHistory:
    return open_layer()


def tables(url: str) -> dict[str, set[str]]:
    """Each table of the database (any schema) as "schema.table": its columns."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT table_schema, table_name, column_name FROM information_schema.columns"
            " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        ).fetchall()
    found: dict[str, set[str]] = {}
    for schema, table, column in rows:
        found.setdefault(f"{schema}.{table}", set()).add(column)
    return found


# The schema


def test_tables_are_in_the_chat_schema_with_every_field(postgres_url: str) -> None:
    create_postgres_chat_tables(postgres_url)
    create_postgres_chat_tables(postgres_url)  # a second start changes nothing
    found = tables(postgres_url)
    assert set(found) == {
        f"chat.{t}" for t in ("users", "threads", "steps", "elements", "feedbacks")
    }
    assert set(get_type_hints(StepDict)) - {"feedback"} <= found["chat.steps"]
    assert set(get_type_hints(ElementDict)) - {"path"} <= found["chat.elements"]
    assert {f.name for f in dataclasses.fields(Feedback)} <= found["chat.feedbacks"]
    thread_cols = {"id", "createdAt", "name", "userId", "userIdentifier", "tags", "metadata"}
    assert thread_cols <= found["chat.threads"]
    with psycopg.connect(postgres_url) as conn:
        indexes = {
            r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'chat'")
        }
    assert {
        "threads_user",
        "steps_thread",
        "steps_parent",
        "elements_thread",
        "feedbacks_for",
    } <= indexes


def test_instances_starting_together_all_start(postgres_url: str) -> None:
    # Without the lock, concurrent CREATE SCHEMA/TABLE IF NOT EXISTS fail on a unique index.
    start = threading.Barrier(6)
    failures: list[BaseException] = []

    def instance() -> None:
        start.wait()
        try:
            create_postgres_chat_tables(postgres_url)
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=instance) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert "chat.steps" in tables(postgres_url)


async def test_the_settings_choose_postgres(postgres_url: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=SecretStr(postgres_url), store="sqlite")
    prepare_chat_tables(settings)
    assert "chat.threads" in tables(postgres_url) and not settings.chat_db_path.exists()
    layer = open_chat_history(settings, ChatFiles(_no_files, tmp_path))
    try:
        assert layer.engine.dialect.name == "postgresql"
        assert layer.engine.dialect.driver == "psycopg"
        assert await layer.execute_sql("SELECT current_schema() AS s", {}) == [{"s": "chat"}]
    finally:
        await layer.close()


async def _no_files() -> Any:
    raise AssertionError("no file is stored here")


def test_an_unreachable_database_is_one_line_without_the_password(postgres_url: str) -> None:
    bad = postgres_url.replace("tutor@", "tutor:pw-Sekr%21t@").rsplit("/", 1)[0] + "/missing"
    with pytest.raises(DatabaseError) as caught:
        create_postgres_chat_tables(bad)
    message = str(caught.value)
    assert "missing" in message and "\n" not in message
    assert "Sekr" not in message and "pw-" not in message


# Users, threads, steps, elements


async def test_users_threads_and_steps_round_trip(layer: ChatHistory) -> None:
    alice = await new_user(layer, "alice")
    assert alice.metadata == {"role": "learner"}
    again = await layer.create_user(User(identifier="alice", metadata={"role": "teacher"}))
    assert again is not None and again.id == alice.id and again.metadata == {"role": "teacher"}

    thread_id = str(uuid.uuid4())
    enter_chat(thread_id)
    await layer.update_thread(
        thread_id, name="Pythagoras", user_id=alice.id, metadata={"a": 1, "b": 2}, tags=["math"]
    )
    await layer.update_thread(thread_id, metadata={"b": None, "c": [3]}, tags=["math", "geo"])
    ask = say(
        "make a lesson",
        "alice",
        type="user_message",
        tags=["prompt"],
        metadata={"favorite": True},
        command="lesson",
        modes={"model": "offline"},
    )
    await layer.create_step(ask.to_dict())
    tool = Step(
        name="render_scenes",
        type="tool",
        parent_id=ask.id,
        language="python",
        default_open=True,
        auto_collapse=True,
        show_input="json",
        tags=["render"],
        metadata={"scenes": [1, 2]},
    )
    tool.input = {"scenes": [1, 2]}
    tool.output = "rendering…"
    tool.streaming = True
    await layer.create_step(tool.to_dict())
    tool.output, tool.streaming, tool.is_error = "2 scenes rendered", False, True
    await layer.update_step(tool.to_dict())
    await layer.upsert_feedback(Feedback(forId=ask.id, value=1, comment="good"))

    thread = await layer.get_thread(thread_id)
    assert thread is not None
    assert thread["name"] == "Pythagoras" and thread["userIdentifier"] == "alice"
    assert thread["metadata"] == {"a": 1, "c": [3]} and thread["tags"] == ["math", "geo"]
    first, second = thread["steps"]
    assert first["id"] == ask.id and first["output"] == "make a lesson"
    assert first["tags"] == ["prompt"] and first["metadata"] == {"favorite": True}
    assert first["feedback"] is not None and first["feedback"]["comment"] == "good"
    assert second["parentId"] == ask.id and second["output"] == "2 scenes rendered"
    assert second["isError"] is True and second["streaming"] is False
    assert second["showInput"] == "json" and second["language"] == "python"
    assert second["metadata"] == {"scenes": [1, 2]} and second["tags"] == ["render"]
    stored = await layer.execute_sql(
        'SELECT "command", "modes", "defaultOpen", "autoCollapse" FROM steps ORDER BY "createdAt"',
        {},
    )
    assert stored == [
        {
            "command": "lesson",
            "modes": {"model": "offline"},
            "defaultOpen": None,
            "autoCollapse": None,
        },
        {"command": None, "modes": None, "defaultOpen": True, "autoCollapse": True},
    ]
    step = await layer.get_step(tool.id)
    assert step is not None and step["output"] == "2 scenes rendered"
    assert [s["id"] for s in await layer.get_favorite_steps(alice.id)] == [ask.id]
    assert await layer.get_thread_author(thread_id) == "alice"


async def test_elements_uploaded_and_on_our_route(layer: ChatHistory, tmp_path: Path) -> None:
    alice = await new_user(layer, "alice")
    thread_id = await new_thread(layer, alice, "lesson")
    reply = say("Scene 1 is ready")
    await layer.create_step(reply.to_dict())
    poster = tmp_path / "scene1.png"
    poster.write_bytes(b"\x89PNG\r\n\x1a\n")
    uploaded = Image(path=str(poster), name="scene1.png", display="inline", for_id=reply.id)
    # As chat/turn_ui.py shows a clip: a link to our route, kept as that link (no upload).
    clip_url = f"{FILE_ROUTE}/lessons/{alice.id}/scene-1.mp4"
    clip = Video(
        name="scene-1-v1.mp4",
        url=clip_url,
        display="inline",
        for_id=reply.id,
        player_config={"file": {"attributes": {"poster": f"{FILE_ROUTE}/p.png"}}},
    )
    for element in (uploaded, clip):
        await layer.create_element(element)

    thread = await layer.get_thread(thread_id)
    assert thread is not None
    by_name = {e["name"]: e for e in thread["elements"] or []}
    assert set(by_name) == {"scene1.png", "scene-1-v1.mp4"}
    image = by_name["scene1.png"]
    assert image["objectKey"] == f"chat/{alice.id}/{uploaded.id}/scene1.png"
    assert (tmp_path / "blobs" / (image["objectKey"] or "")).read_bytes() == poster.read_bytes()
    video = by_name["scene-1-v1.mp4"]
    assert video["url"] == clip_url and video["objectKey"] is None and video["type"] == "video"
    assert video["playerConfig"] == {"file": {"attributes": {"poster": f"{FILE_ROUTE}/p.png"}}}
    assert video["props"] == {}
    fetched = await layer.get_element(thread_id, clip.id)
    assert fetched is not None and fetched["props"] == {} and fetched["url"] == clip_url

    await layer.delete_element(clip.id, "another thread")  # not that thread's: stays
    assert await layer.get_element(thread_id, clip.id) is not None
    await layer.delete_element(clip.id, thread_id)
    assert await layer.get_element(thread_id, clip.id) is None


# Several app instances on one database


async def test_a_second_instance_sees_lists_renames_and_deletes(open_layer: OpenLayer) -> None:
    first, second = open_layer(), open_layer()
    alice = await new_user(first, "alice")
    bob = await new_user(first, "bob")
    circles = await new_thread(first, alice, "circles", "the unit circle")
    triangles = await new_thread(first, alice, "triangles", "pythagoras")
    bobs = await new_thread(first, bob, "bob's", "pythagoras too")

    assert (await second.get_user("alice")) == alice

    def ids(response: Any) -> list[str]:
        return [t["id"] for t in response.data]

    mine = ThreadFilter(userId=alice.id)
    assert ids(await second.list_threads(Pagination(first=10), mine)) == [triangles, circles]
    page = await second.list_threads(Pagination(first=1), mine)
    assert ids(page) == [triangles] and page.pageInfo.hasNextPage
    search = ThreadFilter(userId=alice.id, search="PYTHAGORAS")
    assert ids(await second.list_threads(Pagination(first=10), search)) == [triangles]
    assert ids(await second.list_threads(Pagination(first=10), ThreadFilter(userId=bob.id))) == [
        bobs
    ]

    await second.update_thread(circles, name="Circles, renamed " + "x" * 200)
    renamed = await first.get_thread(circles)
    assert renamed is not None and renamed["name"] == "Circles, renamed " + "x" * 102 + "…"
    assert renamed["steps"][0]["output"] == "the unit circle"

    await first.delete_thread(triangles)
    assert await second.get_thread(triangles) is None
    assert ids(await second.list_threads(Pagination(first=10), mine)) == [circles]
    with pytest.raises(ValueError, match="Author not found"):
        await second.get_thread_author(triangles)
