"""Password hashes: scrypt from the standard library, parameters stored with each hash.

Format: `scrypt$n$r$p$salt_b64$hash_b64`. Keeping the cost parameters in the string means
they can be raised later without invalidating the hashes already stored.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets

SCHEME = "scrypt"
N, R, P = 2**14, 8, 1  # ~16 MiB and a few tens of ms per check: slow for guessing, fine at login
SALT_BYTES = 16
HASH_BYTES = 32
# scrypt needs about 128·n·r bytes; this cap leaves room to raise N or R later.
_MAXMEM = 256 * 1024 * 1024


def hash_password(password: str) -> str:
    """A salted scrypt hash of `password`, self-describing; raises ValueError if it is empty."""
    if not password:
        raise ValueError("a password must not be empty")
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, N, R, P, HASH_BYTES)
    return "$".join((SCHEME, str(N), str(R), str(P), _b64(salt), _b64(digest)))


def verify_password(password: str, stored: str) -> bool:
    """True iff `password` matches `stored`; a malformed or foreign hash is simply False."""
    if not password:
        return False
    parsed = _parse(stored)
    if parsed is None:
        return False
    n, r, p, salt, expected = parsed
    return hmac.compare_digest(_scrypt(password, salt, n, r, p, len(expected)), expected)


def verify_stored(password: str, stored: str | None) -> bool:
    """True iff `stored` is a hash and `password` matches it.

    No hash (unknown name, or no password) still costs one scrypt, against a dummy hash made
    even when unused, so timing never tells which names exist.
    """
    fallback = dummy_hash()
    return verify_password(password, stored or fallback) and stored is not None


@functools.cache
def dummy_hash() -> str:
    """A valid hash of a random password: checking against it costs what a real check does."""
    return hash_password(secrets.token_urlsafe(16))


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=length)


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return None
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt, expected = _unb64(parts[4]), _unb64(parts[5])
    except ValueError:
        return None
    # Bounds, so a tampered row cannot make a login hang, eat memory or crash in OpenSSL.
    power_of_two = n > 1 and n & (n - 1) == 0
    if not (power_of_two and 1 <= r <= 32 and 1 <= p <= 16 and 128 * n * r <= _MAXMEM // 2):
        return None
    # A fixed digest length: a truncated digest would match a prefix of the real one.
    if len(salt) < SALT_BYTES or len(expected) != HASH_BYTES:
        return None
    return n, r, p, salt, expected


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
