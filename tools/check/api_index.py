"""An index of the installed manim's public API, built by introspection.

Importing manim takes about a second and prints log lines, so the index is built once per manim
version in a child process and cached as JSON; validators and the docs server load the JSON in
milliseconds and never import manim themselves.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

INDEX_FORMAT = 3


def installed_manim_version() -> str:
    """The installed manim's version, read from package metadata (no import)."""
    return package_version("manim")


@dataclass(frozen=True)
class Params:
    """Parameters of a function, method or constructor."""

    params: tuple[str, ...]
    var_kw: bool
    var_pos: bool
    kwargs_read: frozenset[str] = frozenset()  # names the body takes out of **kwargs itself
    kwargs_escape: bool = False  # **kwargs goes somewhere besides the parent's __init__

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Params:
        return cls(
            tuple(data["params"]),
            bool(data["var_kw"]),
            bool(data["var_pos"]),
            frozenset(data.get("kwargs_read", ())),
            bool(data.get("kwargs_escape", False)),
        )


@dataclass(frozen=True)
class ClassInfo:
    """One manim class: its bases (most derived first) and what it defines itself."""

    name: str
    module: str
    bases: tuple[str, ...]
    init: Params | None
    methods: dict[str, Params]
    attributes: frozenset[str]


@dataclass
class ApiIndex:
    """What `from manim import *` provides, for the installed manim version."""

    version: str
    names: dict[str, str]  # exported name -> "class" | "function" | "module" | "constant"
    classes: dict[str, ClassInfo]
    functions: dict[str, Params] = field(default_factory=dict[str, Params])
    # names manim's code sets as `self.x = ...` (on some object, at run time)
    instance_attributes: frozenset[str] = frozenset()
    _all_attributes: frozenset[str] | None = None
    _cache: dict[tuple[str, bool], frozenset[str]] = field(
        default_factory=dict[tuple[str, bool], frozenset[str]],
        init=False,
        repr=False,
        compare=False,
    )
    _param_cache: dict[str, frozenset[str]] = field(
        default_factory=dict[str, frozenset[str]], init=False, repr=False, compare=False
    )

    def is_exported(self, name: str) -> bool:
        return name in self.names

    def class_attribute(self, class_name: str, attr: str) -> bool:
        """Whether `attr` is defined on the class or one of its manim bases."""
        for base in self._lineage(class_name):
            if attr in base.methods or attr in base.attributes:
                return True
        return False

    def any_class_has_attribute(self, attr: str, *, include_opengl: bool = True) -> bool:
        """Whether any manim class defines `attr` (a method, property or class attribute).

        With `include_opengl=False`, classes of the OpenGL renderer do not count: scenes render
        with Cairo, where an OpenGL-only method is missing (`set_width` still runs there, as a
        deprecated accessor: see `accessors`).
        """
        if include_opengl:
            if self._all_attributes is None:
                self._all_attributes = self._collect("attr", True)
            return attr in self._all_attributes
        return attr in self._collect("attr", False)

    def any_mobject_has_attribute(self, attr: str) -> bool:
        """Whether a Cairo mobject class defines `attr` (a Camera's or Scene's does not count)."""
        key = ("mobject-attr", False)
        if key not in self._cache:
            mobjects = [
                info
                for info in self.classes.values()
                if ".opengl" not in info.module and "Mobject" in self.lineage(info.name)
            ]
            self._cache[key] = frozenset(
                a for info in mobjects for a in (*info.methods, *info.attributes)
            )
        return attr in self._cache[key]

    def is_instance_attribute(self, attr: str) -> bool:
        """Whether manim's code sets `attr` on some object at run time (`self.attr = ...`)."""
        return attr in self.instance_attributes

    def any_class_has_method(self, name: str, *, include_opengl: bool = True) -> bool:
        """Whether any manim class defines a method (not a property) called `name`."""
        return name in self._collect("method", include_opengl)

    def lineage(self, class_name: str) -> tuple[str, ...]:
        """The class and its indexed bases, most derived first; empty when not a manim class."""
        return tuple(info.name for info in self._lineage(class_name))

    def init_param_names(self, class_name: str) -> frozenset[str]:
        """Every named constructor parameter along the lineage, **kwargs chains or not."""
        names: set[str] = set()
        for base in self._lineage(class_name):
            if base.init is not None:
                names.update(base.init.params, base.init.kwargs_read)
        return frozenset(names)

    def method_param_names(self, method: str) -> frozenset[str]:
        """Every named parameter of every manim method called `method`."""
        cached = self._param_cache.get(method)
        if cached is None:
            names: set[str] = set()
            for info in self.classes.values():
                params = info.methods.get(method)
                if params is not None:
                    names.update(params.params, params.kwargs_read)
            cached = self._param_cache[method] = frozenset(names)
        return cached

    def _collect(self, what: str, include_opengl: bool) -> frozenset[str]:
        key = (what, include_opengl)
        cached = self._cache.get(key)
        if cached is None:
            every: set[str] = set()
            for info in self.classes.values():
                if not include_opengl and ".opengl" in info.module:
                    continue
                every.update(info.methods)
                if what == "attr":
                    every.update(info.attributes)
            cached = self._cache[key] = frozenset(every)
        return cached

    def method(self, class_name: str, method: str) -> Params | None:
        for base in self._lineage(class_name):
            if method in base.methods:
                return base.methods[method]
        return None

    def accepted_kwargs(self, class_name: str) -> frozenset[str] | None:
        """Keyword arguments the constructor accepts, or None when it forwards arbitrary ones.

        Manim constructors pass **kwargs up the MRO; the accepted set is the union of the named
        parameters until a constructor without **kwargs closes the chain (Mobject does). A
        constructor that hands **kwargs to anything else (e.g. an inner Transform) keeps it open.
        """
        accepted: set[str] = set()
        for base in self._lineage(class_name):
            if base.init is None:
                continue
            if base.init.kwargs_escape:
                return None
            accepted.update(base.init.params)
            accepted.update(base.init.kwargs_read)
            if not base.init.var_kw:
                return frozenset(accepted)
        return None

    def _lineage(self, class_name: str) -> list[ClassInfo]:
        info = self.classes.get(class_name)
        if info is None:
            return []
        return [self.classes[n] for n in (class_name, *info.bases) if n in self.classes]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ApiIndex:
        classes = {
            name: ClassInfo(
                name=name,
                module=c["module"],
                bases=tuple(c["bases"]),
                init=Params.from_json(c["init"]) if c["init"] else None,
                methods={m: Params.from_json(p) for m, p in c["methods"].items()},
                attributes=frozenset(c["attributes"]),
            )
            for name, c in data["classes"].items()
        }
        functions = {n: Params.from_json(p) for n, p in data["functions"].items()}
        instance = frozenset(data.get("instance_attributes", ()))
        return cls(data["version"], data["names"], classes, functions, instance)


def default_cache_dir() -> Path:
    """Where the index is cached when the caller does not say (XDG cache convention)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "manim-tutor" / "api-index"


def index_path(cache_dir: Path, manim_version: str) -> Path:
    return cache_dir / f"manim-{manim_version}-v{INDEX_FORMAT}.json"


_loaded: dict[Path, ApiIndex] = {}


def load_api_index(cache_dir: Path | None = None) -> ApiIndex:
    """Load the index for the installed manim, building it first if this version has none."""
    path = index_path(cache_dir or default_cache_dir(), installed_manim_version())
    if path in _loaded:
        return _loaded[path]
    if not path.exists():
        build_index_file(path)
    index = ApiIndex.from_json(json.loads(path.read_text()))
    _loaded[path] = index
    return index


def build_index_file(path: Path) -> None:
    """Introspect manim in a child process (its import is slow and noisy) and write the index."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        subprocess.run(
            [sys.executable, "-m", "tools.check._introspect", tmp],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=300,
        )
        os.replace(tmp, path)  # atomic: concurrent builders never see a half-written file
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
