"""Build `manimgl_api.json`, the table of ManimGL's public API, from ManimGL's source (by `ast`).

ManimGL (github.com/3b1b/manim, MIT licence) is never installed or imported: the builder reads
its files out of a git clone, at several releases, and records the union of

- `names`: what `from manimlib import *` (or the pre-1.0 `from manimlib.imports import *`) binds,
  with a kind: class, function, constant or module;
- `imports`: for names that star import passes on from the standard library or numpy (`op`,
  `math`, `reduce`, ...), the import statement that binds them in a Manim CE file;
- `methods`: method and property names of the Mobject, Animation, Scene and camera classes, each
  with the classes that define it (names of methods of Python's built-in types and of numpy
  arrays are left out: on a list or an array they mean something else).

Usage: python -m tools.check.gl_api_build GIT_DIR [REF ...] [--out FILE]
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import random
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_REFS = ("0.1.11", "v1.0.0", "v1.6.1", "v1.7.2", "HEAD")
STAR_ROOTS = ("manimlib/imports.py", "manimlib/__init__.py")
# CoordinateSystem: the mixin behind Axes, NumberPlane and ComplexPlane (get_tangent_line, ...)
FAMILY_ROOTS = frozenset(
    {"Mobject", "Animation", "Scene", "Camera", "CameraFrame", "CoordinateSystem"}
)
OUT = Path(__file__).with_name("manimgl_api.json")
# Methods of objects scene code also calls methods on; the same name there is not ManimGL's.
GENERIC_TYPES: tuple[type, ...] = (
    list, dict, set, frozenset, tuple, str, bytes, bytearray, int, float, complex, range,
    re.Pattern, re.Match, io.StringIO, random.Random,
)  # fmt: skip
# Typing helpers the star import happens to pass on: not API a scene would use.
TYPING_SOURCES = ("typing", "typing_extensions", "abc", "collections.abc", "__future__")
TYPE_FACTORIES = frozenset({"TypeVar", "NewType", "ParamSpec"})


@dataclass
class Module:
    """What one ManimGL module binds at its top level (run-time branches only)."""

    kinds: dict[str, str] = field(default_factory=dict[str, str])
    imports: dict[str, str] = field(default_factory=dict[str, str])  # name -> import statement
    inner: dict[str, tuple[str, str]] = field(default_factory=dict[str, tuple[str, str]])
    stars: list[str] = field(default_factory=list[str])  # modules star-imported, in order
    all_names: list[str] | None = None  # a literal __all__


class Source:
    """The Python files of one ref of a ManimGL git clone."""

    def __init__(self, git_dir: Path, ref: str) -> None:
        self.git_dir, self.ref = git_dir, ref
        listing = self._git("ls-tree", "-r", "--name-only", ref, "manimlib")
        self.files = {p for p in listing.splitlines() if p.endswith(".py")}
        self.commit = self._git("rev-parse", f"{ref}^{{commit}}").strip()
        self.date = self._git("log", "-1", "--format=%cs", self.commit).strip()
        self._modules: dict[str, Module] = {}

    def _git(self, *args: str) -> str:
        command = ["git", "--git-dir", str(self.git_dir), *args]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def path_of(self, module: str) -> str | None:
        base = module.replace(".", "/")
        for path in (f"{base}.py", f"{base}/__init__.py"):
            if path in self.files:
                return path
        return None

    def tree(self, path: str) -> ast.Module:
        return ast.parse(self._git("show", f"{self.ref}:{path}"), filename=path)

    def module(self, name: str) -> Module:
        if name not in self._modules:
            path = self.path_of(name)
            self._modules[name] = read_module(self.tree(path)) if path else Module()
        return self._modules[name]


def _runtime_body(statements: list[ast.stmt]) -> list[ast.stmt]:
    """Top-level statements Python runs on import, `if TYPE_CHECKING:` bodies left out."""
    found: list[ast.stmt] = []
    for node in statements:
        if isinstance(node, ast.If):
            if "TYPE_CHECKING" not in ast.unparse(node.test):
                found += _runtime_body(node.body)
            found += _runtime_body(node.orelse)
        elif isinstance(node, ast.Try):
            found += _runtime_body(node.body + node.orelse + node.finalbody)
            for handler in node.handlers:
                found += _runtime_body(handler.body)
        else:
            found.append(node)
    return found


def read_module(tree: ast.Module) -> Module:
    module = Module()
    for node in _runtime_body(tree.body):
        if isinstance(node, ast.ClassDef):
            module.kinds[node.name] = "class"
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            module.kinds[node.name] = "function"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.split(".", 1)[0]
                if alias.name in TYPING_SOURCES:
                    continue
                module.kinds[local] = "module"
                if not alias.name.startswith("manimlib"):
                    alias_text = f" as {alias.asname}" if alias.asname else ""
                    module.imports[local] = f"import {alias.name}{alias_text}"
        elif isinstance(node, ast.ImportFrom):
            _read_import_from(node, module)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            if _is_type_factory(node.value):
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        module.kinds.setdefault(name.id, "constant")
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                value = node.value
                if isinstance(value, ast.List | ast.Tuple):
                    module.all_names = [
                        e.value
                        for e in value.elts
                        if isinstance(e, ast.Constant) and isinstance(e.value, str)
                    ]
    return module


def _is_type_factory(value: ast.expr | None) -> bool:
    return (
        isinstance(value, ast.Call) and ast.unparse(value.func).rsplit(".", 1)[-1] in TYPE_FACTORIES
    )


def _read_import_from(node: ast.ImportFrom, module: Module) -> None:
    source = node.module or ""
    if node.level or source in TYPING_SOURCES:
        return
    for alias in node.names:
        if alias.name == "*":
            if source.startswith("manimlib"):
                module.stars.append(source)
            continue
        local = alias.asname or alias.name
        if source.startswith("manimlib"):
            module.inner[local] = (source, alias.name)
            module.kinds[local] = "imported"
        else:
            alias_text = f" as {alias.asname}" if alias.asname else ""
            module.kinds[local] = "class" if alias.name[:1].isupper() else "function"
            module.imports[local] = f"from {source} import {alias.name}{alias_text}"


def star_exports(src: Source, name: str, seen: set[str]) -> dict[str, tuple[str, str | None]]:
    """name -> (kind, import statement) for everything `from <name> import *` binds."""
    if name in seen:
        return {}
    seen.add(name)
    module = src.module(name)
    bound: dict[str, tuple[str, str | None]] = {}
    for star in module.stars:  # names a module re-exports through its own star imports
        bound.update(star_exports(src, star, seen))
    for local, kind in module.kinds.items():
        if kind == "imported":
            origin, original = module.inner[local]
            kind = _kind_in(src, origin, original)
        bound[local] = (kind, module.imports.get(local))
    public = module.all_names
    if public is None:
        return {n: v for n, v in bound.items() if not n.startswith("_")}
    return {n: bound.get(n, ("constant", None)) for n in public}


def _kind_in(src: Source, module: str, name: str, depth: int = 0) -> str:
    if src.path_of(f"{module}.{name}"):
        return "module"
    found = src.module(module)
    if name in found.inner and depth < 8:
        return _kind_in(src, *found.inner[name], depth + 1)
    kind = found.kinds.get(name)
    if kind is None:  # re-exported from a star import
        for star in found.stars:
            kind = star_exports(src, star, set()).get(name, (None, None))[0]
            if kind:
                break
    return kind if kind and kind != "imported" else "constant"


@dataclass
class ClassTable:
    """Every class of one ManimGL release: its bases, methods and the keywords it reads itself."""

    bases: dict[str, list[str]] = field(default_factory=dict[str, list[str]])
    methods: dict[str, set[str]] = field(default_factory=dict[str, set[str]])
    keywords: dict[str, set[str]] = field(default_factory=dict[str, set[str]])

    def in_family(self, name: str, seen: frozenset[str] = frozenset()) -> bool:
        if name in FAMILY_ROOTS:
            return True
        return name not in seen and any(
            self.in_family(b, seen | {name}) for b in self.bases.get(name, ())
        )


def class_table(src: Source) -> ClassTable:
    table = ClassTable()
    for path in sorted(src.files):
        for node in ast.walk(src.tree(path)):
            if not isinstance(node, ast.ClassDef):
                continue
            table.bases.setdefault(node.name, []).extend(
                ast.unparse(b).rsplit(".", 1)[-1] for b in node.bases
            )
            methods = table.methods.setdefault(node.name, set())
            keywords = table.keywords.setdefault(node.name, set())
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    methods.add(item.name)
                    if item.name == "__init__":
                        arguments = [*item.args.args[1:], *item.args.kwonlyargs]
                        keywords.update(a.arg for a in arguments)
                elif _is_config(item):
                    keywords.update(_config_keys(item))
    return table


def _is_config(item: ast.stmt) -> bool:
    return isinstance(item, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == "CONFIG" for t in item.targets
    )


def _config_keys(item: ast.stmt) -> list[str]:
    value = item.value if isinstance(item, ast.Assign) else None
    if not isinstance(value, ast.Dict):
        return []
    return [k.value for k in value.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]


def family_methods(table: ClassTable) -> dict[str, set[str]]:
    """method name -> classes defining it, for classes descending from FAMILY_ROOTS."""
    owners: dict[str, set[str]] = {}
    for cls, names in table.methods.items():
        if table.in_family(cls):
            for method in names:
                owners.setdefault(method, set()).add(cls)
    return owners


def family_classes(table: ClassTable) -> dict[str, tuple[set[str], set[str]]]:
    """class -> (its bases, the keywords its constructor or CONFIG reads), for the family."""
    return {
        c: (set(table.bases.get(c, ())), set(table.keywords.get(c, ())))
        for c in table.keywords
        if table.in_family(c)
    }


def generic_attributes() -> frozenset[str]:
    names = {n for t in GENERIC_TYPES for n in dir(t)}
    try:
        import numpy

        names.update(dir(numpy.ndarray))
    except ImportError:  # the builder still runs; `dir(list)` and the like cover most names
        pass
    return frozenset(names)


def build(git_dir: Path, refs: tuple[str, ...]) -> dict[str, object]:
    names: dict[str, str] = {}
    imports: dict[str, str] = {}
    owners: dict[str, set[str]] = {}
    # class -> (bases, keywords), over every release: what some ManimGL version took
    constructors: dict[str, tuple[set[str], set[str]]] = {}
    sources: list[dict[str, str]] = []
    for ref in refs:
        src = Source(git_dir, ref)
        sources.append({"ref": ref, "commit": src.commit, "date": src.date})
        for root in STAR_ROOTS:
            if root not in src.files:
                continue
            module = root.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
            for name, (kind, statement) in star_exports(src, module, set()).items():
                names.setdefault(name, kind)
                if statement:
                    imports.setdefault(name, statement)
        table = class_table(src)
        for method, classes in family_methods(table).items():
            owners.setdefault(method, set()).update(classes)
        for cls, (bases, taken) in family_classes(table).items():
            known = constructors.setdefault(cls, (set(), set()))
            known[0].update(bases)
            known[1].update(taken)
    generic = generic_attributes()
    methods = {
        m: sorted(c)
        for m, c in sorted(owners.items())
        if not m.startswith("__") and m not in generic
    }
    return {
        "about": (
            "ManimGL's public API, read (with ast) from github.com/3b1b/manim at the commits "
            "below; ManimGL is MIT-licensed, Copyright (c) 2020-2026 3Blue1Brown LLC. "
            "Generated by tools/check/gl_api_build.py; do not edit by hand."
        ),
        "license": "MIT",
        "repository": "https://github.com/3b1b/manim",
        "sources": sources,
        "names": dict(sorted(names.items())),
        "imports": dict(sorted(imports.items())),
        "methods": methods,
        "classes": {
            c: {"bases": sorted(b), "keywords": sorted(k)}
            for c, (b, k) in sorted(constructors.items())
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Build the ManimGL API table.")
    parser.add_argument("git_dir", type=Path, help="a git clone of github.com/3b1b/manim")
    parser.add_argument("refs", nargs="*", default=list(DEFAULT_REFS))
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    table = build(args.git_dir, tuple(args.refs))
    args.out.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
