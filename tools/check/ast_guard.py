"""The one way this process builds ASTs: atomically, under a process-wide lock.

CPython 3.11 (fixed in later releases) keeps the AST converter's recursion counter in
interpreter-wide state. A conversion is C code, but a garbage collection inside it can run a
Python finalizer, and any thread may then take the GIL and convert a tree of its own; the
first conversion then fails with `SystemError: AST constructor recursion depth mismatch`.
A lock is not enough: other code in the process parses too (the Agents SDK reads string
annotations with `ast.parse`, the standard traceback module parses a line to place its
carets). So a parse here also pauses the garbage collector: with no finalizer to run, no
other thread can get in until it is done. Every `ast.parse`, `literal_eval` of source text
and `compile` of a tree in this code base goes through here.
"""

from __future__ import annotations

import ast
import gc
import threading
from collections.abc import Generator
from contextlib import contextmanager
from typing import Any, Literal

_LOCK = threading.RLock()  # re-entrant: nested guarded calls on one thread are fine


@contextmanager
def _uninterrupted() -> Generator[None]:
    with _LOCK:
        collecting = gc.isenabled()
        gc.disable()
        try:
            yield
        finally:
            if collecting:  # an outer guarded call re-enables it
                gc.enable()


def parse(source: str, filename: str = "<unknown>", mode: Literal["exec", "eval"] = "exec") -> Any:
    """`ast.parse`, atomically (an `ast.Module` for mode exec, `ast.Expression` for eval)."""
    with _uninterrupted():
        return ast.parse(source, filename=filename, mode=mode)


def parse_module(source: str, filename: str = "<unknown>") -> ast.Module:
    tree: ast.Module = parse(source, filename)
    return tree


def compile_tree(tree: ast.Module, filename: str) -> None:
    """Compile a parsed module (finds errors the parser does not), atomically; raises as compile."""
    with _uninterrupted():
        compile(tree, filename, "exec", dont_inherit=True)


def literal_eval(node_or_text: ast.expr | str) -> Any:
    """`ast.literal_eval`; source text is parsed atomically first."""
    if isinstance(node_or_text, str):
        expression: ast.Expression = parse(node_or_text.lstrip(" \t"), mode="eval")
        return ast.literal_eval(expression)
    return ast.literal_eval(node_or_text)
