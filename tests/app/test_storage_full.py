"""A full disk under the running app: the chat says the server's storage is full, not "something
went wrong", and /health says so too.

The disk fills for real: the app runs in a private mount namespace (`unshare`) where its data
dir is a small tmpfs; the test fills that tmpfs through `/proc/PID/root` after logging in, so
every later write of the app gets ENOSPC exactly as on a full server disk.
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app.chat_socket import ChatSocket
from tests.app.conftest import PASSWORDS, AppServer
from tests.app.http import login_token, request
from tests.mounts import can_mount_tmpfs

pytestmark = pytest.mark.render

MOUNT = 'mount -t tmpfs -o size=64m,mode=0700 tmpfs "$1" && ln -s "$2" "$1/api-index"'


@pytest.fixture
def server_on_small_disk(tmp_path: Path, index_dir: Path) -> Iterator[AppServer]:
    data = tmp_path / "data"
    data.mkdir()
    if not can_mount_tmpfs(data):
        pytest.skip("this machine does not allow a private tmpfs mount (unshare --mount)")
    launcher = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                MOUNT + ' && shift 2 && exec "$@"', "sh", str(data), str(index_dir)]  # fmt: skip
    # /health wants 8 MB free here (100 by default), so the 64 MB disk starts out healthy.
    server = AppServer(data, launcher=launcher, extra_env={"TUTOR_HEALTH_MIN_FREE_MB": "8"})
    server.start()
    yield server
    server.stop()


def fill_disk(server: AppServer) -> None:
    """Write into the app's own view of its data dir until the tmpfs is full."""
    assert server.proc is not None
    filler = Path(f"/proc/{server.proc.pid}/root") / str(server.data_dir).lstrip("/") / "filler"
    chunk = b"\0" * (1 << 20)
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(chunk)
                handle.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC, error
    with contextlib.suppress(OSError), filler.open("ab") as handle:
        while True:  # the last few bytes too
            handle.write(b"\0" * 512)
            handle.flush()


def outputs(events: list[tuple[str, Any]]) -> list[str]:
    return [d.get("output") or "" for e, d in events if e == "new_message" and isinstance(d, dict)]


async def test_a_full_disk_is_named_in_the_chat_and_in_health(
    server_on_small_disk: AppServer,
) -> None:
    server = server_on_small_disk
    token = login_token(server, "ada", PASSWORDS["ada"])
    async with ChatSocket(server, token) as tab:
        fill_disk(server)
        await tab.turn("Make a short lesson on the Pythagorean theorem", timeout_s=120)
        said = outputs(tab.events)
    assert any("storage is full" in text for text in said), said
    assert not any("Something went wrong" in text for text in said), said
    health = request(server, "GET", "/health")
    assert health.status == 503, (health.status, health.body)
    assert (
        server.log is not None and "Traceback" in server.log.read_text()
    )  # logged for the operator
