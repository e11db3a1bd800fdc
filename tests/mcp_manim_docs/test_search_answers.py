"""One search call reaches runnable code, within a size budget; render settings are indexed."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from pydantic import ValidationError

from mcp_manim_docs.doc_model import DocsIndex
from mcp_manim_docs.docs_service import DocsService
from mcp_manim_docs.search_answer import DEFAULT_MAX_CHARS, MIN_MAX_CHARS, answer_size
from mcp_manim_docs.snippets import CUT_MARK
from mcp_manim_docs.tool_specs import SearchArgs

QUESTIONS = [
    "plot a function on axes",
    "show code",
    "zoom into part of the scene",
    "make a number change smoothly",
    "Axes",
    "fps",
    "move a term to the other side of an equation",
]


@pytest.fixture(scope="module")
def service(index_dir: Path) -> DocsService:
    return DocsService.load(index_dir)


@pytest.mark.parametrize("query", QUESTIONS)
def test_the_default_answer_has_code_and_fits(service: DocsService, query: str) -> None:
    answer = service.search(query)
    assert answer_size(answer) <= DEFAULT_MAX_CHARS
    top = answer.results[0]
    assert top.code, f"{top.symbol} came without code"
    if top.example is not None and CUT_MARK not in top.code:
        assert top.code == service.docs.examples[top.example].code  # the whole scene
        compile(top.code, top.example, "exec")


def test_an_uncut_scene_is_the_example_it_names(service: DocsService) -> None:
    result = service.search("leave a trail behind a dot").results
    traced = next(r for r in result if r.symbol == "manim.TracedPath")
    assert traced.example is not None and "TracedPath(" in (traced.code or "")


@pytest.mark.parametrize(
    "budget", [MIN_MAX_CHARS, 900, 1500, 2500, 4000, DEFAULT_MAX_CHARS, 30_000]
)
def test_the_budget_holds_and_lower_ranked_snippets_go_first(
    service: DocsService, budget: int
) -> None:
    whole = service.search("plot a function on axes", max_chars=100_000)
    full = whole.results
    answer = service.search("plot a function on axes", max_chars=budget)
    assert answer_size(answer) <= budget and answer.results
    kept = [r.code is not None for r in answer.results]
    # Once a snippet is gone, none below it survives (higher ranks are shortened last).
    had = [r.code is not None for r in full[: len(kept)]]
    for i, (has, had_one) in enumerate(zip(kept, had, strict=True)):
        if had_one and not has:
            assert not any(kept[i + 1 :]), kept
    if answer_size(whole) > budget:
        assert answer.note and "max_chars" in answer.note
    else:
        assert answer == whole


def test_a_kind_narrows_the_answer(service: DocsService) -> None:
    answer = service.search("resolution", kind="config")
    assert answer.results and {r.kind for r in answer.results} == {"config"}
    assert "config.pixel_width" in (answer.results[0].code or "") + answer.results[0].symbol


def test_bad_arguments_get_a_clear_message(service: DocsService) -> None:
    unknown = service.search("circle", kind="widget")
    assert not unknown.results and unknown.note and "cli" in unknown.note
    clamped = service.search("circle", max_chars=10)
    assert clamped.note and "max_chars" in clamped.note
    assert answer_size(clamped) <= MIN_MAX_CHARS
    for bad in ({"query": "x", "max_chars": 10}, {"query": "x", "kind": "widget"}):
        with pytest.raises(ValidationError):
            SearchArgs.model_validate(bad)
    schema = SearchArgs.model_json_schema()["properties"]
    assert schema["max_chars"]["minimum"] == MIN_MAX_CHARS and "maximum" in schema["max_chars"]


def test_render_settings_and_flags_are_indexed(docs_index: DocsIndex) -> None:
    by_symbol = {e.symbol: e for e in docs_index.entries}
    rate = by_symbol["manim.config.frame_rate"]
    assert rate.kind == "config" and rate.signature == "frame_rate = 60"
    assert "config.frame_rate = " in rate.description and rate.see_also == ["cli:--frame_rate"]
    quality = by_symbol["cli:--quality"]
    assert quality.kind == "cli" and {"-ql", "-qm", "-qh", "-qk"} <= set(quality.aliases)
    assert "1920x1080" in quality.description and "manim -ql" in quality.description
    assert "--fps" in by_symbol["cli:--frame_rate"].aliases
    for name in ("pixel_width", "pixel_height", "background_color", "media_dir", "transparent"):
        assert f"manim.config.{name}" in by_symbol
    for flag in ("--resolution", "--transparent", "--format", "--media_dir", "--save_last_frame"):
        assert f"cli:{flag}" in by_symbol


def test_no_query_limit_or_budget_overflows_the_budget(service: DocsService) -> None:
    rng = random.Random(12)
    vocabulary = "plot axes show code zoom text equation fps resolution dot trail Axes.plot -ql"
    words = vocabulary.split()
    for i in range(200):
        query = " ".join(rng.choice(words) for _ in range(rng.randint(1, 6)))
        if i % 40 == 0:
            query = "a very long question about plotting " * 30
        budget = rng.choice([MIN_MAX_CHARS, 600, 800, 1200, 2500, DEFAULT_MAX_CHARS])
        answer = service.search(query, limit=rng.choice([1, 5, 25]), max_chars=budget)
        assert answer_size(answer) <= budget, (query, budget)
