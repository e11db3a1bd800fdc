"""Listing and fetching the docstring examples, and rendering a few for real."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcp_manim_docs.doc_model import DocsIndex
from mcp_manim_docs.examples import get_example, list_examples
from tests.mcp_manim_docs.example_render import render_check_examples
from tools.render.engine import EngineConfig, RenderEngine
from tools.storage.local import LocalStorage

RENDERED = ["CreateScene", "ValueTrackerExample", "TracedPathExample"]


def test_get_example_is_case_tolerant(docs_index: DocsIndex) -> None:
    example = get_example(docs_index, " plotexample ")
    assert example is not None and example.name == "PlotExample"
    assert get_example(docs_index, "NoSuchExample") is None


def test_every_example_compiles(docs_index: DocsIndex) -> None:
    for name in docs_index.examples:
        example = get_example(docs_index, name)
        assert example is not None
        compile(example.code, f"<{name}>", "exec")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("plot a function on axes", "PlotExample"),
        ("ValueTracker", "ValueTrackerExample"),
        ("TracedPath", "TracedPathExample"),
        ("moving camera", "MovingAndZoomingCamera"),
    ],
)
def test_list_examples_finds_relevant_ones(
    docs_index: DocsIndex, query: str, expected: str
) -> None:
    found = [e.name for e in list_examples(docs_index, query, limit=5)]
    assert expected in found, found


def test_list_examples_limits_and_empty_query(docs_index: DocsIndex) -> None:
    assert len(list_examples(docs_index, "", limit=7)) == 7
    assert len(list_examples(docs_index, "circle", limit=3)) == 3
    assert list_examples(docs_index, "zzzqqq") == []
    assert all(e.summary for e in list_examples(docs_index, "", limit=50))


@pytest.mark.render
async def test_docstring_examples_render(
    docs_index: DocsIndex, tmp_path: Path, index_dir: Path
) -> None:
    engine = RenderEngine(
        EngineConfig(data_dir=tmp_path, workers=2, api_index_dir=index_dir),
        LocalStorage(tmp_path / "cache"),
    )
    examples = [docs_index.examples[name] for name in RENDERED]
    ok, failed = await render_check_examples(engine, examples)
    assert failed == {}
    assert sorted(ok) == sorted(RENDERED)
