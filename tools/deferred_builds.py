"""Importing a library whose pydantic validators are built on first use instead of at import.

pydantic builds the validator and serializer of a model, a pydantic dataclass or a
`TypeAdapter` when it is defined, unless its config says `defer_build`. A library that defines
hundreds of them pays for all of them on import; the Agents SDK does (its run items and state,
its sandbox, realtime and voice features), though a command uses a handful. Deferred, each is
built the first time it validates, dumps or gives its schema: the same objects, later.

pydantic has no public switch for its default config, so this sets the default in
`pydantic._internal._config`; if a pydantic release moves it, imports build as before.
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager
from typing import Any


@contextmanager
def pydantic_builds_deferred() -> Generator[None]:
    """Inside: models, dataclasses and type adapters defined without a `defer_build` of their
    own build on first use. Afterwards new ones build at definition again."""
    defaults = _config_defaults()
    if defaults is None or "defer_build" not in defaults:
        yield
        return
    was = defaults["defer_build"]
    defaults["defer_build"] = True
    try:
        yield
    finally:
        defaults["defer_build"] = was


def _config_defaults() -> dict[str, Any] | None:
    try:
        from pydantic._internal import _config
    except ImportError:
        return None
    defaults = getattr(_config, "config_defaults", None)
    return defaults if isinstance(defaults, dict) else None
