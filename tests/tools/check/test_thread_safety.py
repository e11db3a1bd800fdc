"""The checker and fixer from several threads at once, as the app runs them.

CPython 3.11's AST construction is not thread-safe: a thread switch inside it (a finalizer
running, as happens all the time in a busy app) corrupts another thread's parse
(`SystemError: AST constructor recursion depth mismatch`). Every parse goes through one lock.
"""

from __future__ import annotations

import threading

from tests.tools.check.helpers import scene
from tools.check import ApiIndex, check_code, fix_code


class Garbage:
    """Cyclic garbage with a finalizer: collecting it runs Python code mid-parse."""

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        sum(range(50))


BODY = "\n".join(
    f"c{i} = Circle(radius={i % 3 + 1}).shift(RIGHT * {i % 5})\nself.play(ShowCreation(c{i}))"
    for i in range(40)
)


def test_checking_and_fixing_in_parallel_threads_never_breaks_a_parse(api_index: ApiIndex) -> None:
    code = scene(BODY)
    errors: list[BaseException] = []

    def work(fix: bool) -> None:
        for _ in range(60):
            junk = [Garbage() for _ in range(200)]
            del junk
            try:
                fix_code(code, api_index) if fix else check_code(code, api_index)
            except BaseException as error:  # any failure is the finding
                errors.append(error)

    threads = [threading.Thread(target=work, args=(n % 2 == 0,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:3]
