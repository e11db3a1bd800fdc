"""The lesson's state as one JSON-ready object: what `--json` prints and tools return."""

from __future__ import annotations

from typing import Any

from lessons.store.records import SceneVersion


def scene_view(
    n: int,
    title: str,
    live: SceneVersion | None,
    latest: SceneVersion | None,
    clip_url: str | None,
) -> dict[str, Any]:
    """One scene: `version` is the live clip's version, so it moves only on a re-render or revert.

    A failed edit leaves the live version in place; its error is still reported so nobody
    mistakes "kept the old clip" for "the edit worked".
    """
    status = live.status if live else (latest.status if latest else "pending")
    error = None
    if (
        latest is not None
        and latest.status == "failed"
        and (live is None or latest.number > live.number)
    ):
        error = latest.error.message if latest.error else "render failed"
    return {
        "n": n,
        "title": title,
        "status": status,
        "version": live.number if live else None,
        "clip": clip_url,
        "error": error,
    }


def lesson_view(
    lesson_id: str, title: str, export_url: str | None, scenes: list[dict[str, Any]]
) -> dict[str, Any]:
    return {"lesson": lesson_id, "title": title, "export": export_url, "scenes": scenes}
