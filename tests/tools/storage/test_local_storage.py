"""Local file storage: key validation, atomic replacement, hard links with a copy fallback."""

from __future__ import annotations

import asyncio
import errno
import os
from pathlib import Path

import pytest

from tools.storage import local as local_storage
from tools.storage.local import LocalStorage
from tools.storage.protocol import FileStorage

KEY = "u/alice/l/123/s1/v2/clip.mp4"
BAD_KEYS = [
    "", "/etc/passwd", "a//b", "a/", "/", "../x", "a/../../x", "a/..", "..", ".", "./a", "a/./b",
    "a\\b", "..\\x", "a\0b",
]  # fmt: skip


@pytest.fixture
def storage(tmp_path: Path) -> LocalStorage:
    return LocalStorage(tmp_path / "clips")


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def leftovers(storage: LocalStorage) -> list[Path]:
    return [p for p in storage.root.rglob("*") if p.name.endswith(".tmp")]


def test_satisfies_the_protocol(storage: LocalStorage) -> None:
    typed: FileStorage = storage
    assert typed is storage


@pytest.mark.parametrize("key", BAD_KEYS)
async def test_bad_keys_are_refused_everywhere(
    storage: LocalStorage, tmp_path: Path, key: str
) -> None:
    source = write(tmp_path / "src.mp4", b"x")
    calls = [
        storage.put(key, source, "video/mp4"),
        storage.local_path(key),
        storage.url(key),
        storage.exists(key),
        storage.delete(key),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="bad storage key"):
            await call
    assert not (tmp_path / "etc").exists()


@pytest.mark.parametrize("key", ["a", "a/b.c", "a..b/c", "u/x/.hidden", KEY])
def test_good_keys_map_under_the_root(storage: LocalStorage, key: str) -> None:
    path = storage.path_for(key)
    assert path.is_relative_to(storage.root)
    assert path.relative_to(storage.root).as_posix() == key


async def test_put_exists_url_local_path_delete(storage: LocalStorage, tmp_path: Path) -> None:
    source = write(tmp_path / "src.mp4", b"video")
    assert not await storage.exists(KEY)
    await storage.put(KEY, source, "video/mp4")
    assert await storage.exists(KEY)
    path = await storage.local_path(KEY)
    assert path.read_bytes() == b"video"
    url = await storage.url(KEY)
    assert Path(url).is_absolute()
    assert url == str(path)
    await storage.delete(KEY)
    assert not await storage.exists(KEY)
    await storage.delete(KEY)  # deleting a missing object is a no-op
    with pytest.raises(FileNotFoundError, match="no stored object"):
        await storage.local_path(KEY)
    assert source.read_bytes() == b"video"  # the source is never consumed


async def test_a_relative_root_is_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    storage = LocalStorage(Path("rel"))
    assert Path(await storage.url("a/b")) == tmp_path / "rel" / "a" / "b"


async def test_put_hard_links_on_one_filesystem(storage: LocalStorage, tmp_path: Path) -> None:
    source = write(tmp_path / "src.mp4", b"video")
    await storage.put(KEY, source, "video/mp4")
    stored = (await storage.local_path(KEY)).stat()
    assert stored.st_ino == source.stat().st_ino
    assert source.stat().st_nlink == 2


async def test_put_copies_across_filesystems(
    storage: LocalStorage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cross_device(src: object, dst: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(local_storage.os, "link", cross_device)
    source = write(tmp_path / "src.mp4", b"video")
    await storage.put(KEY, source, "video/mp4")
    path = await storage.local_path(KEY)
    assert path.read_bytes() == b"video"
    assert path.stat().st_ino != source.stat().st_ino
    assert leftovers(storage) == []


async def test_other_link_errors_propagate_and_leave_nothing(
    storage: LocalStorage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(local_storage.os, "link", broken)
    with pytest.raises(OSError, match="I/O error"):
        await storage.put(KEY, write(tmp_path / "src.mp4", b"v"), "video/mp4")
    assert not await storage.exists(KEY)
    assert leftovers(storage) == []


async def test_overwrite_replaces_and_never_writes_into_the_old_file(
    storage: LocalStorage, tmp_path: Path
) -> None:
    first = write(tmp_path / "first.mp4", b"first")
    second = write(tmp_path / "second.mp4", b"second")
    await storage.put(KEY, first, "video/mp4")
    await storage.put(KEY, second, "video/mp4")
    assert (await storage.local_path(KEY)).read_bytes() == b"second"
    # The first object was a hard link to `first`; writing in place would have clobbered it.
    assert first.read_bytes() == b"first"
    assert first.stat().st_nlink == 1
    assert leftovers(storage) == []


async def test_putting_the_same_file_twice_is_harmless(
    storage: LocalStorage, tmp_path: Path
) -> None:
    source = write(tmp_path / "src.mp4", b"video")
    await storage.put(KEY, source, "video/mp4")
    await storage.put(KEY, await storage.local_path(KEY), "video/mp4")
    assert (await storage.local_path(KEY)).read_bytes() == b"video"


async def test_a_missing_source_is_an_error(storage: LocalStorage, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no file at"):
        await storage.put(KEY, tmp_path / "nope.mp4", "video/mp4")
    assert not await storage.exists(KEY)


async def test_concurrent_puts_to_one_key_leave_one_whole_object(
    storage: LocalStorage, tmp_path: Path
) -> None:
    sources = [write(tmp_path / f"src{i}.mp4", bytes([i]) * 1000) for i in range(10)]
    await asyncio.gather(*(storage.put(KEY, s, "video/mp4") for s in sources))
    data = (await storage.local_path(KEY)).read_bytes()
    assert data in {s.read_bytes() for s in sources}
    assert leftovers(storage) == []
    assert os.listdir(storage.path_for(KEY).parent) == ["clip.mp4"]
