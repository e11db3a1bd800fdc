"""Importing a library while one of the packages it needs waits to run its `__init__`.

A package's `__init__` often imports the whole package so that its names are one import away
(`from mcp import ClientSession`). A library that needs only one small submodule of it
(`mcp.types`) still pays for all of it. Inside `package_init_deferred("mcp")`, importing
`mcp.types` loads `mcp.types` alone; the package's own `__init__` runs the first time anyone
asks the package for a name it does not have yet, so every later use works as before.
Standard library only.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import threading
import types
from collections.abc import Generator, Sequence
from contextlib import contextmanager
from importlib.machinery import ModuleSpec


@contextmanager
def package_init_deferred(*packages: str) -> Generator[None]:
    """Inside: the named packages, when first imported, are created without running their
    `__init__` (their submodules import as usual). Afterwards nothing else changes."""
    finder = _DeferringFinder(frozenset(packages))
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


_init_lock = threading.RLock()  # one `__init__` runs at a time, once
_running: set[str] = set()  # packages whose `__init__` is running now


class _DeferredPackage(types.ModuleType):
    """A package whose `__init__` has not run: the first missing name runs it, in place."""

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):  # dunder look-ups (pickle, inspect) are not uses of the package
            raise AttributeError(name)
        with _init_lock:
            if self.__name__ in _running:  # its own `__init__` looking: not there yet
                raise AttributeError(name)
            if type(self) is _DeferredPackage:  # not run by another thread meanwhile
                _running.add(self.__name__)
                try:
                    _run_init(self)
                finally:
                    _running.discard(self.__name__)
        return getattr(self, name)


def _run_init(package: types.ModuleType) -> None:
    spec = package.__spec__
    assert spec is not None and isinstance(spec.loader, _DeferringLoader)
    real = spec.loader.real
    real.exec_module(package)
    spec.loader = package.__loader__ = real  # a reload runs it again, as it would have
    package.__class__ = types.ModuleType


class _DeferringLoader(importlib.abc.Loader):
    def __init__(self, real: importlib.abc.Loader) -> None:
        self.real = real

    def create_module(self, spec: ModuleSpec) -> None:
        return None  # the default module object, with `__path__` for its submodules

    def exec_module(self, module: types.ModuleType) -> None:
        module.__class__ = _DeferredPackage


class _DeferringFinder(importlib.abc.MetaPathFinder):
    def __init__(self, packages: frozenset[str]) -> None:
        self.packages = packages

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname not in self.packages:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None or spec.submodule_search_locations is None:
            return spec  # missing, or a plain module: nothing to defer
        spec.loader = _DeferringLoader(spec.loader)
        return spec
