"""Chat history on SQLite: Chainlit's own SQLAlchemyDataLayer against the tables we create.

The data layer logs and swallows every SQL error, so a missing column shows up only as a
message that is never stored. Each test here turns those warnings into failures.
"""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, get_type_hints

import pytest
from chainlit.context import ChainlitContext, context_var
from chainlit.data import sql_alchemy
from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.element import ElementDict, Image, Video
from chainlit.message import Message
from chainlit.session import HTTPSession
from chainlit.step import Step, StepDict
from chainlit.types import Feedback, Pagination, ThreadFilter
from chainlit.user import PersistedUser, User
from chainlit.utils import utc_now
from sqlalchemy import event

from agent.settings import Settings
from chat.files import FILE_ROUTE, ChatFiles
from chat.history import chat_db_url, create_chat_tables, open_history
from tools.storage.local import LocalStorage


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "chat.db"
    create_chat_tables(path)
    return path


@pytest.fixture
async def layer(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[SQLAlchemyDataLayer]:
    def fail(message: str, *args: object, **kwargs: object) -> None:
        raise AssertionError(f"the data layer swallowed an error: {message}")

    monkeypatch.setattr(sql_alchemy.logger, "warning", fail)
    blobs = LocalStorage(tmp_path / "blobs")

    class Files:  # what ChatFiles asks of the lesson service, on local storage
        async def put_file(self, key: str, source: Path, content_type: str) -> None:
            await blobs.put(key, source, content_type)

        async def delete_file(self, key: str) -> None:
            await blobs.delete(key)

    async def files() -> Files:
        return Files()

    data_layer = open_history(db, ChatFiles(files, tmp_path))
    yield data_layer
    await data_layer.close()


def enter_chat(thread_id: str) -> None:
    """A Chainlit context outside a running app: step and element writes need one.

    They are wrapped by `queue_until_user_message`, which reads `context.session` (and
    queues instead of writing when it is a websocket session awaiting its first message);
    an HTTP session writes at once. Message and Step also take their thread from it.
    """
    session = HTTPSession(id=str(uuid.uuid4()), client_type="webapp", thread_id=thread_id)
    context_var.set(ChainlitContext(session))


async def new_user(layer: SQLAlchemyDataLayer, name: str) -> PersistedUser:
    user = await layer.create_user(User(identifier=name, metadata={"role": "learner"}))
    assert user is not None
    return user


async def new_thread(
    layer: SQLAlchemyDataLayer, user: PersistedUser, name: str, *messages: str
) -> str:
    thread_id = str(uuid.uuid4())
    enter_chat(thread_id)
    await layer.update_thread(thread_id, name=name, user_id=user.id)
    for text in messages:
        await layer.create_step(say(text, user.identifier).to_dict())
    return thread_id


def say(text: str, author: str = "Tutor", **kw: Any) -> Message:
    # Message.send() stamps created_at; these messages are persisted without sending.
    return Message(content=text, author=author, created_at=utc_now(), **kw)


def columns(db: Path, table: str) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


# The schema


def test_every_field_chainlit_writes_has_a_column(db: Path) -> None:
    # A Chainlit upgrade adding a field (as autoCollapse and modes were) fails here, not
    # silently in production.
    assert set(get_type_hints(StepDict)) - {"feedback"} <= columns(db, "steps")
    assert set(get_type_hints(ElementDict)) - {"path"} <= columns(db, "elements")
    assert {f.name for f in dataclasses.fields(Feedback)} <= columns(db, "feedbacks")
    assert {"id", "identifier", "metadata", "createdAt"} <= columns(db, "users")
    thread_cols = {"id", "createdAt", "name", "userId", "userIdentifier", "tags", "metadata"}
    assert thread_cols <= columns(db, "threads")


def test_tables_are_created_once_with_indexes_and_wal(db: Path) -> None:
    create_chat_tables(db)  # a second start changes nothing
    with sqlite3.connect(db) as conn:
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        plan = conn.execute(
            """EXPLAIN QUERY PLAN SELECT * FROM threads WHERE "userId" = 'u'"""
        ).fetchall()
    assert {"threads_user", "steps_thread", "elements_thread"} <= indexes
    assert "threads_user" in str(plan)


def test_url_and_path(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "odd #dir?")
    assert settings.chat_db_path == settings.data_dir / "chat.db"
    url = chat_db_url(settings.chat_db_path)
    assert url.startswith("sqlite+aiosqlite:////")
    from sqlalchemy import make_url

    assert make_url(url).database == str(settings.chat_db_path.resolve())


# Users and threads


async def test_users(layer: SQLAlchemyDataLayer) -> None:
    alice = await new_user(layer, "alice")
    assert alice.identifier == "alice" and alice.metadata == {"role": "learner"}
    again = await layer.create_user(User(identifier="alice", metadata={"role": "teacher"}))
    assert again is not None and again.id == alice.id
    assert again.metadata == {"role": "teacher"}
    assert await layer.get_user("nobody") is None


async def test_thread_name_user_metadata_and_tags(layer: SQLAlchemyDataLayer) -> None:
    alice = await new_user(layer, "alice")
    thread_id = str(uuid.uuid4())
    await layer.update_thread(
        thread_id, name="Pythagoras", user_id=alice.id, metadata={"a": 1, "b": 2}, tags=["math"]
    )
    await layer.update_thread(thread_id, metadata={"b": None, "c": [3]}, tags=["math", "geo"])
    thread = await layer.get_thread(thread_id)
    assert thread is not None
    assert thread["name"] == "Pythagoras" and thread["userIdentifier"] == "alice"
    # JSON columns come back as values, as PostgreSQL's would; None deletes a metadata key.
    assert thread["metadata"] == {"a": 1, "c": [3]}
    assert thread["tags"] == ["math", "geo"]
    assert await layer.get_thread_author(thread_id) == "alice"


# Steps and elements


async def test_steps_keep_every_field(layer: SQLAlchemyDataLayer) -> None:
    alice = await new_user(layer, "alice")
    thread_id = await new_thread(layer, alice, "lesson")
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
    tool.output = "2 scenes rendered"
    tool.streaming = False
    tool.is_error = True
    await layer.update_step(tool.to_dict())

    thread = await layer.get_thread(thread_id)
    assert thread is not None
    first, second = thread["steps"]
    assert first["id"] == ask.id and first["output"] == "make a lesson"
    assert first["tags"] == ["prompt"] and first["metadata"] == {"favorite": True}
    assert second["parentId"] == ask.id and second["output"] == "2 scenes rendered"
    assert second["isError"] is True and second["streaming"] is False
    assert second["input"] == '{\n    "scenes": [\n        1,\n        2\n    ]\n}'
    assert second["showInput"] == "json" and second["language"] == "python"
    assert second["metadata"] == {"scenes": [1, 2]} and second["tags"] == ["render"]
    with sqlite3.connect(layer.engine.url.database or "") as conn:
        stored = conn.execute(
            'SELECT "command", "modes", "defaultOpen", "autoCollapse" FROM steps WHERE id = ?',
            (ask.id,),
        ).fetchone()
        flags = conn.execute(
            'SELECT "defaultOpen", "autoCollapse" FROM steps WHERE id = ?', (tool.id,)
        ).fetchone()
    assert stored == ("lesson", '{"model": "offline"}', None, None)
    assert flags == (1, 1)
    step = await layer.get_step(tool.id)
    assert step is not None and step["output"] == "2 scenes rendered"
    assert [s["id"] for s in await layer.get_favorite_steps(alice.id)] == [ask.id]


async def test_elements_with_a_path_are_stored_and_come_back(
    layer: SQLAlchemyDataLayer, tmp_path: Path
) -> None:
    alice = await new_user(layer, "alice")
    thread_id = await new_thread(layer, alice, "lesson")
    reply = say("Scene 1 is ready")
    await layer.create_step(reply.to_dict())
    clip = tmp_path / "scene1.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42 not a real video")
    poster = tmp_path / "scene1.png"
    poster.write_bytes(b"\x89PNG\r\n\x1a\n")
    video = Video(
        path=str(clip),
        name="scene1.mp4",
        display="inline",
        for_id=reply.id,
        mime="video/mp4",
        player_config={"controls": True},
    )
    image = Image(path=str(poster), name="scene1.png", display="inline", for_id=reply.id)
    orphan = Image(path=str(poster), name="orphan.png")  # no message: the layer skips it
    for element in (video, image, orphan):
        await layer.create_element(element)

    thread = await layer.get_thread(thread_id)
    assert thread is not None
    by_name = {e["name"]: e for e in thread["elements"]}
    assert set(by_name) == {"scene1.mp4", "scene1.png"}
    stored = by_name["scene1.mp4"]
    assert stored["type"] == "video" and stored["mime"] == "video/mp4"
    assert stored["forId"] == reply.id and stored["display"] == "inline"
    key = stored["objectKey"]
    assert key == f"chat/{alice.id}/{video.id}/scene1.mp4"
    assert stored["url"] == f"{FILE_ROUTE}/{key}"
    assert (tmp_path / "blobs" / key).read_bytes() == clip.read_bytes()
    # get_element json.loads() props itself: a NULL there would raise, hence the default.
    fetched = await layer.get_element(thread_id, video.id)
    assert fetched is not None and fetched["props"] == {}
    assert fetched["playerConfig"] == {"controls": True}


