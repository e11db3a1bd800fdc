"""Fixtures shared by every test package."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcp_manim_docs.api_index import ApiIndex, load_api_index
from mcp_manim_docs.doc_model import DocsIndex
from mcp_manim_docs.docs_build import load_docs_index


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where this test session's API index lives (built once, on first use)."""
    return tmp_path_factory.mktemp("api-index")


@pytest.fixture(scope="session")
def api_index(index_dir: Path) -> ApiIndex:
    """The installed manim's API index, built once per test session."""
    return load_api_index(index_dir)


@pytest.fixture(scope="session")
def docs_index(index_dir: Path) -> DocsIndex:
    """The installed manim's documentation index, built once per test session."""
    return load_docs_index(index_dir)
