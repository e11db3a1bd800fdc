"""The pure rules behind the HTTP guards: what counts as the app's own origin, which file keys
may reach the disk, and how a cookie becomes Secure."""

from __future__ import annotations

import pytest

from chat.file_keys import valid_key
from chat.origins import configured_origins, normalize_origin, same_host
from chat.secure_cookies import with_secure


@pytest.mark.parametrize(
    ("origin", "host", "scheme", "same"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1:8000", "http", True),
        ("http://127.0.0.1:8001", "127.0.0.1:8000", "http", False),  # another port: same site
        ("http://localhost:8000", "127.0.0.1:8000", "http", False),
        ("https://tutor.example.org", "tutor.example.org", "http", True),  # TLS ends at a proxy
        ("https://tutor.example.org:443", "tutor.example.org", "https", True),
        ("http://TUTOR.example.org", "tutor.example.org:80", "ws", True),
        ("http://[::1]:8000", "[::1]:8000", "http", True),
        ("http://evil.example.org", "tutor.example.org", "http", False),
        ("null", "tutor.example.org", "http", False),
        ("http://127.0.0.1:99999", "127.0.0.1:99999", "http", False),  # no such port
        ("http://127.0.0.1:8000", None, "http", False),
    ],
)
def test_same_host(origin: str, host: str | None, scheme: str, same: bool) -> None:
    assert same_host(origin, host, scheme) is same


def test_configured_origins_are_normalized_and_junk_dropped() -> None:
    found = configured_origins("https://Tutor.example.org/", " https://lms.example.org:443 ,x, ")
    assert found == ["https://lms.example.org", "https://tutor.example.org"]
    assert normalize_origin("https://a.example/path") is None
    assert normalize_origin("ftp://a.example") is None


@pytest.mark.parametrize(
    "key",
    ["u/5f3a/l/9c1e/s1/v2/clip.mp4", "chat/0d5e6c48-99b0/3a0c9377-5b5e/scene-1-v1.mp4"],
)
def test_plain_keys_pass(key: str) -> None:
    assert valid_key(key)


@pytest.mark.parametrize(
    "key",
    ["", "a//b", "a/./b", "a/../b", "a/", "/a", "a\\b", "a\x00b", ".hidden", "a/" + "b" * 200,
     "/".join(["a"] * 13), "a/b\nc"],
)  # fmt: skip
def test_odd_keys_fail(key: str) -> None:
    assert not valid_key(key)


def test_with_secure_adds_the_attribute_once() -> None:
    assert with_secure(b"a=1; Path=/") == b"a=1; Path=/; Secure"
    assert with_secure(b"a=1; Secure; Path=/") == b"a=1; Secure; Path=/"
