"""Lookups by a computed name that scene code may make, although `getattr` and `__dict__` are refused.

- `getattr(obj, "name"[, default])`, the name a string constant: judged as `obj.name` would be,
  so `getattr(x, "__globals__")` stays refused.
- `getattr(M, expression[, default])` and reading `M.__dict__` (`.items()`, `.keys()`,
  `.values()`, `.get(...)`, `[...]`, `for ... in`, `in`), where `M` is certainly one of
  `safety_rules.LOOKUP_MODULES`: manim's name tables of colors and rate functions. manim's own
  examples do this (ColorsOverview, RateFuncExample). What such a lookup reaches is the module's
  globals: its public ones hold only what scene code may import anyway, and the runner removes
  the others (`__builtins__`, `__loader__`, `__spec__`) from these modules before scene code
  runs. Writing to such a `__dict__` stays refused.

"Certainly" is decided over the whole module, scopes flattened: a local name is a module only
when every binding of it is an import of that module (or, for `rate_functions`, `XKCD`, ...,
when `from manim import *` binds it and nothing else does).
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from tools.check.safety_rules import (
    DICT_READING_METHODS,
    LOOKUP_MODULES,
    STAR_MANIM_MODULES,
)


class ModuleNames:
    """Which expressions of one module are certainly which module."""

    def __init__(self, tree: ast.Module) -> None:
        self._imported: dict[str, set[str]] = {}  # local name -> the modules it is bound to
        self._other: set[str] = set()  # names bound by anything but an import of a module
        self._star_manim = False
        self._other_star = False
        for node in ast.walk(tree):
            self._note(node)

    def _note(self, node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.split(".", 1)[0]
                self._imported.setdefault(local, set()).add(alias.name if alias.asname else local)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            for alias in node.names:
                if alias.name == "*":
                    if module == "manim" and not node.level:
                        self._star_manim = True
                    else:
                        self._other_star = True
                elif node.level:
                    self._other.add(alias.asname or alias.name)
                else:
                    full = f"{module}.{alias.name}"
                    if module == "manim":
                        full = STAR_MANIM_MODULES.get(alias.name, full)
                    self._imported.setdefault(alias.asname or alias.name, set()).add(full)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            self._other.update(node.names)
        elif (name := _bound_name(node)) is not None:
            self._other.add(name)

    def module_of(self, node: ast.expr) -> str | None:
        """The dotted name of the module `node` certainly is, or None."""
        if isinstance(node, ast.Attribute):
            base = self.module_of(node.value)
            return f"{base}.{node.attr}" if base else None
        if not isinstance(node, ast.Name) or node.id in self._other:
            return None
        modules = self._imported.get(node.id)
        if modules:
            return next(iter(modules)) if len(modules) == 1 else None
        if self._star_manim and not self._other_star:
            return STAR_MANIM_MODULES.get(node.id)
        return None

    def is_lookup_module(self, node: ast.expr) -> bool:
        return self.module_of(node) in LOOKUP_MODULES


def dict_reads(
    tree: ast.Module, names: ModuleNames, key_allowed: Callable[[str], bool]
) -> set[int]:
    """The ids of the `M.__dict__` nodes, M a lookup module, that are only read.

    A constant key (`M.__dict__["name"]`, `.get("name")`) must pass `key_allowed`, as
    `M.name` would have to.
    """
    parents = {
        id(child): parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)
    }
    found: set[int] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "__dict__"
            and isinstance(node.ctx, ast.Load)
            and names.is_lookup_module(node.value)
        ):
            key = _read_key(node, parents)
            if key is not None and (key == "" or key_allowed(key)):
                found.add(id(node))
    return found


def _read_key(node: ast.Attribute, parents: dict[int, ast.AST]) -> str | None:
    """How `node` (an `M.__dict__`) is read: "" without a constant key, the key, or None when
    it is not one of the read-only uses."""
    parent = parents.get(id(node))
    if isinstance(parent, ast.For | ast.AsyncFor | ast.comprehension) and parent.iter is node:
        return ""
    if isinstance(parent, ast.Compare) and node in parent.comparators:
        op = parent.ops[parent.comparators.index(node)]
        return "" if isinstance(op, ast.In | ast.NotIn) else None
    if isinstance(parent, ast.Subscript) and parent.value is node:
        if not isinstance(parent.ctx, ast.Load):
            return None  # `M.__dict__[k] = v` would change manim
        return _constant_key(parent.slice)
    if (
        isinstance(parent, ast.Attribute)
        and parent.value is node
        and parent.attr in DICT_READING_METHODS
    ):
        call = parents.get(id(parent))
        if not isinstance(call, ast.Call) or call.func is not parent:
            return None  # the bound method handed on: no longer known to be only read
        return _constant_key(call.args[0]) if call.args else ""
    return None


def getattr_name(call: ast.Call) -> str | None:
    """The constant attribute name of `getattr(obj, "name"[, default])`, or None."""
    if len(call.args) in (2, 3) and not call.keywords:
        name = call.args[1]
        if isinstance(name, ast.Constant) and isinstance(name.value, str):
            return name.value
    return None


def is_getattr_on_lookup_module(call: ast.Call, names: ModuleNames) -> bool:
    """`getattr(M, expression[, default])` with M a lookup module."""
    return len(call.args) in (2, 3) and not call.keywords and names.is_lookup_module(call.args[0])


def _constant_key(node: ast.expr) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return ""


def _bound_name(node: ast.AST) -> str | None:
    """The name any other binding construct binds (assignment, def, argument, except, match)."""
    if isinstance(node, ast.Name):
        return None if isinstance(node.ctx, ast.Load) else node.id
    if isinstance(node, ast.arg):
        return node.arg
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return node.name
    if isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar):
        return node.name
    if isinstance(node, ast.MatchMapping):
        return node.rest
    return None