async def test_concurrent_writes_all_land(layer: SQLAlchemyDataLayer) -> None:
    # Chainlit persists each message in its own task; SQLite must serialise, not drop, them.
    alice = await new_user(layer, "alice")
    thread_id = await new_thread(layer, alice, "busy")
    messages = [say(f"m{i}") for i in range(30)]
    await asyncio.gather(*(layer.create_step(m.to_dict()) for m in messages))
    thread = await layer.get_thread(thread_id)
    assert thread is not None and len(thread["steps"]) == 30


# The sidebar


async def test_list_threads_pages_filters_and_scopes_by_user(layer: SQLAlchemyDataLayer) -> None:
    alice, bob = await new_user(layer, "alice"), await new_user(layer, "bob")
    oldest = await new_thread(layer, alice, "circles", "the unit circle")
    middle = await new_thread(layer, alice, "slopes", "the derivative")
    newest = await new_thread(layer, alice, "triangles", "pythagoras")
    bobs = await new_thread(layer, bob, "bob's", "pythagoras too")
    thread = await layer.get_thread(middle)
    assert thread is not None
    await layer.upsert_feedback(Feedback(forId=thread["steps"][0]["id"], value=1))

    def ids(response: Any) -> list[str]:
        return [t["id"] for t in response.data]

    mine = ThreadFilter(userId=alice.id)
    page1 = await layer.list_threads(Pagination(first=2), mine)
    assert ids(page1) == [newest, middle] and page1.pageInfo.hasNextPage
    page2 = await layer.list_threads(Pagination(first=2, cursor=page1.pageInfo.endCursor), mine)
    assert ids(page2) == [oldest] and not page2.pageInfo.hasNextPage
    search = ThreadFilter(userId=alice.id, search="PYTHAGORAS")
    assert ids(await layer.list_threads(Pagination(first=10), search)) == [newest]
    liked = ThreadFilter(userId=alice.id, feedback=1)
    assert ids(await layer.list_threads(Pagination(first=10), liked)) == [middle]
    theirs = await layer.list_threads(Pagination(first=10), ThreadFilter(userId=bob.id))
    assert ids(theirs) == [bobs]


