"""Argument names models get wrong are mapped onto the tool's parameters."""

from __future__ import annotations

from mcp_manim_docs.arguments import normalize_arguments

SEARCH = ["query", "limit"]


def test_known_names_pass_through() -> None:
    assert normalize_arguments({"query": "a", "limit": 3}, SEARCH) == {"query": "a", "limit": 3}


def test_aliases_and_misspellings() -> None:
    assert normalize_arguments({"q": "a", "top_k": 2}, SEARCH) == {"query": "a", "limit": 2}
    assert normalize_arguments({"qeury": "a"}, SEARCH) == {"query": "a"}
    assert normalize_arguments({"Query": "a", "LIMIT": 1}, SEARCH) == {"query": "a", "limit": 1}
    assert normalize_arguments({"symbol_name": "Axes"}, ["symbol"]) == {"symbol": "Axes"}


def test_budget_and_kind_names() -> None:
    names = [*SEARCH, "max_chars", "kind"]
    assert normalize_arguments({"q": "a", "budget": 900, "type": "cli"}, names) == {
        "query": "a",
        "max_chars": 900,
        "kind": "cli",
    }
    assert normalize_arguments({"maxChars": 900}, names) == {"max_chars": 900}


def test_given_names_win_over_guesses() -> None:
    assert normalize_arguments({"query": "right", "q": "wrong"}, SEARCH) == {"query": "right"}


def test_single_parameter_tools_take_any_one_name() -> None:
    assert normalize_arguments({"whatever": "x = 1"}, ["code"]) == {"code": "x = 1"}


def test_unrelated_names_are_dropped_for_multi_parameter_tools() -> None:
    assert normalize_arguments({"colour": "red", "query": "a"}, SEARCH) == {"query": "a"}
