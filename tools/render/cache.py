"""Content-addressed cache of successful renders: same code, scene, quality and manim → same clip."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from tools.render.result import RenderOk

RUNNER_SOURCE = Path(__file__).with_name("scene_runner.py")


def runner_fingerprint() -> str:
    """Changing how scenes are rendered must invalidate old clips."""
    return hashlib.sha256(RUNNER_SOURCE.read_bytes()).hexdigest()[:16]


def cache_key(code: str, scene: str | None, quality: str, manim_version: str) -> str:
    payload = json.dumps(
        [code, scene or "", quality, manim_version, runner_fingerprint()], ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()


class RenderCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str) -> RenderOk | None:
        entry = self._entry(key)
        try:
            meta = json.loads((entry / "meta.json").read_text())
        except (OSError, ValueError):
            return None
        video, poster = entry / "video.mp4", entry / "poster.png"
        if not (video.is_file() and poster.is_file()):
            return None
        return RenderOk(video=video, poster=poster, duration_s=meta["duration_s"], cached=True)

    def put(self, key: str, video: Path, poster: Path, duration_s: float) -> RenderOk:
        """Move the files in; the entry appears atomically, so readers never see half of one."""
        entry = self._entry(key)
        entry.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=entry.parent, prefix=".staging-"))
        try:
            shutil.move(video, staging / "video.mp4")
            shutil.move(poster, staging / "poster.png")
            (staging / "meta.json").write_text(json.dumps({"duration_s": duration_s}))
            os.chmod(staging, 0o700)  # private to the owner, as everything under the data dir
            try:
                os.rename(staging, entry)
            except OSError:  # a concurrent render of the same key won: keep its entry
                shutil.rmtree(staging, ignore_errors=True)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return RenderOk(
            video=entry / "video.mp4", poster=entry / "poster.png", duration_s=duration_s
        )