async def test_delete_thread_removes_rows_and_files(
    layer: SQLAlchemyDataLayer, tmp_path: Path
) -> None:
    alice = await new_user(layer, "alice")
    thread_id = await new_thread(layer, alice, "to delete", "hello")
    thread = await layer.get_thread(thread_id)
    assert thread is not None
    step_id = thread["steps"][0]["id"]
    await layer.upsert_feedback(Feedback(forId=step_id, value=0, comment="meh"))
    poster = tmp_path / "p.png"
    poster.write_bytes(b"\x89PNG\r\n\x1a\n")
    await layer.create_element(Image(path=str(poster), name="p.png", for_id=step_id))
    blobs = list((tmp_path / "blobs").rglob("p.png"))
    assert len(blobs) == 1

    await layer.delete_thread(thread_id)
    assert await layer.get_thread(thread_id) is None
    assert not blobs[0].exists()
    with sqlite3.connect(layer.engine.url.database or "") as conn:
        for table in ("threads", "steps", "elements", "feedbacks"):
            assert conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
    with pytest.raises(ValueError, match="Author not found"):
        await layer.get_thread_author(thread_id)


async def test_step_writes_ask_for_their_thread_once(layer: SQLAlchemyDataLayer) -> None:
    """A step write makes sure its thread exists; once the thread is found, later writes of
    its steps do not ask again. A deleted thread is asked for (and made) afresh."""
    statements: list[str] = []
    listen = sql_alchemy_events(layer, statements)
    alice = await new_user(layer, "alice")
    thread_id = await new_thread(layer, alice, "steps")
    with listen:
        for text in ("first", "second", "third"):
            await layer.create_step(say(text, "alice").to_dict())
    asked = [s for s in statements if "FROM threads" in s]
    assert len(asked) == 1, asked  # the first of the three found it; the others did not ask
    assert sum(s.lstrip().startswith("INSERT INTO steps") for s in statements) == 3
    thread = await layer.get_thread(thread_id)
    assert thread is not None and len(thread["steps"]) == 3

    await layer.delete_thread(thread_id)
    await layer.create_step(say("after", "alice").to_dict())
    remade = await layer.get_thread(thread_id)
    assert remade is not None and [s["output"] for s in remade["steps"]] == ["after"]


class sql_alchemy_events:
    """Records the SQL statements the layer's engine runs while in the `with` block."""

    def __init__(self, layer: SQLAlchemyDataLayer, into: list[str]) -> None:
        self._engine, self._into = layer.engine.sync_engine, into

    def _record(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        self._into.append(statement)

    def __enter__(self) -> None:
        event.listen(self._engine, "before_cursor_execute", self._record)

    def __exit__(self, *_: object) -> None:
        event.remove(self._engine, "before_cursor_execute", self._record)
