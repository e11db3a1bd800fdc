"""Untrusted scene code is refused or contained — with the static checks on AND off.

Every attack runs against a planted secret in the parent's environment, a secret file on the
host, a listener on 127.0.0.1, and host paths it tries to write; none may be reached, the host
stays responsive, and a legitimate render right after still works.
"""

from __future__ import annotations

import ast
import asyncio
import json
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.tools.conftest import CANARY, eval_files
from tools.render.engine import RenderEngine
from tools.render.result import RenderFailed, RenderOk

pytestmark = pytest.mark.render

PROJECT = Path(__file__).resolve().parents[3]
LEGIT = "from manim import *\nclass Fine(Scene):\n    def construct(self):\n        self.play(FadeIn(Square()), run_time=0.4)\n"


@dataclass
class Host:
    secret_file: Path
    outside_dir: Path
    port: int
    connections: list[str]


@pytest.fixture
def host(tmp_path: Path) -> Iterator[Host]:
    secret = tmp_path / "data" / "secret.txt"  # inside the engine's data dir
    secret.parent.mkdir()
    secret.write_text(CANARY)
    outside = tmp_path / "outside"
    outside.mkdir()
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    connections: list[str] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, addr = server.accept()
            except OSError:
                continue
            connections.append(str(addr))
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield Host(secret, outside, server.getsockname()[1], connections)
    stop.set()
    thread.join()
    server.close()


def attack_code(name: str, host: Host) -> str:
    head = "from manim import *\n"
    body = {
        "env_via_manim_utils": "raise RuntimeError(str(dict(utils.file_ops.os.environ)))",
        "env_via_proc": "raise RuntimeError(open('/proc/self/environ').read() + open('/proc/1/environ').read())",
        "read_host_secret": f"raise RuntimeError(open({str(host.secret_file)!r}).read())",
        "read_project_and_home": (
            "os = utils.file_ops.os\n"
            "        seen = {}\n"
            f"        for d in [{str(PROJECT)!r}, {str(Path.home())!r}, {str(host.secret_file.parent)!r}]:\n"
            "            try:\n"
            "                seen[d] = sorted(os.listdir(d))\n"
            "            except OSError:\n"
            "                seen[d] = None\n"
            "        raise RuntimeError('LISTING' + repr(seen))"
        ),
        "write_outside": (
            f"for p in [{str(host.outside_dir / 'pwned')!r}, '/usr/pwned', '/pwned', "
            f"{str(Path.cwd() / 'pwned')!r}, {str(Path.home() / 'pwned')!r}]:\n"
            "            try:\n"
            "                open(p, 'w').write('x')\n"
            "            except OSError:\n"
            "                pass\n"
            "        self.play(FadeIn(Dot()), run_time=0.2)"
        ),
        "network": f"import socket\n        socket.create_connection(('127.0.0.1', {host.port}), timeout=3)",
        "fork_bomb": (
            "os = utils.file_ops.os\n"
            "        while True:\n"
            "            try:\n"
            "                os.fork()\n"
            "            except OSError:\n"
            "                pass"
        ),
        "memory_bomb": "hog = []\n        while True:\n            hog.append(bytearray(10**8))",
        "disk_fill": (
            "i = 0\n"
            "        while True:\n"
            "            open(f'fill{i}', 'wb').write(b'x' * 10**7)\n"
            "            i += 1"
        ),
        "infinite_loop": "while True:\n            pass",
        "raise_resolution": "config.pixel_width = 3840\n        self.play(FadeIn(Dot()))",
        "raise_resolution_bypass": "self.play(FadeIn(Dot()), run_time=0.2)",
        "endless_clip": "self.wait(10**6)",
        "kill_sandbox_init": "utils.file_ops.os.kill(1, 9)\n        self.wait(1)",
        "escape_via_subclasses": (
            "for c in ().__class__.__base__.__subclasses__():\n"
            "            if c.__name__ == 'Popen':\n"
            f"                c(['sh', '-c', 'env > {host.outside_dir}/env.txt'])\n"
            "        self.wait(0.2)"
        ),
    }[name]
    if name == "raise_resolution_bypass":  # before the scene exists, past the pinned setters
        head += "config._d['pixel_width'] = 1920\nconfig._d['pixel_height'] = 1080\nconfig._d['frame_rate'] = 60\n"
    return f"{head}\n\nclass Attack(Scene):\n    def construct(self):\n        {body}\n"


ATTACKS = [
    "env_via_manim_utils", "env_via_proc", "read_host_secret", "read_project_and_home",
    "write_outside", "network",
    "fork_bomb", "memory_bomb", "disk_fill", "infinite_loop", "raise_resolution",
    "raise_resolution_bypass", "endless_clip", "kill_sandbox_init", "escape_via_subclasses",
]  # fmt: skip


# Attacks whose scene still renders once the sandbox has blocked the harmful part.
RENDERS_WHEN_CONTAINED = {"write_outside", "escape_via_subclasses"}


