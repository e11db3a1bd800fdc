"""The docs server as child processes, shared by a test module: over stdio and over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mcp_manim_docs.doc_model import DocsIndex
from tests.mcp_manim_docs.mcp_clients import Http, RawStdio, http_server, raw_stdio, server_command
from tools.check import ApiIndex


@pytest.fixture(scope="module")
def built(index_dir: Path, docs_index: DocsIndex, api_index: ApiIndex) -> Path:
    """The index dir, with both indexes built (so no server builds them, let alone two)."""
    return index_dir


@pytest.fixture(scope="module")
def stdio(built: Path) -> Iterator[RawStdio]:
    """An initialized stdio server, spoken to in raw lines."""
    with raw_stdio(built) as server:
        yield server


@pytest.fixture(scope="module")
def http(built: Path) -> Iterator[Http]:
    """A session on an HTTP server, spoken to in raw POSTs."""
    with http_server(server_command(built)) as url:
        client = Http(url)
        yield client
        client.client.close()
