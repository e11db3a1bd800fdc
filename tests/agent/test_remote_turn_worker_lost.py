"""A turn worker SIGKILLed in the middle of a lesson: the turn is delivered again to the other
turn worker, which finishes the lesson (not a second one), and the app following the turn sees
it end. Real redis-server, real `tutor worker --turns` processes, real renders."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import cast

import pytest
import redis

from agent.offline import OfflineLessonModel
from agent.settings import Settings
from agent.turn_queue.client import RemoteTurns
from agent.turn_queue.events import progress_event
from agent.turn_queue.log import TurnWriter
from agent.turn_queue.setup import open_turns
from agent.turn_queue.worker import TurnHost, run_turn
from agent.tutor import TurnObserver, TurnOptions, Tutor
from lessons.progress import SceneProgress
from tests.agent.conftest import OpenTutor
from tests.redis_server import RedisServer
from tests.render_workers import Worker, start_worker, worker_env
from tools.render.queue.status import queue_status

pytestmark = pytest.mark.render

DB = 8  # this module's Redis database
PROMPT = "Make a short lesson on the Pythagorean theorem"
VISIBILITY_S = "20"  # a dead worker's turn is delivered again this soon


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("shared") / "data"


@pytest.fixture(scope="module")
def turn_workers(
    tmp_path_factory: pytest.TempPathFactory,
    redis_server: RedisServer,
    data_dir: Path,
    index_dir: Path,
) -> Iterator[list[Worker]]:
    started: list[Worker] = []
    for n in (1, 2):
        root = tmp_path_factory.mktemp(f"turn-worker-{n}")
        env = worker_env(
            root,
            redis_server.url(DB),
            data_dir / "cache",
            index_dir,
            TUTOR_RENDER_WORKERS="1",
            # One warm sandbox, not a lesson's worth: the lesson must still be under way when
            # the test kills its worker after the first clip.
            TUTOR_RENDER_WARM_SANDBOXES="1",
            TUTOR_RENDER_VISIBILITY_TIMEOUT_S=VISIBILITY_S,
        )
        env = {k: v for k, v in env.items() if not k.startswith("OPENAI_")}
        env["TUTOR_DATA_DIR"] = str(data_dir)
        started.append(start_worker(root, env, turns=True))
    yield started
    for worker in started:
        worker.stop()


@pytest.fixture
async def app_side(
    redis_server: RedisServer, data_dir: Path, turn_workers: list[Worker]
) -> AsyncIterator[tuple[Tutor, RemoteTurns]]:
    settings = Settings(
        data_dir=data_dir,
        redis_url=redis_server.url(DB),
        turns="celery",
        render_visibility_timeout_s=float(VISIBILITY_S),
    )
    tutor = await Tutor.open(settings, docs_mcp=False, keep_warm=False)
    remote = open_turns(settings)
    yield tutor, remote
    await remote.close()
    await tutor.close()


async def test_a_turn_whose_worker_dies_is_finished_by_the_other_worker(
    app_side: tuple[Tutor, RemoteTurns], turn_workers: list[Worker]
) -> None:
    tutor, remote = app_side
    user = await tutor.user("ada")
    first_clip = asyncio.Event()

    def progress(event: SceneProgress) -> None:
        if event.stage == "done" and event.n > 0:
            first_clip.set()

    turn = asyncio.create_task(
        remote.turn(
            user,
            "chat-1",
            "Make a short lesson on the Pythagorean theorem",
            observer=TurnObserver(progress=progress),
            options=TurnOptions(),
        )
    )
    await asyncio.wait_for(first_clip.wait(), 180)
    status = await asyncio.to_thread(queue_status, remote.app, remote.config)
    [running] = [job for job in status.running if job.kind == "turn"]
    pid = int(running.worker.split("@")[0].rsplit("-", 1)[1])  # tutor-<pid>@<host>
    [doomed] = [w for w in turn_workers if w.pid == pid]
    [survivor] = [w for w in turn_workers if w.pid != pid]
    doomed.kill()

    result = await asyncio.wait_for(turn, 300)
    assert result.ok, result.reply
    assert result.lesson_id is not None
    view = await tutor.service.view(user, result.lesson_id)
    assert view.all_ok and view.export, view
    assert len(await tutor.service.lessons(user)) == 1  # finished, not planned again
    for scene in view.scenes:
        versions = await tutor.service.versions(user, result.lesson_id, scene.n)
        assert [v.status for v in versions] == ["ok"], (scene.n, versions)
    log = survivor.log.read_text()
    assert "started for ada" in log and "Traceback" not in log, log[-3000:]


class _Host:
    """What `run_turn` needs of a worker's host: its Tutor."""

    def __init__(self, tutor: Tutor) -> None:
        self._tutor = tutor

    async def tutor(self) -> Tutor:
        return self._tutor


async def test_a_turn_delivered_again_after_its_last_render_finishes_that_lesson(
    redis_server: RedisServer, open_tutor: OpenTutor
) -> None:
    """The first delivery rendered every scene, then died (while stitching, say): the second
    finishes that lesson and does not plan another, although no scene is left to render."""
    tutor = await open_tutor(OfflineLessonModel())
    user = await tutor.user("ada")
    made = await tutor.turn(user, "chat-9", PROMPT)
    assert made.lesson_id is not None
    writer = TurnWriter(redis.Redis.from_url(redis_server.url(DB)), f"again-{time.time_ns()}")
    scene = SceneProgress(made.lesson_id, 5, "The last scene", "done", 1)
    writer.append(progress_event(scene))  # what the first delivery wrote before it died

    host = cast(TurnHost, _Host(tutor))  # run_turn asks its host for the Tutor only
    again = await run_turn(host, writer, "ada", "chat-9", PROMPT, None, TurnOptions())

    assert again.ok and again.lesson_id == made.lesson_id, again
    assert [lesson.id for lesson in await tutor.service.lessons(user)] == [made.lesson_id]
    assert (await tutor.service.view(user, made.lesson_id)).export
