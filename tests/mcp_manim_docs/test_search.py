"""Search quality on questions phrased the way teachers and LLMs ask, plus the guides' health."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mcp_manim_docs.doc_model import DocsIndex
from mcp_manim_docs.guides import guide_entries, guide_examples, load_guides
from mcp_manim_docs.search import DocsSearch
from mcp_manim_docs.synonyms import rules
from tools.check import gl_migrations

HERE = Path(__file__).resolve().parent
OUR_QUERIES = HERE / "docs_queries.tsv"
REAL_QUESTIONS = HERE / "real_questions.tsv"
PUBLIC_QUERIES = HERE.parents[1].parent / "shared" / "eval" / "docs_queries.tsv"

Query = tuple[str, list[str]]


def load_queries(path: Path = OUR_QUERIES) -> list[Query]:
    """(query, any-of expected short names) rows of a `query<TAB>A|B[<TAB>source]` file with a
    header."""
    rows: list[Query] = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip() and not line.startswith("#"):
            query, expected = line.split("\t")[:2]
            rows.append((query, [e.strip() for e in expected.split("|") if e.strip()]))
    return rows


def matches(short_name: str, expected: str) -> bool:
    """`animate` matches `Mobject.animate`; `Axes.plot` matches only itself or `*.Axes.plot`;
    `frame_rate` matches `config.frame_rate` and `--frame_rate` matches `cli:--frame_rate`."""
    return (
        short_name == expected
        or short_name.endswith("." + expected)
        or short_name.endswith(":" + expected)
    )


def found_in_top(search: DocsSearch, query: str, expected: list[str], k: int = 5) -> bool:
    return any(matches(h.entry.short_name, e) for h in search.search(query, k) for e in expected)


def recall_at(search: DocsSearch, queries: list[Query], k: int = 5) -> tuple[float, list[str]]:
    """Share of queries with an expected symbol in the top `k`, and a line per miss."""
    misses = [
        f"{q!r}: wanted {'|'.join(exp)}, got {[h.entry.short_name for h in search.search(q, 5)]}"
        for q, exp in queries
        if not found_in_top(search, q, exp, k)
    ]
    return 1 - len(misses) / len(queries), misses


def recall_at_5(search: DocsSearch, queries: list[Query]) -> tuple[float, list[str]]:
    return recall_at(search, queries, 5)


@pytest.fixture(scope="module")
def search(docs_index: DocsIndex) -> DocsSearch:
    return DocsSearch(docs_index)


def test_our_query_set_is_large_and_includes_the_public_one() -> None:
    ours = load_queries()
    assert len(ours) >= 30
    if PUBLIC_QUERIES.exists():
        assert {q for q, _ in load_queries(PUBLIC_QUERIES)} <= {q for q, _ in ours}


def test_recall_at_5_on_our_queries(search: DocsSearch) -> None:
    recall, misses = recall_at_5(search, load_queries())
    print(f"recall@5 = {recall:.3f}; misses: {misses or 'none'}")
    assert recall >= 0.9, "\n".join(misses)


def test_real_questions_are_many_and_sourced() -> None:
    lines = REAL_QUESTIONS.read_text(encoding="utf-8").splitlines()[1:]
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    assert len(rows) >= 40
    assert all(len(row) == 3 and row[2].startswith("https://") for row in rows), rows
    assert len({row[0] for row in rows}) == len(rows)


def test_recall_on_real_questions(search: DocsSearch) -> None:
    """Questions people asked in Manim's issue trackers and Q&A pages, as they phrased them."""
    questions = load_queries(REAL_QUESTIONS)
    at5, misses5 = recall_at(search, questions, 5)
    at1, misses1 = recall_at(search, questions, 1)
    print(f"real questions: recall@1 = {at1:.3f}, recall@5 = {at5:.3f}")
    assert at5 >= 0.95, "\n".join(misses5)
    assert at1 >= 0.75, "\n".join(misses1)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("python code", "Code"),
        ("show code", "Code"),
        ("fps", "config.frame_rate"),
        ("-ql", "cli:--quality"),
        ("--fps", "cli:--frame_rate"),
        ("resolution", "config.pixel_width"),
        ("multi-line text", "Paragraph"),
        ("background color", "config.background_color"),
        ("transparent background", "cli:--transparent"),
        ("GraphScene", "Axes"),
        ("move a term to the other side of an equation", "TransformMatchingTex"),
    ],
)
def test_short_everyday_queries_find_the_answer(
    search: DocsSearch, query: str, expected: str
) -> None:
    names = [h.entry.short_name for h in search.search(query, 3)]
    assert expected in names, names


def test_a_kind_filter_keeps_only_that_kind(search: DocsSearch) -> None:
    flags = search.search("frame rate", 5, kind="cli")
    assert flags and all(h.entry.kind == "cli" for h in flags)
    guides = search.search("text", 5, kind="guide")
    assert len(guides) > 1 and all(h.entry.kind == "guide" for h in guides)


def test_every_public_query_finds_an_expected_symbol(search: DocsSearch) -> None:
    if not PUBLIC_QUERIES.exists():
        pytest.skip(f"no public query set at {PUBLIC_QUERIES}")
    recall, misses = recall_at_5(search, load_queries(PUBLIC_QUERIES))
    print(f"public recall@5 = {recall:.3f}")
    assert not misses, "\n".join(misses)


