"""Importing a library without the optional extras it would load only if it could.

Some libraries import an optional package at their own import time when it is installed
(`try: import x / except ImportError: x = None`), for a feature we never use, and our commands
pay for it on every start. Standard library only.
"""

from __future__ import annotations

import sys
from collections.abc import Generator
from contextlib import contextmanager
from types import ModuleType


@contextmanager
def without(*names: str) -> Generator[None]:
    """Inside: the named modules look missing to `import` (those not imported yet), so a
    library imported here goes without them. Afterwards they import as usual."""
    modules: dict[str, ModuleType | None] = sys.modules  # type: ignore[assignment]
    hidden = [name for name in names if name not in modules]
    for name in hidden:
        modules[name] = None  # what `import name` reads as "cannot be imported"
    try:
        yield
    finally:
        for name in hidden:
            if name in modules and modules[name] is None:
                del modules[name]
