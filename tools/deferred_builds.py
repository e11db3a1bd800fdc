"""Importing a library whose pydantic validators are built on first use instead of at import.

pydantic builds the validator and serializer of a model, a pydantic dataclass or a
`TypeAdapter` when it is defined, unless told to defer. A library that defines hundreds of
them pays for all of them on import; the Agents SDK does (its run items and run state, its
sandbox, realtime and voice features), though a command uses a handful. Deferred, each is
built the first time it validates, dumps or gives its schema: the same objects, later.

pydantic has no public switch for this: the block sets `defer_build` in pydantic's default
config (models, dataclasses) and makes `TypeAdapter` defer (it reads no default config).
If a pydantic release moves either, that part builds at import again, as before.
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import ExitStack, contextmanager
from typing import Any, cast

from pydantic import TypeAdapter


@contextmanager
def pydantic_builds_deferred() -> Generator[None]:
    """Inside: models, dataclasses and type adapters defined without a `defer_build` of their
    own build on first use. Afterwards new ones build at definition again."""
    with ExitStack() as undo:
        defaults = _config_defaults()
        if defaults is not None and "defer_build" in defaults:
            was = defaults["defer_build"]
            defaults["defer_build"] = True
            undo.callback(defaults.__setitem__, "defer_build", was)
        original = TypeAdapter.__dict__.get("_defer_build")
        if isinstance(original, property):
            TypeAdapter._defer_build = property(lambda _self: True)  # type: ignore[method-assign,assignment]
            undo.callback(setattr, TypeAdapter, "_defer_build", original)
        yield


def _config_defaults() -> dict[str, Any] | None:
    try:
        from pydantic._internal import _config
    except ImportError:
        return None
    defaults = getattr(_config, "config_defaults", None)
    return cast(dict[str, Any], defaults) if isinstance(defaults, dict) else None
