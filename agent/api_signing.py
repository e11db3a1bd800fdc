"""Signed requests, both ways (API calls in, webhooks out).

`X-Tutor-Signature: t=<unix seconds>,v1=<hex>` with
v1 = HMAC-SHA256(secret, "<t>.<METHOD>.<path with query>.<sha256 hex of the body>").
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from dataclasses import dataclass

KEY_HEADER = "X-Tutor-Key"
SIGNATURE_HEADER = "X-Tutor-Signature"
_SIGNATURE = re.compile(r"t=(\d{1,12}),v1=([0-9a-f]{64})")
_KEY_ID = re.compile(r"tk_[0-9a-f]{16}")


def signature(secret: str, t: int, method: str, path: str, body: bytes) -> str:
    digest = hashlib.sha256(body).hexdigest()
    message = f"{t}.{method.upper()}.{path}.{digest}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_headers(
    key_id: str, secret: str, method: str, path: str, body: bytes, t: int | None = None
) -> dict[str, str]:
    """The two headers of a signed request (now, unless `t` is given)."""
    at = int(time.time()) if t is None else t
    return {
        KEY_HEADER: key_id,
        SIGNATURE_HEADER: f"t={at},v1={signature(secret, at, method, path, body)}",
    }


@dataclass(frozen=True)
class Signed:
    key_id: str
    t: int
    v1: str


class Refused(Exception):
    """A request that is not let in; the message is the plain reason given with the 401."""


def parse(key_header: str | None, signature_header: str | None) -> Signed:
    """The request's key id and signature, or Refused saying what is missing or malformed."""
    if not key_header:
        raise Refused(f"missing {KEY_HEADER} header")
    if not signature_header:
        raise Refused(f"missing {SIGNATURE_HEADER} header")
    if not _KEY_ID.fullmatch(key_header.strip()):
        raise Refused(f"malformed {KEY_HEADER} header: expected tk_ and 16 hex digits")
    found = _SIGNATURE.fullmatch(signature_header.strip())
    if found is None:
        raise Refused(f"malformed {SIGNATURE_HEADER} header: expected t=<unix seconds>,v1=<hex>")
    return Signed(key_header.strip(), int(found[1]), found[2])


def check(
    signed: Signed,
    secret: str,
    method: str,
    path: str,
    body: bytes,
    skew_s: int,
    now: float | None = None,
) -> None:
    """Refused unless the timestamp is inside the window and the signature matches."""
    drift = (time.time() if now is None else now) - signed.t
    if drift > skew_s:
        raise Refused(f"stale timestamp: more than {skew_s} s old")
    if drift < -skew_s:
        raise Refused(f"timestamp in the future: more than {skew_s} s ahead")
    expected = signature(secret, signed.t, method, path, body)
    if not hmac.compare_digest(expected, signed.v1):
        raise Refused("bad signature")
