"""The chat app as users meet it: a real server on 127.0.0.1, real Chromium, the offline model."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
PASSWORDS = {"ada": "ada-secret-pw", "bob": "bob-secret-pw"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class AppServer:
    """`chainlit run app.py` on the loopback interface; can be stopped and started again."""

    data_dir: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None
    log: Path | None = None
    extra_env: dict[str, str] = field(default_factory=dict[str, str])
    launcher: list[str] = field(default_factory=list[str])  # a command the app runs under
    ready_path: str = "/health"  # answers 200 once the app serves (another path for a sick app)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        # Chainlit's "CI mode" (env CI set, as on CI machines) plants a fake OPENAI_API_KEY.
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("OPENAI_", "TUTOR_")) and k != "CI"
        }
        return {
            **env,
            "TUTOR_DATA_DIR": str(self.data_dir),
            "TUTOR_PORT": str(self.port),  # share links name the port the app serves on
            "TUTOR_ADMIN_USER": "ada",
            "TUTOR_ADMIN_PASSWORD": PASSWORDS["ada"],
            **self.extra_env,
        }

    def add_user(self, name: str) -> None:
        """A login `name` with its password from PASSWORDS, made by `tutor users add`."""
        subprocess.run(
            [sys.executable, "-m", "agent.cli", "users", "add", name, "--password-stdin"],
            input=PASSWORDS[name] + "\n", text=True, env=self.env(), cwd=ROOT, check=True,
            capture_output=True,
        )  # fmt: skip

    def start(self) -> None:
        self.log = self.data_dir / f"app-{time.time_ns()}.log"
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [*self.launcher, str(Path(sys.executable).with_name("chainlit")), "run", "app.py", "--headless",
                 "--host", "127.0.0.1", "--port", str(self.port)],
                cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()  # a server that never got ready must not outlive the test
        raise AssertionError(f"the app did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory, index_dir: Path) -> Iterator[AppServer]:
    data = tmp_path_factory.mktemp("app-data")
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    server = AppServer(data)
    server.add_user("bob")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def screens(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Screenshots of every step (look at them: pytest prints where they are)."""
    path = tmp_path_factory.mktemp("screenshots")
    print(f"\nscreenshots: {path}")
    return path


@pytest.fixture
async def browser() -> AsyncIterator[object]:
    from playwright.async_api import async_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: run `make setup` (apt package chromium)")
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        await chromium.close()
