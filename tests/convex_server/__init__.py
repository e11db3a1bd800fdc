"""A stand-in Convex backend for the tests: our real functions (convex/) run by convex-test in
a Node process, behind the HTTP API the official Python client speaks, on 127.0.0.1.

One server serves the whole test session; `reset()` empties its tables between tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SECRET = "tutor-test-convex-secret"


def _node_env() -> dict[str, str]:
    """What Node needs to run, and nothing else: a deployment's functions see only the
    variables it was given (no key or secret of the machine's leaks into them)."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "NODE_PATH", "NODE_OPTIONS")
    return {name: os.environ[name] for name in keep if name in os.environ}


class ConvexTestServer:
    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None
        self.url = ""

    def start(self) -> None:
        tsx = ROOT / "node_modules" / "tsx"
        if not tsx.is_dir():
            raise RuntimeError("the Convex test server needs the Node tools: run `make setup`")
        self._process = subprocess.Popen(
            ["node", "--import", "tsx", str(ROOT / "tests" / "convex_server" / "server.mjs")],
            cwd=ROOT,
            env=_node_env() | {"TUTOR_CONVEX_SECRET": SECRET, "PORT": "0"},
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()  # "listening PORT", or "" if it died
        if not line.startswith("listening "):
            self.stop()
            raise RuntimeError(f"the Convex test server did not start: {line!r}")
        self.url = f"http://127.0.0.1:{int(line.split()[1])}"

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None

    def reset(self) -> None:
        """Empty every table (a fresh deployment)."""
        self._ask("POST", "/__test/reset")

    def set_env(self, **variables: str | None) -> None:
        """Set the deployment's environment variables (None removes one), as
        `npx convex env set` does; the functions read them on their next call."""
        self._ask("POST", "/__test/env", variables)

    def counts(self) -> dict[str, int]:
        """How many documents each table holds."""
        return {k: int(v) for k, v in self._ask("GET", "/__test/counts").items()}

    def _ask(self, method: str, path: str, payload: Any = None) -> dict[str, Any]:
        data = json.dumps(payload or {}).encode() if method == "POST" else None
        request = urllib.request.Request(self.url + path, method=method, data=data)
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read())
