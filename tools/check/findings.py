"""What the API checks hand the fixer: a problem plus the AST nodes a rewrite needs.

Each fix type names one mechanical rewrite; `fixer.py` turns them into text edits.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from tools.check.api_index import ApiIndex
from tools.check.bindings import Bindings
from tools.check.gl_migrations import (
    KeywordMigration,
    MethodMigration,
    NameMigration,
    RangeMigration,
)
from tools.check.problems import Problem
from tools.check.source import Source


@dataclass(frozen=True)
class RenameName:
    """A removed name (and, when it is called, its arguments)."""

    node: ast.Name
    call: ast.Call | None
    migration: NameMigration


@dataclass(frozen=True)
class RenameImportedName:
    """`from manim import ShowCreation` -> `from manim import Create`."""

    alias: ast.alias
    new: str


@dataclass(frozen=True)
class RenameMethod:
    """A removed method (and, when it is called, its arguments)."""

    node: ast.Attribute
    call: ast.Call | None
    migration: MethodMigration


@dataclass(frozen=True)
class FoldRange:
    """`x_min=a, x_max=b[, x_step=s]` -> `x_range=[a, b(, s)]`; `x_radius=r` -> `x_range=[-r, r]`."""

    call: ast.Call
    migration: RangeMigration
    low: ast.keyword
    high: ast.keyword  # the same keyword as `low` for a radius
    step: ast.keyword | None
    radius: bool = False


@dataclass(frozen=True)
class PositionalToKeyword:
    """`FadeIn(mob, UP)` -> `FadeIn(mob, shift=UP)` (the last positional argument only)."""

    arg: ast.expr
    keyword: str


@dataclass(frozen=True)
class RenameKeyword:
    keyword: ast.keyword
    migration: KeywordMigration


@dataclass(frozen=True)
class ReplaceImport:
    """A ManimGL import -> `from manim import *`."""

    node: ast.Import | ast.ImportFrom


@dataclass(frozen=True)
class PlayGroup:
    """`mob.method, arg1, arg2` inside a play() call."""

    method: ast.Attribute
    args: tuple[ast.expr, ...]


@dataclass(frozen=True)
class PlayMethods:
    groups: tuple[PlayGroup, ...]


@dataclass(frozen=True)
class RebaseScene:
    """A class base `Scene` -> `MovingCameraScene`."""

    base: ast.Name


@dataclass(frozen=True)
class SelfFrame:
    """ManimGL `self.frame` (old manim: `self.camera_frame`) -> `self.camera.frame`."""

    node: ast.Attribute


# (start, end, replacement) as character offsets into the module's source
TextEdit = tuple[int, int, str]


@dataclass(frozen=True)
class ReplaceText:
    """Edits worked out by the rule itself, for rewrites too irregular for a fix type."""

    edits: tuple[TextEdit, ...]
    description: str


Fix = (
    RenameName
    | RenameImportedName
    | RenameMethod
    | FoldRange
    | PositionalToKeyword
    | RenameKeyword
    | ReplaceImport
    | PlayMethods
    | RebaseScene
    | SelfFrame
    | ReplaceText
)


@dataclass(frozen=True)
class Finding:
    """A problem, and the rewrite that removes it when it is mechanical."""

    problem: Problem
    fix: Fix | None = None


# How many user classes one lineage walk may visit. Past it (a chain or lattice of hundreds of
# classes, never a real scene) the lineage counts as unknown, so checks stay linear in the code.
MAX_LINEAGE_CLASSES = 32


class LineageBudget:
    """Counts the user classes one lineage walk visits (see MAX_LINEAGE_CLASSES)."""

    def __init__(self) -> None:
        self.left = MAX_LINEAGE_CLASSES

    def spend(self) -> bool:
        """Take one visit; False once the walk has used them all."""
        self.left -= 1
        return self.left >= 0


@dataclass
class CheckContext:
    """Everything the API rules share for one module."""

    tree: ast.Module
    source: Source
    index: ApiIndex
    bindings: Bindings
    nodes: list[ast.AST]  # every node, in ast.walk order: walked once, scanned by every rule
    # ids of nodes already reported, so later rules do not report them twice
    reported: set[int] = field(default_factory=set[int])
    # per class (by id): whether it assigns self.axes; asked once per class per lineage
    assigns_axes: dict[int, bool] = field(default_factory=dict[int, bool])

    @cached_property
    def config_read(self) -> ast.Attribute | None:
        """The first `x.CONFIG` in the module, by position (one scan, however many ask)."""
        reads = [n for n in self.nodes if isinstance(n, ast.Attribute) and n.attr == "CONFIG"]
        return min(reads, key=lambda n: (n.lineno, n.col_offset), default=None)

    @cached_property
    def own_methods(self) -> frozenset[str]:
        """The names of the methods the module's own classes define."""
        return frozenset(
            f.name
            for cls in self.bindings.classes.values()
            for f in cls.body
            if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
        )

    def method_calls(self, method: str) -> Iterator[tuple[ast.Call, ast.Attribute]]:
        """Each `x.method(...)` call (and its `x.method`) not reported yet, in walk order."""
        for node in self.nodes:
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == method
                and id(node.func) not in self.reported
            ):
                yield node, node.func

    def problem(
        self,
        node: ast.expr | ast.stmt | ast.keyword | ast.alias,
        code: str,
        what: str,
        suggestion: str | None,
        *,
        fixable: bool = False,
    ) -> Problem:
        self.reported.add(id(node))
        return Problem(
            line=node.lineno,
            col=self.source.char_col(node.lineno, node.col_offset),
            kind="api",
            code=code,
            message=f"line {node.lineno}: {what}",
            suggestion=suggestion,
            fixable=fixable,
        )
