"""Signed requests and derived key secrets, as pure functions."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest

from agent import api_signing as signing
from agent.api_keys import master_key, new_key, secret_of
from lessons.store.api_records import ApiKey


def test_the_signature_is_the_documented_hmac() -> None:
    body = b'{"prompt":"sines"}'
    message = f"1700000000.POST./api/v1/lessons?x=1.{hashlib.sha256(body).hexdigest()}"
    expected = hmac.new(b"s3cret", message.encode(), hashlib.sha256).hexdigest()
    assert signing.signature("s3cret", 1700000000, "post", "/api/v1/lessons?x=1", body) == expected


def test_check_refuses_each_way_a_request_can_be_wrong() -> None:
    t = 1_700_000_000
    headers = signing.signed_headers("tk_0123456789abcdef", "s", "GET", "/p", b"", t=t)
    signed = signing.parse(headers["X-Tutor-Key"], headers["X-Tutor-Signature"])
    signing.check(signed, "s", "GET", "/p", b"", 300, now=t + 299)
    cases = {
        "bad signature": dict(secret="other"),
        "stale timestamp": dict(now=t + 301),
        "timestamp in the future": dict(now=t - 301),
    }
    for reason, change in cases.items():
        args = {"secret": "s", "now": t, **change}
        with pytest.raises(signing.Refused, match=reason):
            signing.check(
                signed, str(args["secret"]), "GET", "/p", b"", 300, now=float(args["now"])
            )
    with pytest.raises(signing.Refused, match="bad signature"):
        signing.check(signed, "s", "GET", "/p?x", b"", 300, now=t)
    with pytest.raises(signing.Refused, match="bad signature"):
        signing.check(signed, "s", "GET", "/p", b"x", 300, now=t)


@pytest.mark.parametrize(
    ("key", "sig", "reason"),
    [
        (None, "t=1,v1=" + "a" * 64, "missing X-Tutor-Key"),
        ("tk_0123456789abcdef", None, "missing X-Tutor-Signature"),
        ("key", "t=1,v1=" + "a" * 64, "malformed X-Tutor-Key"),
        ("tk_0123456789abcdef", "v1=abc", "malformed X-Tutor-Signature"),
    ],
)
def test_missing_and_malformed_headers_are_named(
    key: str | None, sig: str | None, reason: str
) -> None:
    with pytest.raises(signing.Refused, match=reason):
        signing.parse(key, sig)


def test_a_secret_is_derived_again_only_with_the_same_master_key(tmp_path: Path) -> None:
    master = master_key(tmp_path)
    assert master_key(tmp_path) == master  # kept in the data dir
    assert (tmp_path / "api-master-key").stat().st_mode & 0o777 == 0o600
    made = new_key(master)
    key = ApiKey(
        id=made.key_id,
        user_id="u",
        user_name="ada",
        salt=made.salt,
        secret_check=made.check,
        created_at="2026-01-01T00:00:00+00:00",  # pyright: ignore[reportArgumentType]
    )
    assert secret_of(master, key) == made.secret
    assert secret_of(b"another master key", key) is None
    assert made.secret not in made.check  # only a hash of it is stored
