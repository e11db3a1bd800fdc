"""Fixtures shared by every test package."""

from __future__ import annotations

import pytest

from mcp_manim_docs.api_index import ApiIndex, load_api_index


@pytest.fixture(scope="session")
def api_index(tmp_path_factory: pytest.TempPathFactory) -> ApiIndex:
    """The installed manim's API index, built once per test session into a temp dir."""
    return load_api_index(tmp_path_factory.mktemp("api-index"))
