"""A real PostgreSQL server on 127.0.0.1 for the tests (Debian's `postgresql`, installed by
`make setup`), started once per session in a temporary directory.

PostgreSQL refuses to run as root, so when the tests run as root the cluster is made and run
as the unprivileged `postgres` user (the Debian package creates it) through `runuser`. The
cluster trusts loopback connections (it exists only for this test session), and each test that
needs a clean database asks for a fresh one with `create_database`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _bin_dir() -> Path:
    """The newest installed server's binaries (Debian keeps them off PATH)."""
    installed = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    if not installed:
        raise AssertionError("PostgreSQL is missing: run `make setup`")
    return installed[-1].parent


@dataclass
class PostgresServer:
    port: int = field(default_factory=_free_port)
    user: str = "tutor"
    _root: Path | None = None
    _process: subprocess.Popen[bytes] | None = None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def _as_owner(self, argv: list[str]) -> list[str]:
        if os.geteuid() != 0:
            return argv
        return ["runuser", "-u", "postgres", "--", *argv]

    def start(self) -> None:
        bin_dir = _bin_dir()
        # Not under pytest's tmp dir: that lives in root's private directories, which the
        # unprivileged server user cannot enter.
        self._root = Path(tempfile.mkdtemp(prefix="tutor-pg-"))
        data, sockets = self._root / "data", self._root / "run"
        sockets.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self._root, "postgres", "postgres")
            shutil.chown(sockets, "postgres", "postgres")
        subprocess.run(
            self._as_owner(
                [
                    *(str(bin_dir / "initdb"), "-D", str(data), "-U", self.user, "-A", "trust"),
                    *("--no-sync", "-E", "UTF8", "--locale", "C.UTF-8"),
                ]
            ),
            check=True,
            capture_output=True,
        )
        self._process = subprocess.Popen(
            self._as_owner(
                [
                    *(str(bin_dir / "postgres"), "-D", str(data), "-k", str(sockets)),
                    *("-p", str(self.port), "-c", "listen_addresses=127.0.0.1"),
                    # A test cluster: durability buys nothing and costs seconds.
                    *("-c", "fsync=off", "-c", "synchronous_commit=off"),
                    *("-c", "full_page_writes=off"),
                ]
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._answers():
                return
            if self._process.poll() is not None:
                raise AssertionError(f"postgres exited with {self._process.returncode}")
            time.sleep(0.1)
        raise AssertionError(f"postgres did not start on port {self.port}")

    def _answers(self) -> bool:
        import psycopg

        try:
            with psycopg.connect(self.url(), connect_timeout=1) as conn:
                conn.execute("SELECT 1")
            return True
        except psycopg.OperationalError:
            return False

    def create_database(self, prefix: str = "t") -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
            self._root = None
