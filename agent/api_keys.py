"""API keys: an id and a secret, shown once. The secret is not stored anywhere.

HMAC verification needs the secret itself, so a hash alone cannot do. Rather than keep every
secret encrypted, each is derived: secret = HMAC-SHA256(master key, "tutor-api-key/v1:" key id
":" salt), with the master key kept like the login secret (TUTOR_API_MASTER_KEY, else a file
made once in the data dir, 0600) and a random salt per key in the store. The database alone
(a backup, a leak) reveals no secret; the store keeps a SHA-256 of each secret only to tell
"the master key changed" apart from a bad signature. Revoking a key is a flag in the store.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from lessons.store.api_records import ApiKey

MASTER_FILE = "api-master-key"


def master_key(data_dir: Path, configured: str | None = None) -> bytes:
    """The configured master key, else one made once and kept (0600) in the data dir."""
    if configured:
        return configured.encode()
    path = data_dir / MASTER_FILE
    try:
        return path.read_text().strip().encode()
    except FileNotFoundError:
        data_dir.mkdir(parents=True, exist_ok=True)
        made = secrets.token_urlsafe(48)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return path.read_text().strip().encode()
        with os.fdopen(fd, "w") as handle:
            handle.write(made)
        return made.encode()


def derive_secret(master: bytes, key_id: str, salt: str) -> str:
    message = f"tutor-api-key/v1:{key_id}:{salt}".encode()
    return "tsk_" + hmac.new(master, message, hashlib.sha256).hexdigest()


def secret_check(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewKey:
    key_id: str
    salt: str
    secret: str
    check: str


def new_key(master: bytes) -> NewKey:
    key_id = "tk_" + secrets.token_hex(8)
    salt = secrets.token_hex(16)
    secret = derive_secret(master, key_id, salt)
    return NewKey(key_id, salt, secret, secret_check(secret))


def secret_of(master: bytes, key: ApiKey) -> str | None:
    """The key's secret; None when it no longer matches (the master key was changed)."""
    secret = derive_secret(master, key.id, key.salt)
    return secret if hmac.compare_digest(secret_check(secret), key.secret_check) else None
