"""Which names a module binds, and how: the ground truth for unknown-name and shadowing checks.

Scopes are flattened on purpose: a name bound anywhere in the module counts as bound
everywhere. That misses some errors but never flags a valid scene.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from tools.check.gl_migrations import is_gl_module


@dataclass
class Bindings:
    """Names bound in one module."""

    user: set[str] = field(default_factory=set[str])  # bound by the module's own code
    manim_imports: dict[str, str] = field(default_factory=dict[str, str])  # local -> manim name
    star_manim: bool = False  # `from manim import *` (or a ManimGL star import)
    other_star: bool = False  # a star import whose names cannot be known statically
    classes: dict[str, ast.ClassDef] = field(default_factory=dict[str, ast.ClassDef])
    functions: set[str] = field(default_factory=set[str])  # every def name, methods included
    constructed: dict[str, str] = field(default_factory=dict[str, str])  # var -> class called
    self_attributes: set[str] = field(default_factory=set[str])  # `self.x = ...` targets

    def is_user_bound(self, name: str) -> bool:
        return name in self.user

    def manim_name(self, name: str) -> str | None:
        """The manim export a local name refers to, or None when it is the module's own."""
        if name in self.user:
            return None
        if name in self.manim_imports:
            return self.manim_imports[name]
        return name if self.star_manim else None


def collect_bindings(nodes: list[ast.AST]) -> Bindings:
    """Record every binding among a module's nodes (all of them, from `ast.walk`)."""
    found = Bindings()
    counts: Counter[str] = Counter()
    calls: dict[str, list[str]] = {}

    def bind(name: str) -> None:
        found.user.add(name)
        counts[name] += 1

    for node in nodes:
        if isinstance(node, ast.Name):
            if not isinstance(node.ctx, ast.Load):
                bind(node.id)
        elif isinstance(node, ast.arg):
            bind(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            bind(node.name)
            found.functions.add(node.name)
        elif isinstance(node, ast.ClassDef):
            bind(node.name)
            found.classes[node.name] = node
        elif isinstance(node, ast.Import):
            for alias in node.names:
                bind(alias.asname or alias.name.split(".", 1)[0])
                # The fixer turns `import manimlib` into `from manim import *`: judge names so.
                found.star_manim = found.star_manim or is_gl_module(alias.name)
        elif isinstance(node, ast.ImportFrom):
            _collect_import_from(node, found, bind)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            for name in node.names:
                bind(name)
        elif isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
            bind(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            bind(node.rest)
        elif isinstance(node, ast.Assign):
            _note_constructor_call(node, calls)
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
        ):
            found.self_attributes.add(node.attr)

    # A variable has a known class only when every binding of it is the same constructor call.
    for name, classes in calls.items():
        if len(set(classes)) == 1 and len(classes) == counts[name]:
            found.constructed[name] = classes[0]
    return found


def _collect_import_from(
    node: ast.ImportFrom, found: Bindings, bind: Callable[[str], None]
) -> None:
    module = node.module or ""
    from_manim = not node.level and (
        module == "manim" or module.startswith("manim.") or is_gl_module(module)
    )
    for alias in node.names:
        if alias.name == "*":
            if from_manim and (module == "manim" or is_gl_module(module)):
                found.star_manim = True
            else:
                found.other_star = True
            continue
        local = alias.asname or alias.name
        if from_manim:
            found.manim_imports[local] = alias.name
        else:
            bind(local)


def _note_constructor_call(node: ast.Assign, calls: dict[str, list[str]]) -> None:
    if len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
        return
    value = node.value
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        calls.setdefault(node.targets[0].id, []).append(value.func.id)
    elif isinstance(value, ast.Dict):  # `{...}` builds a dict as `dict(...)` does
        calls.setdefault(node.targets[0].id, []).append("dict")
