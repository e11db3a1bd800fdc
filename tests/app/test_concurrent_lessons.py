"""Many lessons at once in the running app: none loses a scene, users share the renderer fairly,
and the render work dirs are cleaned up (stale ones at start, warm ones at a clean stop).

The real server, the offline model and real renders; ten chats over Chainlit's own socket.io
protocol (as ten browser tabs would speak it), all in flight together.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app.chat_socket import ChatSocket
from tests.app.conftest import PASSWORDS, ROOT, AppServer
from tests.app.http import login_token
from tools.check import ApiIndex

pytestmark = pytest.mark.render

ADA_LESSONS = 9
TOPICS = [
    "photosynthesis", "plate tectonics", "the water cycle", "supply and demand", "prime numbers",
    "the French revolution", "black holes", "vaccines", "binary search", "the Roman empire",
]  # fmt: skip


def dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, index_dir: Path, api_index: ApiIndex
) -> Iterator[AppServer]:
    data = tmp_path_factory.mktemp("app-data")
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)  # built by api_index
    app = AppServer(data)
    app.add_user("bob")
    # What a killed app leaves behind: a render work dir and its log, named after its pid.
    stale = data / "work" / f"render-{dead_pid()}-k1lled"
    (stale / "media").mkdir(parents=True)
    (stale / "media" / "partial.mp4").write_bytes(b"\0" * 1024)
    stale.with_suffix(".log").write_text("killed mid-render\n")
    app.start()
    yield app
    app.stop()


def work_entries(server: AppServer) -> list[str]:
    work = server.data_dir / "work"
    return sorted(p.name for p in work.iterdir()) if work.exists() else []


def tutor_json(server: AppServer, user: str, *args: str) -> Any:
    """A `tutor ... --json` command as `user`, on the running app's data dir."""
    out = subprocess.run(
        [sys.executable, "-m", "agent.cli", *args, "--json"],
        capture_output=True, text=True, env={**server.env(), "TUTOR_USER": user}, cwd=ROOT,
        timeout=120,
    )  # fmt: skip
    assert out.stdout, out.stderr
    return json.loads(out.stdout)


def test_work_dirs_of_a_killed_process_are_removed_at_start(server: AppServer) -> None:
    assert not [name for name in work_entries(server) if "k1lled" in name]


async def test_ten_lessons_at_once_lose_no_scene_and_share_the_renderer_fairly(
    server: AppServer,
) -> None:
    tokens = {user: login_token(server, user, PASSWORDS[user]) for user in ("ada", "bob")}
    finished: list[str] = []

    async def lesson(chat: ChatSocket, who: str, topic: str) -> None:
        await chat.turn(f"Make a short lesson on {topic}", timeout_s=900)
        finished.append(who)

    chats = [ChatSocket(server, tokens["ada"]) for _ in range(ADA_LESSONS)]
    bob_chat = ChatSocket(server, tokens["bob"])
    for chat in [*chats, bob_chat]:
        await chat.__aenter__()
    try:
        ada = [
            asyncio.create_task(lesson(chat, f"ada-{i}", topic))
            for i, (chat, topic) in enumerate(zip(chats, TOPICS, strict=False))
        ]
        await asyncio.sleep(4)  # ada's lessons are planned and their renders queued
        bob = asyncio.create_task(lesson(bob_chat, "bob", TOPICS[-1]))
        await asyncio.gather(*ada, bob)
    finally:
        for chat in [*chats, bob_chat]:
            await chat.__aexit__(None, None, None)

    shown = json.dumps([chat.events for chat in [*chats, bob_chat]], ensure_ascii=False)
    assert "could not be saved" not in shown
    assert "An error occurred while running the tool" not in shown
    log = (server.log or Path()).read_text(errors="replace")
    if "failed because of an internal error" in shown or " failed\n" in log:
        assert "Traceback" in log, "a tool failed without its traceback in the log"

    for user, count in (("ada", ADA_LESSONS), ("bob", 1)):
        lessons = tutor_json(server, user, "lessons")
        assert len(lessons) == count, lessons
        for listed in lessons:
            shown_lesson = tutor_json(server, user, "show", listed["lesson"])
            assert shown_lesson["scenes"], shown_lesson
            for scene in shown_lesson["scenes"]:
                assert scene["version"] is not None, (user, shown_lesson)
                assert scene["status"] == "ok", (user, shown_lesson)

    # bob's one lesson was not stuck behind all of ada's: it finished before most of them.
    assert finished.index("bob") < ADA_LESSONS // 2, finished


def test_a_clean_stop_leaves_no_work_dirs(server: AppServer) -> None:
    deadline = time.monotonic() + 60
    while not work_entries(server) and time.monotonic() < deadline:
        time.sleep(0.2)  # the idle app warms sandboxes up again for the next request
    assert work_entries(server), "the app keeps warm sandboxes when idle"
    server.stop()
    assert work_entries(server) == []
