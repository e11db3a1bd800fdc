"""Chat turns on a real `tutor worker --turns` process through a real redis-server
(`TUTOR_TURNS=celery`): the lesson is made on the worker, its events reach the app as they
happen, and when the app stops following mid-turn (the tab closed), the lesson still finishes
and another app instance picks the turn up and replays it whole."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agent.settings import Settings
from agent.turn_queue.client import RemoteTurns
from agent.turn_queue.setup import open_turns
from agent.tutor import TurnObserver, TurnOptions, Tutor
from lessons.progress import SceneProgress
from lessons.store.records import User
from tests.app.conftest import free_port
from tests.redis_server import RedisServer
from tests.render_workers import Worker, start_worker, worker_env
from tools.render.queue.status import queue_status

pytestmark = pytest.mark.render

DB = 9  # this module's Redis database
PROMPT = "Make a short lesson on the Pythagorean theorem"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data dir the "app" and the turn worker share (one machine: a shared directory)."""
    return tmp_path_factory.mktemp("shared") / "data"


@pytest.fixture(scope="module")
def turn_worker(
    tmp_path_factory: pytest.TempPathFactory,
    redis_server: RedisServer,
    data_dir: Path,
    index_dir: Path,
) -> Iterator[Worker]:
    root = tmp_path_factory.mktemp("turn-worker")
    env = worker_env(
        root, redis_server.url(DB), data_dir / "cache", index_dir, TUTOR_RENDER_WORKERS="1"
    )
    env = {k: v for k, v in env.items() if not k.startswith("OPENAI_")}  # the offline model
    env["TUTOR_DATA_DIR"] = str(data_dir)
    worker = start_worker(root, env, turns=True)
    yield worker
    worker.stop()


@pytest.fixture
async def app_side(
    redis_server: RedisServer, data_dir: Path, turn_worker: Worker
) -> AsyncIterator[tuple[Tutor, RemoteTurns, Settings]]:
    settings = Settings(data_dir=data_dir, redis_url=redis_server.url(DB), turns="celery")
    tutor = await Tutor.open(settings, docs_mcp=False, keep_warm=False)
    remote = open_turns(settings)
    yield tutor, remote, settings
    await remote.close()
    await tutor.close()


class Seen:
    def __init__(self) -> None:
        self.progress: list[SceneProgress] = []
        self.first = asyncio.Event()

    def observer(self) -> TurnObserver:
        def progress(event: SceneProgress) -> None:
            self.progress.append(event)
            self.first.set()

        return TurnObserver(progress=progress)

    def clips(self) -> dict[int, str]:
        return {p.n: p.clip_key for p in self.progress if p.stage == "done" and p.clip_key}


async def test_a_turn_on_the_worker_goes_on_without_the_app_and_any_instance_follows_it(
    app_side: tuple[Tutor, RemoteTurns, Settings], turn_worker: Worker, redis_server: RedisServer
) -> None:
    tutor, remote, settings = app_side
    user: User = await tutor.user("ada")

    # The app sends the turn and follows it until the first progress, then stops following
    # (the browser tab closed): the turn is not the app's to finish.
    seen_by_a = Seen()
    following = asyncio.create_task(
        remote.turn(user, "chat-1", PROMPT, observer=seen_by_a.observer(), options=TurnOptions())
    )
    await asyncio.wait_for(seen_by_a.first.wait(), 120)
    turn_id = await remote.running(user, "chat-1")
    assert turn_id is not None
    # The operator sees it: `tutor status` lists the turn as running on the turn worker.
    status = await asyncio.to_thread(queue_status, remote.app, remote.config)
    assert [(j.id, j.kind) for j in status.running] == [(turn_id, "turn")], status
    following.cancel()

    # Another instance (a client of its own) finds the conversation's turn and follows it whole.
    other = open_turns(settings)
    try:
        assert await other.running(user, "chat-1") == turn_id
        seen_by_b = Seen()
        result = await asyncio.wait_for(other.follow(turn_id, seen_by_b.observer()), 300)
    finally:
        await other.close()
    assert result.ok, result.reply
    assert result.lesson_id is not None
    view = await tutor.service.view(user, result.lesson_id)
    scenes = [s.n for s in view.scenes]
    assert len(scenes) >= 3
    assert view.all_ok and view.export, view
    # Every scene's clip, and the stitched lesson (n = 0), reached the follower as storage keys.
    assert sorted(seen_by_b.clips()) == [0, *scenes]
    assert seen_by_b.progress[: len(seen_by_a.progress)] == seen_by_a.progress  # same events
    assert await other_running(settings, user) is None  # the turn is over
    log = turn_worker.log.read_text()
    assert f"turn {turn_id[:12]}: started for ada" in log
    assert "Traceback" not in log


async def other_running(settings: Settings, user: User) -> str | None:
    fresh = open_turns(settings)
    try:
        return await fresh.running(user, "chat-1")
    finally:
        await fresh.close()


async def test_an_unreachable_turn_queue_is_a_plain_answer_not_a_hang(tmp_path: Path) -> None:
    """Nothing listens on the port: the turn is refused in seconds, in words, and nothing is
    marked as running."""
    settings = Settings(
        data_dir=tmp_path,
        redis_url=f"redis://:secret-pw@127.0.0.1:{free_port()}/0",
        redis_timeout_s=1,
        turns="celery",
    )
    remote = open_turns(settings)
    user = User(id="u1", name="ada", created_at=datetime.now(UTC))
    try:
        result = await asyncio.wait_for(
            remote.turn(user, "chat-1", PROMPT, observer=TurnObserver(), options=TurnOptions()),
            30,
        )
        assert await remote.running(user, "chat-1") is None
    finally:
        await remote.close()
    assert not result.ok and result.lesson_id is None
    assert "turn queue" in result.reply and "cannot be reached" in result.reply, result.reply
    assert "secret-pw" not in result.reply
