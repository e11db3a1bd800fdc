"""A ready-to-serve snapshot of the docs service, so a server starts answering in milliseconds.

Loading the JSON indexes and building the search structures takes most of a stdio server's
start-up (about 0.4 s here, before the first search can answer); unpickling the finished
`DocsService` takes about a third of that. The snapshot sits beside the indexes in the cache dir
(the user's own, private directory) and is keyed by everything it is made from: the index files,
this package's code and guides, and the Python and pydantic versions. Any change means a new
key, so a stale snapshot is never read; one that cannot be read or written is simply rebuilt or
skipped. `tutor docs-mcp --build-index` (run by `make setup`) writes it.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
import threading
from pathlib import Path

import pydantic

from mcp_manim_docs.docs_build import docs_index_path
from mcp_manim_docs.docs_service import DocsService
from tools.check.api_index import default_cache_dir, index_path, installed_manim_version

PACKAGE = Path(__file__).resolve().parent
PREFIX = "docs-service-"
KEEP = 3
log = logging.getLogger(__name__)


def _stamp(path: Path) -> str:
    try:
        found = path.stat()
    except OSError:
        return f"{path.name}:-"
    return f"{path.name}:{found.st_size}:{found.st_mtime_ns}"


def snapshot_path(cache_dir: Path) -> Path:
    """Where the snapshot made from the current indexes and code lives."""
    version = installed_manim_version()
    sources = sorted(
        p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )  # code, guides and any data files; not bytecode, which Python rewrites at will
    inputs = [docs_index_path(cache_dir, version), index_path(cache_dir, version), *sources]
    key = hashlib.sha256(
        "\n".join([sys.version, pydantic.VERSION, *map(_stamp, inputs)]).encode()
    ).hexdigest()[:16]
    return cache_dir / f"{PREFIX}{version}-{key}.pickle"


def load_service(cache_dir: Path | None = None, save_in_background: bool = True) -> DocsService:
    """The docs service from its snapshot, or built when there is none, and then snapshotted
    (in the background by default, so the caller is not kept waiting)."""
    cache = cache_dir or default_cache_dir()
    found = read_snapshot(cache)
    if found is not None:
        return found
    service = DocsService.load(cache)
    if save_in_background:  # not a daemon (which it would inherit): the write finishes even
        # if the server is leaving
        threading.Thread(target=save_snapshot, args=(service, cache), daemon=False).start()
    else:
        save_snapshot(service, cache)
    return service


def read_snapshot(cache_dir: Path) -> DocsService | None:
    path = snapshot_path(cache_dir)
    if not path.exists():
        return None
    try:
        gc.disable()  # millions of small objects: collecting meanwhile only costs time
        with path.open("rb") as file:
            service = pickle.load(file)
        return service if isinstance(service, DocsService) else None
    except Exception:  # unreadable (truncated, classes changed): the caller rebuilds it
        log.warning("ignoring the unreadable docs snapshot %s", path, exc_info=True)
        return None
    finally:
        gc.enable()


def save_snapshot(service: DocsService, cache_dir: Path) -> None:
    """Write the snapshot atomically, and drop old ones that older code or indexes left."""
    path = snapshot_path(cache_dir)
    tmp = None
    try:
        data = pickle.dumps(service, protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(tmp, path)  # atomic: a concurrent reader sees the old file or the new
    except Exception:  # no snapshot is only slower
        log.warning("could not write the docs snapshot %s", path, exc_info=True)
        return
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
    # Keep a few (checkouts of other versions may share this cache dir), not every one ever made.
    with contextlib.suppress(OSError):  # another process may be tidying up too
        others = sorted(
            (p for p in cache_dir.glob(f"{PREFIX}*.pickle") if p != path),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in others[KEEP - 1 :]:
            old.unlink()