@pytest.mark.parametrize(
    "name",
    [
        "Axes.plot",
        "plot",
        "manim.Circle",
        "Transform",
        "ValueTracker",
        "MathTex",
        "Mobject.animate",
        "to_corner",
        "arrange_in_grid",
        "TracedPath",
        "MovingCameraScene",
        "ThreeDScene.set_camera_orientation",
        "guide:camera-movement",
    ],
)
def test_a_symbol_name_ranks_that_symbol_first(search: DocsSearch, name: str) -> None:
    wanted = search.resolve(name)
    assert wanted is not None
    assert search.search(name)[0].entry.symbol == wanted.symbol


def test_axes_plot_resolves_to_the_defining_class(search: DocsSearch) -> None:
    entry = search.resolve("Axes.plot")
    assert entry is not None and entry.symbol.endswith(".plot") and entry.kind == "method"
    assert search.resolve("Axes.no_such_method") is None


def test_common_symbols_outrank_obscure_ones(search: DocsSearch) -> None:
    names = [h.entry.short_name for h in search.search("transform one shape into another", 10)]
    assert "Transform" in names
    if "TransformAnimations" in names:
        assert names.index("Transform") < names.index("TransformAnimations")
    corner = [h.entry for h in search.search("to_corner", 5)]
    assert ".opengl" not in corner[0].module


def test_results_are_deterministic(search: DocsSearch, docs_index: DocsIndex) -> None:
    fresh = DocsSearch(docs_index)
    for query in ("make a number change smoothly", "circle", "fade", "graph"):
        first = [(h.entry.symbol, h.score) for h in search.search(query, 10)]
        assert first == [(h.entry.symbol, h.score) for h in search.search(query, 10)]
        assert first == [(h.entry.symbol, h.score) for h in fresh.search(query, 10)]


def test_results_do_not_depend_on_the_hash_seed(index_dir: Path, docs_index: DocsIndex) -> None:
    script = (
        "import sys; from pathlib import Path\n"
        "from mcp_manim_docs.docs_build import load_docs_index\n"
        "from mcp_manim_docs.search import DocsSearch\n"
        "s = DocsSearch(load_docs_index(Path(sys.argv[1])))\n"
        "for q in sys.argv[2:]:\n"
        "    print([(h.entry.symbol, h.score) for h in s.search(q, 10)])\n"
    )
    queries = ["leave a trail behind a dot", "make a dot bounce", "Axes.plot"]
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script, str(index_dir), *queries],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_an_empty_query_is_refused_with_a_clear_message(search: DocsSearch, query: str) -> None:
    with pytest.raises(ValueError, match="empty query"):
        search.search(query)


def test_long_queries_and_limits(search: DocsSearch) -> None:
    long_query = "please show me how to zoom into part of the scene " * 300
    hits = search.search(long_query, 5)
    assert 0 < len(hits) <= 5
    assert len(search.search("circle", 12)) == 12
    assert len([h for h in search.search("text", 25) if h.entry.kind == "guide"]) <= 1


def test_typos_still_find_the_symbol(search: DocsSearch) -> None:
    assert search.search("ValueTraker")[0].entry.short_name == "ValueTracker"


def test_a_guide_lifts_its_symbols(search: DocsSearch) -> None:
    hits = [h.entry.symbol for h in search.search("port old manimgl code to manim community")]
    assert "guide:gl-migration" in hits


def test_guides_are_in_the_index(docs_index: DocsIndex) -> None:
    symbols = {e.symbol for e in docs_index.entries if e.kind == "guide"}
    guides = guide_entries()
    assert len(guides) >= 9
    assert {g.symbol for g in guides} <= symbols
    for g in guides:
        assert g.body.startswith("# ") and g.summary and g.see_also, g.symbol


def test_guide_examples_are_complete_scenes_that_compile() -> None:
    examples = guide_examples()
    assert {e.source for e in examples} == {g.symbol for g in guide_entries()}
    assert len({e.name for e in examples}) == len(examples), "scene names must be unique"
    for example in examples:
        assert example.code.startswith("from manim import *\n"), example.name
        assert re.search(rf"^class {example.name}\(\w*Scene\):", example.code, re.M)
        compile(example.code, example.name, "exec")


def test_every_symbol_a_guide_names_exists(search: DocsSearch) -> None:
    missing = [
        f"{g.slug}: {s}" for g in load_guides() for s in g.symbols if search.resolve(s) is None
    ]
    assert not missing


def test_every_symbol_the_synonyms_name_exists(search: DocsSearch) -> None:
    missing = sorted({s for r in rules() for s in r.symbols if search.resolve(s) is None})
    assert not missing


def test_the_migration_guide_table_comes_from_gl_migrations() -> None:
    (guide,) = [g for g in load_guides() if g.slug == "gl-migration"]
    for old in (*gl_migrations.NAMES, *gl_migrations.METHODS):
        assert f"`{old}`" in guide.body or f"`.{old}()`" in guide.body, old
    assert "{{" not in guide.body
