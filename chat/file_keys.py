"""Which `/tutor-files/<key>` keys may reach the disk: a strict whitelist of path segments."""

from __future__ import annotations

import re

FILE_ROUTE = "/tutor-files"  # the owner-checked route stored files are fetched from
MAX_KEY_CHARS = 512
MAX_SEGMENTS = 12
_SEGMENT = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._ -]{0,126}[A-Za-z0-9._-])?")


def valid_key(key: str) -> bool:
    """Plain relative keys like `u/<id>/l/<id>/s1/v1/clip.mp4`: no empty, dot, or odd segment."""
    if len(key) > MAX_KEY_CHARS:
        return False
    parts = key.split("/")
    return len(parts) <= MAX_SEGMENTS and all(_SEGMENT.fullmatch(p) for p in parts)
