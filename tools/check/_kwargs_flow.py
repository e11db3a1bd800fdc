"""Where a function's **kwargs go, read from its source (used by `_introspect`).

The API index treats a constructor chain as closed when every **kwargs is handed to the next
`__init__` up the MRO. A body that reads names out of **kwargs accepts those names too; a body
that passes **kwargs anywhere else (`Transform(a, b, **kwargs)`) accepts anything.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from typing import Any

from tools.check import ast_guard

_READERS = frozenset({"pop", "get", "setdefault"})


def kwargs_flow(func: Any, name: str) -> tuple[list[str], bool]:
    """(names read out of **`name`, whether **`name` escapes to something but super-init)."""
    try:
        tree = ast_guard.parse_module(textwrap.dedent(inspect.getsource(func)))
    except (OSError, TypeError, SyntaxError):
        return [], True
    read: set[str] = set()
    allowed: set[int] = set()  # ids of Name nodes whose use is understood
    uses: list[ast.Name] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == name:
            uses.append(node)
        elif isinstance(node, ast.Call):
            func_node = node.func
            if isinstance(func_node, ast.Attribute) and _is_name(func_node.value, name):
                allowed.add(id(func_node.value))
                if func_node.attr in _READERS and node.args:
                    read.update(_string(node.args[0]))
            if _is_super_init(func_node):
                allowed.update(id(k.value) for k in node.keywords if k.arg is None)
        elif isinstance(node, ast.Subscript) and _is_name(node.value, name):
            allowed.add(id(node.value))
            read.update(_string(node.slice))
        elif isinstance(node, ast.Compare) and any(
            isinstance(op, ast.In | ast.NotIn) for op in node.ops
        ):
            for comparator in node.comparators:
                if _is_name(comparator, name):
                    allowed.add(id(comparator))
                    read.update(_string(node.left))
    escapes = any(id(use) not in allowed for use in uses if not isinstance(use.ctx, ast.Store))
    return sorted(read), escapes


def _is_name(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _string(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    return []


def _is_super_init(func: ast.expr) -> bool:
    """`super().__init__`, `super(C, self).__init__` or `Base.__init__`."""
    if not isinstance(func, ast.Attribute) or func.attr != "__init__":
        return False
    value = func.value
    if isinstance(value, ast.Call):
        return isinstance(value.func, ast.Name) and value.func.id == "super"
    return isinstance(value, ast.Name)
