"""A tool's arguments as models send them: misspelled names tolerated (`q`, `symbol_name`,
`qeury`, ...), values validated against the tool's input model with a clear message."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

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


def parse_arguments(model: type[BaseModel], arguments: Mapping[str, Any]) -> BaseModel | str:
    """The tool's arguments validated against its model, or one clear message naming each
    problem (names are tolerated as above; a null counts as not given)."""
    given = {k: v for k, v in arguments.items() if v is not None}
    values = normalize_arguments(given, model.model_fields)
    problems = [
        f"`{name}` must be an integer (got {_kind(values[name])})"
        for name, info in model.model_fields.items()
        if info.annotation is int and isinstance(values.get(name), bool)
    ]
    if not problems:
        try:
            return model.model_validate(values)
        except ValidationError as exc:
            properties = model.model_json_schema().get("properties", {})
            problems = [_describe(error, properties) for error in exc.errors()]
    return "; ".join(dict.fromkeys(problems))


def _describe(error: ErrorDetails, properties: dict[str, Any]) -> str:
    name = str(error["loc"][0]) if error["loc"] else "arguments"
    field = properties.get(name, {})
    got = _kind(error.get("input"))
    kind = error["type"]
    if kind == "missing":
        about = str(field.get("description", "")).rstrip(".")
        about = about[:1].lower() + about[1:] if about[1:2].islower() else about
        return f"`{name}` is required" + (f" ({about})" if about else "")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high = field.get("minimum"), field.get("maximum")
        bounds = f"from {low} to {high}" if low is not None and high is not None else error["msg"]
        return f"`{name}` must be an integer {bounds} (got {got})"
    if kind.startswith("int_"):
        return f"`{name}` must be an integer (got {got})"
    if kind.startswith("string_too_short"):
        return f"`{name}` must not be empty"
    if kind.startswith("string_"):
        return f"`{name}` must be a string (got {got})"
    return f"`{name}`: {error['msg']} (got {got})"


def _kind(value: Any) -> str:
    """A short description of a JSON value for messages (never the whole of a huge one)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        text = repr(value)
        return text if len(text) <= 24 else "a very large number"
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else f"a string of {len(value)} characters"
    if value is None:
        return "null"
    return {dict: "an object", list: "a list"}.get(type(value), type(value).__name__)
