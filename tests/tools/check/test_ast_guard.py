"""A guarded parse survives another thread parsing without the guard.

Code outside this project parses too (the Agents SDK reads string annotations with `ast.parse`,
Python 3.11's traceback module parses lines for its carets). On CPython 3.11 such a parse
interleaving with ours, through a finalizer run by a garbage collection, made ours fail with
`SystemError: AST constructor recursion depth mismatch`: here, most of the parses did.
"""

from __future__ import annotations

import ast
import gc
import threading
import time

import pytest

from tools.check import ast_guard

SOURCE = "\n".join(
    f"def f{i}(x):\n    return [(a, b) for a in range({i}) for b in x if a > b]" for i in range(60)
)


class Garbage:
    """Cyclic garbage whose finalizer lets other threads run mid-parse."""

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        time.sleep(0)


def test_a_guarded_parse_is_not_broken_by_an_unguarded_one_in_another_thread() -> None:
    stop = threading.Event()

    def unguarded() -> None:
        while not stop.is_set():
            ast.parse("x = (1 + 2) * f(y[3])")

    thresholds = gc.get_threshold()
    gc.set_threshold(50)  # collect often, as a busy app does
    other = threading.Thread(target=unguarded)
    other.start()
    errors: list[BaseException] = []
    try:
        for _ in range(8):
            for _ in range(200):
                Garbage()
            try:
                ast_guard.parse(SOURCE)
            except SystemError as error:
                errors.append(error)
    finally:
        stop.set()
        other.join()
        gc.set_threshold(*thresholds)
    assert not errors, f"{len(errors)} of 8 parses failed: {errors[0]}"


def test_the_collector_is_running_again_after_a_parse_even_a_failing_one() -> None:
    assert gc.isenabled()
    ast_guard.parse("x = 1")
    with pytest.raises(SyntaxError):
        ast_guard.parse("x = (")
    assert gc.isenabled()