def assert_contained(result: RenderOk | RenderFailed, host: Host) -> None:
    dumped = json.dumps(result.model_dump(mode="json"))
    assert CANARY not in dumped, "a parent secret reached the output"
    assert not list(host.outside_dir.iterdir()), "something was written outside the sandbox"
    for path in (Path("/usr/pwned"), Path("/pwned"), Path.cwd() / "pwned", Path.home() / "pwned"):
        assert not path.exists(), f"{path} was written"
    assert host.connections == [], "a socket reached the host's loopback listener"
    if "LISTING" in dumped:  # what the sandbox could see of the project, home and data dir
        seen = ast.literal_eval(dumped.split("LISTING", 1)[1].split("}", 1)[0] + "}")
        assert seen[str(PROJECT)] is None, "the project is visible"
        assert seen[str(host.secret_file.parent)] is None, "the data dir is visible"
        # Home holds at most the path down to the interpreter, bound read-only; nothing else.
        interpreter = Path(sys.base_prefix)
        allowed = (
            {interpreter.relative_to(Path.home()).parts[0]}
            if interpreter.is_relative_to(Path.home())
            else set()
        )
        assert set(seen[str(Path.home())] or []) <= allowed, seen
    if isinstance(result, RenderOk):  # contained but rendered: still within the preset's caps
        assert result.duration_s <= 120


async def _render_watching_host(
    engine: RenderEngine, code: str, validate: bool
) -> tuple[RenderOk | RenderFailed, float]:
    """Render while a heartbeat measures the host's responsiveness (largest gap between ticks)."""
    gaps: list[float] = []
    done = asyncio.Event()

    async def heartbeat() -> None:
        last = time.monotonic()
        while not done.is_set():
            await asyncio.sleep(0.1)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    beat = asyncio.create_task(heartbeat())
    result = await engine.render(code, validate=validate, use_cache=False)
    done.set()
    await beat
    return result, max(gaps, default=0.0)


@pytest.mark.parametrize("validate", [False, True], ids=["sandbox-only", "with-static-checks"])
@pytest.mark.parametrize("attack", ATTACKS)
async def test_attack_is_contained(
    attack: str, validate: bool, host: Host, make_engine: Callable[..., RenderEngine]
) -> None:
    engine = make_engine(timeout_s=12.0, disk_mb=200, memory_mb=2048, workers=1)
    result, worst_gap = await _render_watching_host(engine, attack_code(attack, host), validate)
    assert_contained(result, host)
    assert worst_gap < 3.0, f"host stalled for {worst_gap:.1f} s"
    if attack not in RENDERS_WHEN_CONTAINED:
        assert isinstance(result, RenderFailed), f"{attack} should fail, got {result}"
        assert result.error.message
    if validate and attack not in {"infinite_loop", "memory_bomb", "endless_clip"}:
        assert isinstance(result, RenderFailed) and result.error.kind == "unsafe", result
    follow_up = await engine.render(LEGIT, use_cache=False)
    assert isinstance(follow_up, RenderOk), follow_up


EXPECTED_KIND = {
    "memory_bomb": "resource",
    "disk_fill": "resource",
    "raise_resolution": "resource",
    "raise_resolution_bypass": "resource",
    "endless_clip": "resource",
}


@pytest.mark.parametrize("attack", sorted(EXPECTED_KIND))
async def test_limit_failures_say_which_limit(
    attack: str, host: Host, make_engine: Callable[..., RenderEngine]
) -> None:
    # The timeout is generous here so that a slow memory or disk limit is not reported as one.
    engine = make_engine(timeout_s=40.0, disk_mb=200, memory_mb=2048, workers=1)
    result = await engine.render(attack_code(attack, host), validate=False, use_cache=False)
    assert isinstance(result, RenderFailed)
    assert result.error.kind == EXPECTED_KIND[attack], result.error


@pytest.mark.parametrize("path", eval_files("evil"), ids=lambda p: p.name)
@pytest.mark.parametrize("validate", [False, True], ids=["sandbox-only", "with-static-checks"])
async def test_public_evil_examples(
    path: Path, validate: bool, host: Host, make_engine: Callable[..., RenderEngine]
) -> None:
    engine = make_engine(timeout_s=12.0, workers=1)
    result, _ = await _render_watching_host(engine, path.read_text(), validate)
    assert isinstance(result, RenderFailed), result
    assert_contained(result, host)
    assert isinstance(await engine.render(LEGIT, use_cache=False), RenderOk)


async def test_without_bubblewrap_limits_still_hold_and_a_warning_is_given(
    host: Host, make_engine: Callable[..., RenderEngine], tmp_path: Path
) -> None:
    engine = make_engine(sandbox="none", timeout_s=12.0, workers=1)
    assert engine.warnings and "bubblewrap" in engine.warnings[0]
    env = await engine.render(attack_code("env_via_manim_utils", host), validate=False)
    assert isinstance(env, RenderFailed) and CANARY not in json.dumps(env.model_dump(mode="json"))
    assert "bubblewrap" in env.warnings[0]
    loop = await engine.render(attack_code("infinite_loop", host), validate=False)
    assert isinstance(loop, RenderFailed) and loop.error.kind == "timeout"
    # As in test_limit_failures_say_which_limit: time enough that on a busy machine the
    # memory limit, not the wall-time one, is what stops the bomb.
    roomy = make_engine(sandbox="none", timeout_s=40.0, workers=1, data_dir=tmp_path / "roomy")
    memory = await roomy.render(attack_code("memory_bomb", host), validate=False)
    assert isinstance(memory, RenderFailed) and memory.error.kind == "resource"
    assert isinstance(await engine.render(LEGIT), RenderOk)
    assert os.environ["TUTOR_TEST_CANARY"] == CANARY
