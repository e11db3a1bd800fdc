"""Real `tutor worker` processes for the tests and benchmarks: each with a data dir of its
own and the render cache shared with the app (a shared directory, as on several machines)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tools.render.queue.celery_app import QueueConfig, make_celery
from tools.render.queue.status import queue_status


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        """SIGKILL: no goodbye, no acknowledgement of the job in hand."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def worker_env(
    root: Path, redis_url: str, shared_cache: Path, index_dir: Path, **extra: str
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTOR_")}
    data = root / "data"
    data.mkdir(parents=True, exist_ok=True)
    if not (data / "api-index").exists():
        (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    env.update(
        TUTOR_DATA_DIR=str(data),
        TUTOR_REDIS_URL=redis_url,
        TUTOR_RENDER_CACHE_DIR=str(shared_cache),
        TUTOR_RENDER_TIMEOUT_S="90",
        **extra,
    )
    return env


def start_worker(
    root: Path, env: dict[str, str], concurrency: int = 1, *, turns: bool = False
) -> Worker:
    """A `tutor worker` process (`turns`: one running chat turns instead of renders)."""
    root.mkdir(parents=True, exist_ok=True)
    log = root / "worker.log"
    argv = [sys.executable, "-m", "agent.cli", "worker", "--concurrency", str(concurrency)]
    with log.open("ab") as out:
        process = subprocess.Popen(
            argv + (["--turns"] if turns else []),
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return Worker(process, log)


def wait_for_workers(config: QueueConfig, count: int, timeout_s: float = 60.0) -> list[str]:
    """The names of the workers answering, once `count` of them do."""
    app = make_celery(config)
    try:
        deadline = time.monotonic() + timeout_s
        names: list[str] = []
        while time.monotonic() < deadline:
            names = [w.name for w in queue_status(app, config, wait_s=0.5).workers]
            if len(names) >= count:
                return names
            time.sleep(0.3)
        raise AssertionError(f"{count} render workers expected, {len(names)} answered")
    finally:
        app.close()


@contextmanager
def two_workers(
    root: Path, config: QueueConfig, shared_cache: Path, index_dir: Path, **extra: str
) -> Generator[list[Worker]]:
    """Two render workers on `config`'s queue, sharing one render cache; both answering when
    this yields, both stopped (even a half-made pair) when it ends."""
    started: list[Worker] = []
    try:
        for n in (1, 2):
            env = worker_env(
                root / f"w{n}",
                config.redis_url,
                shared_cache,
                index_dir,
                TUTOR_RENDER_VISIBILITY_TIMEOUT_S=str(config.visibility_timeout_s),
                **extra,
            )
            started.append(start_worker(root / f"w{n}", env))
        wait_for_workers(config, 2)
        yield started
    finally:
        for worker in started:
            worker.stop()
