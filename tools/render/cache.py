"""Content-addressed cache of successful renders: same code, scene, quality and manim → same clip.

Entries live in a `FileStorage` (the engine's media storage) under `renders/<k[:2]>/<k>/`:
`video.mp4`, `poster.png`, then `meta.json`, written last, so an entry counts only once all of
it is there. Objects are replaced atomically, and two renders of one key store the same clip.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from tools.render.layout import LayoutItem, parse_layout
from tools.render.result import RenderOk
from tools.storage.protocol import FileStorage

RUNNER_SOURCE = Path(__file__).with_name("scene_runner.py")
# What runs inside the sandbox, by the name it has there (the runner loads its guards by path).
RUNNER_FILES = {
    "runner.py": RUNNER_SOURCE,
    "runner_guards.py": RUNNER_SOURCE.with_name("runner_guards.py"),
    "runner_output.py": RUNNER_SOURCE.with_name("runner_output.py"),
    "runner_priority.py": RUNNER_SOURCE.with_name("runner_priority.py"),
    "frozen_import.py": RUNNER_SOURCE.with_name("frozen_import.py"),
    "layout_audit.py": RUNNER_SOURCE.with_name("layout_audit.py"),
    "layout_shapes.py": RUNNER_SOURCE.with_name("layout_shapes.py"),
    "layout_checks.py": RUNNER_SOURCE.with_name("layout_checks.py"),
}


def runner_fingerprint() -> str:
    """Changing how scenes are rendered must invalidate old clips."""
    digest = hashlib.sha256()
    for path in RUNNER_FILES.values():
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(
    code: str,
    scene: str | None,
    quality: str,
    manim_version: str,
    layout_audit: bool = True,
    min_duration_s: float = 0.0,
) -> str:
    parts = [code, scene or "", quality, manim_version, runner_fingerprint()]
    if not layout_audit:  # a clip rendered without the audit has no layout items to give back
        parts.append("no-layout-audit")
    if min_duration_s > 0:  # a held last frame makes another clip; none keeps the old keys
        parts.append(f"hold-{min_duration_s:.2f}")
    payload = json.dumps(parts, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


class RenderCache:
    def __init__(self, media: FileStorage) -> None:
        self.media = media

    @staticmethod
    def _prefix(key: str) -> str:
        return f"renders/{key[:2]}/{key}"

    async def get(self, key: str) -> RenderOk | None:
        prefix = self._prefix(key)
        try:
            meta = json.loads((await self.media.local_path(f"{prefix}/meta.json")).read_text())
            duration_s = float(meta["duration_s"])
        except (OSError, ValueError, TypeError, KeyError):
            return None  # no entry, or not a complete one
        return RenderOk(
            video_key=f"{prefix}/video.mp4",
            poster_key=f"{prefix}/poster.png",
            duration_s=duration_s,
            cached=True,
            layout=parse_layout(meta.get("layout")),  # shared storage: read as untrusted too
        )

    async def put(
        self,
        key: str,
        video: Path,
        poster: Path,
        duration_s: float,
        layout: Sequence[LayoutItem] = (),
    ) -> RenderOk:
        """Store a verified render's files; the entry is complete when this returns."""
        prefix = self._prefix(key)
        await self.media.put(f"{prefix}/video.mp4", video, "video/mp4")
        await self.media.put(f"{prefix}/poster.png", poster, "image/png")
        fd, meta = tempfile.mkstemp(prefix="render-meta-", suffix=".json")
        try:
            with os.fdopen(fd, "w") as f:
                layout_json = [item.model_dump() for item in layout]
                json.dump({"duration_s": duration_s, "layout": layout_json}, f)
            await self.media.put(f"{prefix}/meta.json", Path(meta), "application/json")
        finally:
            Path(meta).unlink(missing_ok=True)
        return RenderOk(
            video_key=f"{prefix}/video.mp4",
            poster_key=f"{prefix}/poster.png",
            duration_s=duration_s,
            layout=list(layout),
        )
