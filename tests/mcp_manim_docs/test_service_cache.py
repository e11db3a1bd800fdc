"""The docs service's snapshot: written once, read instead of rebuilding, never read stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mcp_manim_docs import service_cache
from mcp_manim_docs.docs_build import docs_index_path
from mcp_manim_docs.docs_service import DocsService
from mcp_manim_docs.service_cache import load_service, read_snapshot, snapshot_path


@pytest.fixture
def cache(built: Path, tmp_path: Path) -> Path:
    """A copy of the built indexes, without any snapshot."""
    copy = tmp_path / "cache"
    shutil.copytree(built, copy, ignore=shutil.ignore_patterns("docs-service-*"))
    return copy


def test_the_snapshot_is_written_then_read_instead_of_rebuilding(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = load_service(cache, save_in_background=False)
    assert snapshot_path(cache).exists()

    def no_rebuild(cache_dir: Path | None = None) -> DocsService:
        raise AssertionError("rebuilt although a snapshot was there")

    monkeypatch.setattr(service_cache.DocsService, "load", no_rebuild)
    again = load_service(cache)
    assert again.version() == built.version()
    assert again.search("plot a function", 3) == built.search("plot a function", 3)


def test_a_changed_index_means_a_new_snapshot_and_old_ones_are_tidied(cache: Path) -> None:
    load_service(cache, save_in_background=False)
    first = snapshot_path(cache)
    index = docs_index_path(cache)
    index.write_bytes(index.read_bytes() + b"\n")  # same content, new size and time
    assert snapshot_path(cache) != first and read_snapshot(cache) is None
    for n in range(4):  # older snapshots: at most KEEP are kept in all
        (cache / f"docs-service-old{n}.pickle").write_bytes(b"x")
    load_service(cache, save_in_background=False)
    assert len(list(cache.glob("docs-service-*.pickle"))) == service_cache.KEEP


def test_an_unreadable_snapshot_is_rebuilt(cache: Path) -> None:
    load_service(cache, save_in_background=False)
    snapshot_path(cache).write_bytes(b"not a pickle")
    assert read_snapshot(cache) is None
    assert load_service(cache, save_in_background=False).version().entries > 500
    assert read_snapshot(cache) is not None
