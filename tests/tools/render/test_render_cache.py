"""The render cache lives in a FileStorage: results name its keys, and an entry counts only once
its meta.json (written last) is there."""

from __future__ import annotations

from pathlib import Path

from tools.render.cache import RenderCache
from tools.storage.local import LocalStorage

KEY = "ab" + "0123456789abcdef" * 3 + "0123456789ab"


def files(tmp_path: Path) -> tuple[Path, Path]:
    video, poster = tmp_path / "video.mp4", tmp_path / "poster.png"
    video.write_bytes(b"video bytes")
    poster.write_bytes(b"poster bytes")
    return video, poster


async def test_a_stored_render_is_found_by_its_keys(tmp_path: Path) -> None:
    media = LocalStorage(tmp_path / "cache")
    cache = RenderCache(media)
    assert await cache.get(KEY) is None
    stored = await cache.put(KEY, *files(tmp_path), duration_s=2.5)
    assert (stored.video_key, stored.poster_key) == (
        f"renders/ab/{KEY}/video.mp4",
        f"renders/ab/{KEY}/poster.png",
    )
    assert not stored.cached
    hit = await cache.get(KEY)
    assert hit == stored.model_copy(update={"cached": True})
    assert (await media.local_path(hit.video_key)).read_bytes() == b"video bytes"
    assert (await media.local_path(hit.poster_key)).read_bytes() == b"poster bytes"


async def test_an_entry_without_its_meta_is_not_a_hit(tmp_path: Path) -> None:
    media = LocalStorage(tmp_path / "cache")
    cache = RenderCache(media)
    await cache.put(KEY, *files(tmp_path), duration_s=1.0)
    await media.delete(f"renders/ab/{KEY}/meta.json")  # as if the put had stopped before it
    assert await media.exists(f"renders/ab/{KEY}/video.mp4")
    assert await cache.get(KEY) is None


async def test_an_unreadable_meta_is_not_a_hit(tmp_path: Path) -> None:
    media = LocalStorage(tmp_path / "cache")
    cache = RenderCache(media)
    await cache.put(KEY, *files(tmp_path), duration_s=1.0)
    media.path_for(f"renders/ab/{KEY}/meta.json").write_text('{"duration": "?"}')
    assert await cache.get(KEY) is None
