"""The documentation index of the installed manim: what it holds, and how it is built."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from mcp_manim_docs.doc_model import DocEntry, DocsIndex
from mcp_manim_docs.docs_build import docs_index_path, load_docs_index, read_docs_file
from tools.check.api_index import installed_manim_version

LOAD_BUDGET_S = 0.15


def entry(index: DocsIndex, symbol: str) -> DocEntry:
    found = [e for e in index.entries if e.symbol == symbol]
    assert len(found) == 1, f"{symbol}: {len(found)} entries"
    return found[0]


def test_counts_are_sane(docs_index: DocsIndex) -> None:
    kinds: dict[str, int] = {}
    for e in docs_index.entries:
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    print(f"\n{len(docs_index.entries)} entries {kinds}, {len(docs_index.examples)} examples")
    assert docs_index.manim_version == installed_manim_version()
    assert len(docs_index.entries) > 1000
    assert kinds["class"] > 200 and kinds["method"] > 500 and kinds["function"] > 50
    assert kinds["constant"] > 50 and kinds["property"] > 20
    assert len(docs_index.examples) > 300


@pytest.mark.parametrize(
    "symbol",
    [
        "manim.Axes",
        "manim.ValueTracker",
        "manim.MovingCameraScene",
        "manim.TracedPath",
        "manim.DecimalNumber",
        "manim.Create",
        "manim.Transform",
        "manim.MathTex",
        "manim.Mobject.shift",
        "manim.Mobject.animate",
        "manim.Scene.play",
        "manim.CoordinateSystem.plot",
        "manim.smooth",
        "manim.UP",
        "manim.BLUE",
    ],
)
def test_has_entry(docs_index: DocsIndex, symbol: str) -> None:
    found = entry(docs_index, symbol)
    assert found.summary or found.signature  # a few functions (rate functions) lack docstrings


def test_symbols_are_unique(docs_index: DocsIndex) -> None:
    symbols = [e.symbol for e in docs_index.entries]
    assert len(symbols) == len(set(symbols))


def test_inherited_members_live_on_the_defining_class(docs_index: DocsIndex) -> None:
    symbols = {e.symbol for e in docs_index.entries}
    assert "manim.Mobject.shift" in symbols
    assert "manim.Square.shift" not in symbols and "manim.Axes.plot" not in symbols


def test_axes_plot_has_parameters_and_description(docs_index: DocsIndex) -> None:
    plot = entry(docs_index, "manim.CoordinateSystem.plot")
    assert plot.kind == "method" and plot.module.endswith("coordinate_systems")
    assert plot.signature.startswith("plot(function, x_range=None")
    params = {p.name: p for p in plot.params}
    assert params["x_range"].default == "None"
    assert "range of the curve" in params["x_range"].description
    assert "**kwargs" in params and "self" not in params
    assert "ParametricFunction" in plot.returns
    assert "PlotExample" in plot.examples
    assert ".. manim::" not in plot.description and "class PlotExample" not in plot.description


def test_class_entries(docs_index: DocsIndex) -> None:
    axes = entry(docs_index, "manim.Axes")
    assert axes.kind == "class"
    assert axes.bases[:3] == ["VGroup", "VMobject", "Mobject"] and "CoordinateSystem" in axes.bases
    assert axes.signature.startswith("Axes(x_range=None, y_range=None")
    traced = entry(docs_index, "manim.TracedPath")
    # defaults are source text, not reprs
    assert {p.name: p.default for p in traced.params}["stroke_color"] == "WHITE"


def test_see_also_resolves_to_symbols(docs_index: DocsIndex) -> None:
    assert "manim.ShowPassingFlash" in entry(docs_index, "manim.Create").see_also
    assert "manim.Mobject.move_to" in entry(docs_index, "manim.Mobject.shift").see_also


def test_constants_properties_and_text_are_clean(docs_index: DocsIndex) -> None:
    up = entry(docs_index, "manim.UP")
    assert up.kind == "constant" and up.module == "manim.constants"
    assert "np.array((0.0, 1.0, 0.0))" in up.description
    assert entry(docs_index, "manim.Mobject.width").kind == "property"
    for e in docs_index.entries:
        assert ":class:`" not in e.summary + e.description, e.symbol
        assert "\n" not in e.summary, e.symbol


def test_examples_are_complete_files(docs_index: DocsIndex) -> None:
    for name, example in docs_index.examples.items():
        assert example.name == name
        assert example.code.startswith("from manim import *") or "from manim import" in example.code
        assert f"class {name}" in example.code, name
    symbols = {e.symbol for e in docs_index.entries}
    referenced = {n for e in docs_index.entries for n in e.examples}
    assert referenced <= set(docs_index.examples)
    plot = docs_index.examples["PlotExample"]
    assert plot.source == "manim.CoordinateSystem.plot" and plot.source in symbols
    assert plot.options == {"save_last_frame": ""}


def test_child_process_is_silent_on_stdout_and_timed(tmp_path: Path) -> None:
    out = tmp_path / "docs.json"
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mcp_manim_docs._introspect_docs", str(out)],
        capture_output=True,
        timeout=300,
        check=False,
    )
    built = time.perf_counter() - start
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    assert proc.stdout == b""
    loads: list[float] = []
    for _ in range(3):
        start = time.perf_counter()
        read_docs_file(out)
        loads.append(time.perf_counter() - start)
    index = read_docs_file(out)
    size = out.stat().st_size
    print(f"\ncold build {built:.2f}s, JSON {size / 1e6:.2f} MB, load {min(loads) * 1000:.0f} ms")
    assert len(index.entries) > 1000
    assert min(loads) < LOAD_BUDGET_S


def test_load_is_cached_per_version_and_memoized(index_dir: Path, docs_index: DocsIndex) -> None:
    path = docs_index_path(index_dir)
    assert path.exists() and installed_manim_version() in path.name
    assert load_docs_index(index_dir) is docs_index
