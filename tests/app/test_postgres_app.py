"""The chat app with TUTOR_DATABASE_URL: its chat history and the agent's memory are in
PostgreSQL (schemas `chat` and `agent`), not in the data dir, and outlive a restart.

The lesson store stays SQLite here (TUTOR_STORE=sqlite): this is about the chat and the memory.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import psycopg

from tests.app.chat_socket import ChatSocket
from tests.app.conftest import PASSWORDS, AppServer
from tests.app.http import login_token, request


def threads(server: AppServer, token: str) -> list[dict[str, Any]]:
    body = {"pagination": {"first": 20}, "filter": {}}
    answer = request(server, "POST", "/project/threads", token=token, body=body)
    assert answer.status == 200, (answer.status, answer.body[:300])
    return answer.json()["data"]


def stored_steps(server: AppServer, token: str, thread_id: str, count: int) -> list[str]:
    """The outputs of a thread's messages, once `count` are stored (Chainlit stores in tasks)."""
    deadline = time.monotonic() + 20
    while True:
        answer = request(server, "GET", f"/project/thread/{thread_id}", token=token)
        steps = answer.json()["steps"] if answer.status == 200 else []
        if len(steps) >= count or time.monotonic() > deadline:
            return [s["output"] for s in steps]
        time.sleep(0.2)


def memory_items(url: str) -> list[tuple[str, int]]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT session_id, COUNT(*) FROM agent.agent_messages GROUP BY session_id"
        ).fetchall()


def test_a_thread_and_its_memory_outlive_a_restart(
    postgres_url: str, tmp_path: Path, index_dir: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    env = {"TUTOR_DATABASE_URL": postgres_url, "TUTOR_STORE": "sqlite"}
    server = AppServer(data, extra_env=env)
    server.start()
    try:
        token = login_token(server, "ada", PASSWORDS["ada"])

        async def first_chat() -> str:
            async with ChatSocket(server, token) as tab:
                await tab.turn("hello")
                return tab.thread_id

        thread_id = asyncio.run(first_chat())
        assert len(stored_steps(server, token, thread_id, 2)) >= 2
        renamed = request(
            server, "PUT", "/project/thread", token=token,
            body={"threadId": thread_id, "name": "Kept in PostgreSQL"},
        )  # fmt: skip
        assert renamed.status == 200, renamed.body[:300]
        [(key, before)] = memory_items(postgres_url)

        server.stop()
        server.start()

        token = login_token(server, "ada", PASSWORDS["ada"])
        listed = threads(server, token)
        assert [(t["id"], t["name"]) for t in listed] == [(thread_id, "Kept in PostgreSQL")]
        outputs = stored_steps(server, token, thread_id, 2)
        assert "hello" in outputs, outputs

        async def resumed_chat() -> None:
            async with ChatSocket(server, token, thread_id) as tab:
                await tab.seen("resume_thread")
                await tab.turn("hello again")

        asyncio.run(resumed_chat())
        assert "hello again" in stored_steps(server, token, thread_id, 4)
        # The same conversation's memory grew: the restarted app continued it.
        [(same_key, after)] = memory_items(postgres_url)
        assert same_key == key and key.endswith(":" + thread_id) and after > before
    finally:
        server.stop()
    # Nothing of the chat or the memory went to the data dir.
    assert not list(data.glob("chat.db*")) and not list(data.glob("conversations.db*"))
