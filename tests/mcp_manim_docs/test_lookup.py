"""`get_manim_doc`'s symbol resolution: tolerant of how models and people write names."""

from __future__ import annotations

import pytest

from mcp_manim_docs.doc_model import DocsIndex
from mcp_manim_docs.lookup import format_entry, resolve_symbol


@pytest.mark.parametrize(
    ("query", "symbol"),
    [
        ("Axes.plot", "manim.CoordinateSystem.plot"),
        ("manim.Axes", "manim.Axes"),
        ("manim.mobject.graphing.coordinate_systems.Axes", "manim.Axes"),
        ("manim.mobject.graph.Graph", "manim.Graph"),
        ("axes.plot", "manim.CoordinateSystem.plot"),
        ("Axes.plot()", "manim.CoordinateSystem.plot"),
        ("Axes.plot(", "manim.CoordinateSystem.plot"),
        ("  Axes . plot  ", "manim.CoordinateSystem.plot"),
        ("`ValueTracker`", "manim.ValueTracker"),
        ("valuetracker", "manim.ValueTracker"),
        ("Square.shift", "manim.Mobject.shift"),
        ("manim.Mobject.shift", "manim.Mobject.shift"),
        ("self.play", "manim.Scene.play"),
        ("CapStyleType.ROUND", "manim.CapStyleType.ROUND"),
        ("UP", "manim.UP"),
    ],
)
def test_tolerant_lookup(docs_index: DocsIndex, query: str, symbol: str) -> None:
    found = resolve_symbol(docs_index, query)
    assert found.found and found.entry is not None, found
    assert found.entry.symbol == symbol


def test_subclass_method_notes_where_it_is_defined(docs_index: DocsIndex) -> None:
    found = resolve_symbol(docs_index, "Square.shift")
    assert found.note is not None and "Mobject" in found.note


@pytest.mark.parametrize(
    ("query", "replacement", "symbol"),
    [
        ("ShowCreation", "Create", "manim.Create"),
        ("TextMobject", "Tex", "manim.Tex"),
        ("GraphScene", "Axes", "manim.Scene"),
        ("Axes.get_graph", "plot", "manim.CoordinateSystem.plot"),
        ("get_graph", "plot", "manim.CoordinateSystem.plot"),
        ("mob.get_width", "width", "manim.Mobject.width"),
        ("TextMobject.set_color", "Tex", None),
    ],
)
def test_gl_names_answer_with_the_replacement(
    docs_index: DocsIndex, query: str, replacement: str, symbol: str | None
) -> None:
    found = resolve_symbol(docs_index, query)
    assert found.note is not None and replacement in found.note, found.note
    assert found.found and found.entry is not None
    if symbol is not None:
        assert found.entry.symbol == symbol


def test_an_old_constant_resolves_to_its_config_option(docs_index: DocsIndex) -> None:
    found = resolve_symbol(docs_index, "FRAME_WIDTH")
    assert found.found and found.entry is not None
    assert found.entry.symbol == "manim.config.frame_width"
    assert found.note is not None and "config.frame_width" in found.note


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("config.frame_rate", "manim.config.frame_rate"),
        ("pixel_width", "manim.config.pixel_width"),
        ("--fps", "cli:--frame_rate"),
        ("-ql", "cli:--quality"),
        ("cli:--transparent", "cli:--transparent"),
    ],
)
def test_config_options_and_flags_resolve(docs_index: DocsIndex, query: str, expected: str) -> None:
    found = resolve_symbol(docs_index, query)
    assert found.entry is not None and found.entry.symbol == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Axis.plott", "Axes.plot"), ("Circel", "Circle"), ("ValueTraker", "ValueTracker")],
)
def test_unknown_symbol_gets_suggestions(docs_index: DocsIndex, query: str, expected: str) -> None:
    found = resolve_symbol(docs_index, query)
    assert not found.found and found.entry is None
    assert expected in found.suggestions and len(found.suggestions) <= 5


def test_empty_query(docs_index: DocsIndex) -> None:
    found = resolve_symbol(docs_index, "  ()  ")
    assert not found.found and found.note


def test_format_entry_for_a_method(docs_index: DocsIndex) -> None:
    entry = resolve_symbol(docs_index, "Axes.plot").entry
    assert entry is not None
    text = format_entry(entry, docs_index)
    assert "CoordinateSystem.plot(function, x_range=None" in text
    assert "`x_range`: `Sequence[float] | None` = `None` — The range of the curve" in text
    assert "**Returns:**" in text and "PlotExample" in text
    assert len(text) < 6000


def test_format_entry_for_a_class_lists_members(docs_index: DocsIndex) -> None:
    entry = resolve_symbol(docs_index, "Axes").entry
    assert entry is not None
    text = format_entry(entry, docs_index)
    assert "**Bases" in text and "CoordinateSystem" in text
    assert "plot" in text.split("**Inherited from CoordinateSystem:**", 1)[1]
    assert len(text) < 10_000
    longest = max((format_entry(e, docs_index) for e in docs_index.entries), key=len)
    assert len(longest) < 15_000
