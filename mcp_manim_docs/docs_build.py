"""Build, cache and load the documentation index of the installed manim.

Like the API index, the docs are introspected once per manim version in a child process (manim's
import is slow and noisy) and cached as JSON; loading never imports manim. Our own guides are
appended at load time: they are files of this project, cheap to read and not version-bound.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from mcp_manim_docs.doc_model import DocsIndex
from mcp_manim_docs.guides import guide_entries, guide_examples
from tools.check.api_index import default_cache_dir, installed_manim_version

DOCS_FORMAT = 2  # 2: config options and `manim render` flags
BUILD_TIMEOUT_S = 300


def docs_index_path(cache_dir: Path | None = None, manim_version: str | None = None) -> Path:
    """Where the docs index of a manim version is cached."""
    version = manim_version or installed_manim_version()
    return (cache_dir or default_cache_dir()) / f"manim-docs-{version}-v{DOCS_FORMAT}.json"


_loaded: dict[Path, DocsIndex] = {}


def load_docs_index(cache_dir: Path | None = None) -> DocsIndex:
    """The docs index of the installed manim (plus guides), built first if this version has none."""
    path = docs_index_path(cache_dir)
    if path in _loaded:
        return _loaded[path]
    if not path.exists():
        build_docs_file(path)
    try:
        index = read_docs_file(path)
    except ValueError:  # unreadable (edited or truncated by hand): rebuild once
        build_docs_file(path)
        index = read_docs_file(path)
    add_guides(index)
    _loaded[path] = index
    return index


def read_docs_file(path: Path) -> DocsIndex:
    """Parse a cached docs index (no guides, no memo)."""
    return DocsIndex.model_validate_json(path.read_bytes())


def build_docs_file(path: Path) -> None:
    """Introspect manim in a child process and write the index atomically to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "mcp_manim_docs._introspect_docs", tmp],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=BUILD_TIMEOUT_S,
            check=False,
        )
        if done.returncode != 0:
            tail = done.stderr.decode(errors="replace")[-2000:]
            raise RuntimeError(f"building the manim docs index failed:\n{tail}")
        os.replace(tmp, path)  # atomic: concurrent builders never see a half-written file
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def add_guides(index: DocsIndex) -> None:
    """Our guides and their scenes join the index (they are files of ours: never cached)."""
    examples = guide_examples()
    by_guide: dict[str, list[str]] = {}
    for example in examples:
        if example.name in index.examples:  # a docstring scene has that name: rename ours
            new = f"{example.name}FromGuide"
            code = re.sub(rf"\bclass {re.escape(example.name)}\b", f"class {new}", example.code)
            example = example.model_copy(update={"name": new, "code": code})
        by_guide.setdefault(example.source, []).append(example.name)
        index.examples[example.name] = example
    for entry in guide_entries():
        entry.examples = by_guide.get(entry.symbol, [])
        index.entries.append(entry)
