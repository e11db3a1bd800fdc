"""The secret that signs login tokens: configured, else made once and kept."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def auth_secret(data_dir: Path, configured: str | None = None) -> str:
    """The configured secret (CHAINLIT_AUTH_SECRET) if any; else a random secret stored (0600)
    in the data dir.

    Keeping it means logins survive a restart of the app.
    """
    if configured:
        return configured
    path = data_dir / "auth-secret"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        data_dir.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_urlsafe(48)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secret)
        return secret
