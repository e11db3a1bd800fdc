"""Action payloads come back from the browser: read the scene number, never trust its shape."""

from __future__ import annotations

from typing import Any

MAX_SCENE = 99  # far above any plan (3-6 scenes); keeps a forged number out of prompts


def scene_number(payload: Any) -> int | None:
    """The payload's scene as a plain positive int, or None when it is anything else."""
    scene = payload.get("scene") if isinstance(payload, dict) else None
    if isinstance(scene, bool) or not isinstance(scene, int):
        return None
    return scene if 1 <= scene <= MAX_SCENE else None
