"""Fixtures for the offline model's tests: quiet tracing, and the render engine of tests/tools."""

from __future__ import annotations

import pytest

# Reused, not copied: the same engine fixture the render-engine tests use.
from tests.tools.conftest import make_engine  # noqa: F401  # pyright: ignore[reportUnusedImport]


@pytest.fixture(autouse=True)
def no_tracing(monkeypatch: pytest.MonkeyPatch) -> None:
    """No API key here: keep the Agents SDK from trying to export traces."""
    monkeypatch.setenv("OPENAI_AGENTS_DISABLE_TRACING", "1")
