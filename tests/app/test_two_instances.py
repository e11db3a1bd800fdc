"""Two app instances on one PostgreSQL, one Redis and one S3 bucket, with a turn worker
(`TUTOR_TURNS=celery`): a lesson started on A goes on when its tab closes, finishes before the
user's eyes on B, is edited on B and undone on A. Real servers (PostgreSQL, redis-server, an S3
API), a real turn worker, real renders, real Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import AppServer
from tests.app.test_chat_app import (
    PLAYABLE,
    clips,
    has_clip,
    lesson_count_at_least,
    login,
    send,
    wait_until,
)
from tests.app.test_resume_after_crash import tutor
from tests.json_logs import json_lines, who_logged
from tests.postgres_server import PostgresServer
from tests.redis_server import RedisServer
from tests.render_workers import Worker, start_worker, worker_env
from tests.s3_server import CREDENTIALS, S3Server

pytestmark = [pytest.mark.render, pytest.mark.browser]

DB = 7  # this module's Redis database


@pytest.fixture(scope="module")
def shared(
    tmp_path_factory: pytest.TempPathFactory,
    redis_server: RedisServer,
    postgres_server: PostgresServer,
    s3_server: S3Server,
    index_dir: Path,
) -> Iterator[tuple[AppServer, AppServer, Worker]]:
    """Instances A and B and one turn worker, each with a data dir of its own (as on three
    machines), sharing one PostgreSQL database, one Redis and one S3 bucket."""
    if not s3_server.running:
        s3_server.start()
    common = {
        **CREDENTIALS,
        "TUTOR_DATABASE_URL": postgres_server.create_database("ab"),
        "TUTOR_REDIS_URL": redis_server.url(DB),
        "TUTOR_TURNS": "celery",
        "TUTOR_STORAGE": "s3",
        "TUTOR_S3_BUCKET": s3_server.new_bucket(),
        "TUTOR_S3_ENDPOINT_URL": s3_server.url,
        "CHAINLIT_AUTH_SECRET": "ab-test-secret-" + "x" * 40,  # one login for every instance
        "TUTOR_LOG_FORMAT": "json",
    }
    root = tmp_path_factory.mktemp("two-instances")
    env = worker_env(root / "worker", redis_server.url(DB), root / "worker-cache", index_dir)
    env = {k: v for k, v in env.items() if not k.startswith("OPENAI_")}  # the offline model
    worker = start_worker(root / "worker", {**env, **common}, turns=True)
    instances = []
    for name in ("a", "b"):
        data = root / name
        data.mkdir()
        (data / "api-index").symlink_to(index_dir, target_is_directory=True)
        instances.append(AppServer(data, extra_env=dict(common)))
    a, b = instances
    a.start()  # A first: it makes the database's tables, B finds them made
    b.start()
    yield a, b, worker
    a.stop()
    b.stop()
    worker.stop()


async def open_thread(browser: Any, server: AppServer, thread_path: str) -> Any:
    page = await browser.new_page(viewport={"width": 1280, "height": 1000})
    await login(page, server, "ada")
    await page.goto(server.url + thread_path)
    return page


async def test_a_lesson_started_on_a_finishes_on_b_is_edited_on_b_and_reverted_on_a(
    shared: tuple[AppServer, AppServer, Worker], browser: Any, screens: Path
) -> None:
    a, b, worker = shared
    page = await browser.new_page(viewport={"width": 1280, "height": 1000})
    await login(page, a, "ada")
    starter = page.get_by_text("Pythagorean theorem", exact=True)
    await starter.wait_for(timeout=30_000)
    await starter.click()
    await wait_until(page, "found.length >= 1", 240)  # the first clip: the rest is under way
    thread_path = "/thread/" + page.url.split("/thread/")[1]
    shown_on_a = len(clips(await wait_until(page, "true")))
    await page.screenshot(path=screens / "ab-01-started-on-a.png", full_page=True)
    await page.close()  # the tab closes: the lesson goes on, on the worker

    page = await open_thread(browser, b, thread_path)
    finished = await wait_until(page, f"{lesson_count_at_least(1)} && {PLAYABLE}", 300)
    scenes = clips(finished)
    await page.screenshot(path=screens / "ab-02-finished-on-b.png", full_page=True)
    # Every scene once, version 1: what A showed is history, the rest arrived live on B.
    assert sorted(scenes) == [(n, 1) for n in range(1, len(scenes) + 1)], scenes
    assert len(scenes) >= 3 and shown_on_a < len(scenes), (shown_on_a, scenes)

    await page.locator("#chat-settings-open-modal").wait_for(timeout=30_000)
    await send(page, "change scene 2 to use red")
    await wait_until(page, f"{has_clip(2, 2)} && {lesson_count_at_least(2)}", 240)
    await page.screenshot(path=screens / "ab-03-edited-on-b.png", full_page=True)
    await page.close()

    page = await open_thread(browser, a, thread_path)
    await wait_until(page, has_clip(2, 2), 60)  # B's edit is in the history A shows
    await page.locator("#chat-settings-open-modal").wait_for(timeout=30_000)
    await send(page, "undo that")
    await wait_until(page, f"{has_clip(2, 1)} && {lesson_count_at_least(3)}", 240)
    await page.screenshot(path=screens / "ab-04-reverted-on-a.png", full_page=True)
    await page.close()

    [lesson] = tutor(a, "lessons")
    shown = tutor(b, "show", lesson["lesson"])
    assert [s["version"] for s in shown["scenes"]][:2] == [1, 1], shown  # scene 2 is back at v1
    assert all(s["status"] == "ok" for s in shown["scenes"]), shown
    for instance in (a, b):  # lessons, chat history and memory are all in PostgreSQL
        assert not list(instance.data_dir.glob("*.db")), list(instance.data_dir.iterdir())
    log = worker.log.read_text()
    assert log.count(": started for ada") == 3 and "Traceback" not in log, log[-3000:]
    # Each chat turn's id follows it from A or B to the worker's turn, agent and sandbox.
    lines = json_lines(a.log, b.log, worker.log)
    said = sorted(
        (line["ts"], line["cid"]) for line in lines if line["event"].startswith("chat turn")
    )
    turns = [cid for _, cid in said]
    assert len(set(turns)) == 3, said
    for n, cid in enumerate(turns):
        renders = {("worker", "tools.render.scene_runner")} if n < 2 else set()  # undo: none
        assert who_logged(lines, cid) >= {
            ("app", "chat.turns"),
            ("worker", "agent.turn_queue.worker"),
            ("worker", "agent.tutor"),
            *renders,
        }, (n, cid)
