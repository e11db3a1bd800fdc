"""Source text for what introspection only shows as values: defaults, annotations, constants.

`inspect.signature` renders `color=WHITE` as `ManimColor('#FFFFFF')`; the source says `WHITE`,
which is what a scene author should write. Attribute docstrings (a string right after an
assignment, as Sphinx reads them) exist only in the source too.
"""

from __future__ import annotations

import ast
import inspect
import sys
from dataclasses import dataclass, field
from typing import Any

from mcp_manim_docs._rst_text import one_line
from tools.check import ast_guard
from tools.check.source import Source

FuncNode = ast.FunctionDef | ast.AsyncFunctionDef
VALUE_LIMIT = 160


@dataclass(frozen=True)
class Assigned:
    """`name: annotation = value` at module or class level, with its attribute docstring."""

    value: str
    annotation: str | None
    doc: str | None


@dataclass
class _File:
    source: Source
    tree: ast.Module
    functions: dict[tuple[int, str], FuncNode] = field(
        default_factory=dict[tuple[int, str], FuncNode]
    )
    classes: dict[str, ast.ClassDef] = field(default_factory=dict[str, ast.ClassDef])  # by qualname
    assigned: dict[str, dict[str, Assigned]] = field(default_factory=dict[str, dict[str, Assigned]])


class SourceTexts:
    """Parses each source file once and answers questions about its definitions."""

    def __init__(self) -> None:
        self._files: dict[str, _File | None] = {}

    def _file(self, filename: str | None) -> _File | None:
        if not filename:
            return None
        if filename not in self._files:
            self._files[filename] = _parse(filename)
        return self._files[filename]

    def param_texts(self, func: Any) -> dict[str, tuple[str | None, str | None]]:
        """Parameter name -> (default source, annotation source) of a plain function."""
        code = getattr(inspect.unwrap(func), "__code__", None)
        parsed = self._file(code.co_filename) if code is not None else None
        if code is None or parsed is None:
            return {}
        node = parsed.functions.get((code.co_firstlineno, code.co_name))
        return _node_params(parsed.source, node) if node is not None else {}

    def module_assignment(self, module: Any, name: str) -> Assigned | None:
        parsed = self._file(getattr(module, "__file__", None))
        if parsed is None:
            return None
        return _cached_assignments(parsed, "", parsed.tree.body).get(name)

    def class_assignments(self, cls: type) -> dict[str, Assigned]:
        """Attributes assigned in the class body (methods excluded)."""
        module = sys.modules.get(cls.__module__)
        parsed = self._file(getattr(module, "__file__", None))
        node = parsed.classes.get(cls.__qualname__) if parsed is not None else None
        if parsed is None or node is None:
            return {}
        return _cached_assignments(parsed, cls.__qualname__, node.body)


def _parse(filename: str) -> _File | None:
    try:
        with open(filename, encoding="utf-8") as f:
            code = f.read()
        tree = ast_guard.parse_module(code)
    except (OSError, SyntaxError, ValueError):
        return None
    parsed = _File(Source(code), tree)
    _index(parsed, tree.body, "")
    return parsed


def _index(parsed: _File, body: list[ast.stmt], prefix: str) -> None:
    for node in body:
        if isinstance(node, ast.ClassDef):
            parsed.classes[prefix + node.name] = node
            _index(parsed, node.body, f"{prefix}{node.name}.")
        elif isinstance(node, FuncNode):
            # co_firstlineno points at the first decorator when there is one.
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            for line in {first, node.lineno}:
                parsed.functions[(line, node.name)] = node
            _index(parsed, node.body, f"{prefix}{node.name}.<locals>.")
        elif isinstance(node, ast.If | ast.Try | ast.With):
            for part in ("body", "orelse", "finalbody", "handlers"):
                _index(parsed, getattr(node, part, []), prefix)
        elif isinstance(node, ast.ExceptHandler):
            _index(parsed, node.body, prefix)


def segment(source: Source, node: ast.expr | None) -> str | None:
    if node is None:
        return None
    return one_line(source.text(node), VALUE_LIMIT)


def _cached_assignments(parsed: _File, key: str, body: list[ast.stmt]) -> dict[str, Assigned]:
    if key not in parsed.assigned:
        parsed.assigned[key] = _assignments(parsed.source, body)
    return parsed.assigned[key]


def _node_params(source: Source, node: FuncNode) -> dict[str, tuple[str | None, str | None]]:
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    defaults.extend(args.defaults)
    found: dict[str, tuple[str | None, str | None]] = {}
    for arg, default in zip(positional, defaults, strict=True):
        found[arg.arg] = (segment(source, default), segment(source, arg.annotation))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        found[arg.arg] = (segment(source, default), segment(source, arg.annotation))
    for arg in (args.vararg, args.kwarg):
        if arg is not None:
            found[arg.arg] = (None, segment(source, arg.annotation))
    return found


def _assignments(source: Source, body: list[ast.stmt]) -> dict[str, Assigned]:
    found: dict[str, Assigned] = {}
    for i, stmt in enumerate(body):
        nxt = body[i + 1] if i + 1 < len(body) else None
        doc = None
        if (
            isinstance(nxt, ast.Expr)
            and isinstance(nxt.value, ast.Constant)
            and isinstance(nxt.value.value, str)
        ):
            doc = inspect.cleandoc(nxt.value.value)
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            value = segment(source, stmt.value) or ""
            found[stmt.target.id] = Assigned(value, segment(source, stmt.annotation), doc)
        elif isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = Assigned(segment(source, stmt.value) or "", None, doc)
    return found
