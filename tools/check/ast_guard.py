"""The one way this process builds ASTs: under a process-wide lock.

CPython 3.11 keeps the AST converter's recursion counter in interpreter-wide state; two threads
converting at once (a finalizer or a thread switch in the middle of one) corrupt it and one of
them fails with `SystemError: AST constructor recursion depth mismatch`. The app parses scene
code in worker threads (checker, fixer) and elsewhere, so every `ast.parse`, `literal_eval` of
source text and `compile` of a tree in this code base goes through here.
"""

from __future__ import annotations

import ast
import threading
from typing import Any, Literal

_LOCK = threading.RLock()  # re-entrant: a finalizer run mid-parse may parse too


def parse(source: str, filename: str = "<unknown>", mode: Literal["exec", "eval"] = "exec") -> Any:
    """`ast.parse`, serialized (an `ast.Module` for mode exec, `ast.Expression` for eval)."""
    with _LOCK:
        return ast.parse(source, filename=filename, mode=mode)


def parse_module(source: str, filename: str = "<unknown>") -> ast.Module:
    tree: ast.Module = parse(source, filename)
    return tree


def compile_tree(tree: ast.Module, filename: str) -> None:
    """Compile a parsed module (finds errors the parser does not), serialized; raises as compile."""
    with _LOCK:
        compile(tree, filename, "exec", dont_inherit=True)


def literal_eval(node_or_text: ast.expr | str) -> Any:
    """`ast.literal_eval`; source text is parsed under the lock first."""
    if isinstance(node_or_text, str):
        expression: ast.Expression = parse(node_or_text.lstrip(" \t"), mode="eval")
        return ast.literal_eval(expression)
    return ast.literal_eval(node_or_text)
