"""Tolerate the argument names models commonly get wrong (`q`, `symbol_name`, `qeury`, ...)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

# Names models use for our parameters, beyond close misspellings.
ALIASES: dict[str, str] = {
    "q": "query",
    "text": "query",
    "search": "query",
    "search_query": "query",
    "question": "query",
    "keywords": "query",
    "term": "query",
    "name": "symbol",
    "symbol_name": "symbol",
    "qualified_name": "symbol",
    "object": "symbol",
    "class_name": "symbol",
    "api": "symbol",
    "source": "code",
    "scene_code": "code",
    "python": "code",
    "script": "code",
    "example": "name",
    "example_name": "name",
    "scene": "name",
    "n": "limit",
    "k": "limit",
    "top_k": "limit",
    "max_results": "limit",
    "num_results": "limit",
    "count": "limit",
    "budget": "max_chars",
    "max_length": "max_chars",
    "max_size": "max_chars",
    "char_limit": "max_chars",
    "type": "kind",
    "category": "kind",
}


def _squash(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def normalize_arguments(arguments: Mapping[str, Any], known: Iterable[str]) -> dict[str, Any]:
    """Map unknown argument names onto the tool's parameters; names already given win."""
    known_names = list(known)
    result = {k: v for k, v in arguments.items() if k in known_names}
    for key, value in arguments.items():
        if key in known_names:
            continue
        target = _match(key, known_names)
        if target is not None and target not in result:
            result[target] = value
    return result


def _match(key: str, known: list[str]) -> str | None:
    alias = ALIASES.get(key) or ALIASES.get(_squash(key))
    if alias in known:
        return alias
    squashed = {_squash(name): name for name in known}
    if _squash(key) in squashed:
        return squashed[_squash(key)]
    close = difflib.get_close_matches(_squash(key), list(squashed), n=1, cutoff=0.7)
    if close:
        return squashed[close[0]]
    if len(known) == 1:  # a tool with one parameter: whatever was sent is meant for it
        return known[0]
    return None
