"""`import app` only registers Chainlit hooks: no files, no tables, no environment, no routes.

What readies the process (settings, the login secret, the data dir, the chat tables, our
routes and guards) runs only when Chainlit serves app.py (`chat.server.prepare`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

IMPORT_APP = """
import json, os
umask = os.umask(0o022); os.umask(umask)
import chainlit.server
middleware = len(chainlit.server.app.user_middleware)
routes = len(chainlit.server.app.router.routes)
import app
from chainlit.config import config
now = os.umask(0o022)
print(json.dumps({
    "secret": "CHAINLIT_AUTH_SECRET" in os.environ,
    "umask_kept": now == umask,
    "middleware_added": len(chainlit.server.app.user_middleware) - middleware,
    "routes_added": len(chainlit.server.app.router.routes) - routes,
    "hooks": [
        config.code.on_message is not None,
        config.code.on_chat_start is not None,
        config.code.password_auth_callback is not None,
        config.code.data_layer is not None,
        sorted(config.code.action_callbacks),
    ],
}))
"""


def test_importing_app_creates_nothing_and_starts_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if k != "CHAINLIT_AUTH_SECRET"},
        "TUTOR_DATA_DIR": str(data),
    }
    proc = subprocess.run(
        [sys.executable, "-c", IMPORT_APP], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert list(data.rglob("*")) == []  # no auth secret, no chat.db or tutor.db, no tables
    assert seen["secret"] is False and seen["umask_kept"] is True
    assert seen["middleware_added"] == 0 and seen["routes_added"] == 0
    actions = [
        *("edit", "fix_layout", "rerender_high", "resume", "retry", "revert"),
        *("share", "show_code", "stop_sharing"),
    ]
    assert seen["hooks"] == [True, True, True, True, actions]
