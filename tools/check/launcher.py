"""`if __name__ == "__main__":` launcher blocks: manim imports a scene file, so they never run.

Tutorial files end with one (`os.system(f"manim -pql {__file__} MyScene")`). The render runner
removes every block of exactly this form before it executes the file (the same test as
`runner_guards.is_main_block` in tools/render; a test keeps them equal), so the safety check
reports what is inside one as a warning, not an error. Any other form runs and stays checked:
`if __name__ == "__main__" and x:`, a nested `if`, one with an `else:`.
"""

from __future__ import annotations

import ast

from tools.check.safety_rules import LAUNCHER_MODULES

MAIN_BLOCK_NOTE = 'it is inside `if __name__ == "__main__":`, which manim never runs: ignored'


def is_main_block(node: ast.stmt) -> bool:
    """`if __name__ == "__main__":` or `if "__main__" == __name__:` at module level, without
    `else:`, and nothing else."""
    if not isinstance(node, ast.If) or node.orelse:
        return False
    test = node.test
    if not (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Eq)
        and len(test.comparators) == 1
    ):
        return False
    left, right = test.left, test.comparators[0]
    return (_is_name(left) and _is_main(right)) or (_is_main(left) and _is_name(right))


def launcher_imports(tree: ast.Module) -> set[int]:
    """The module-level imports of launcher modules (os, sys, platform, ...) used only by main blocks.

    Such an import still runs, but nothing outside the block can reach what it binds: the names
    are not mentioned anywhere else, and the other rules refuse reaching module globals by
    other means (`globals()`, frames, `__dict__` of the scene's module). Returns node ids.
    """
    blocks = [stmt for stmt in tree.body if isinstance(stmt, ast.If) and is_main_block(stmt)]
    if not blocks:
        return set()
    inside = {
        id(node)
        for block in blocks
        for stmt in block.body  # not the test: it runs
        for node in ast.walk(stmt)
    }
    mentioned: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in inside:
            continue
        if isinstance(node, ast.Name):
            mentioned.add(node.id)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            mentioned.update(node.names)
    found: set[int] = set()
    for stmt in tree.body:
        bound = launcher_bound_names(stmt)
        if bound and not bound & mentioned:
            found.add(id(stmt))
    return found


def launcher_bound_names(stmt: ast.stmt) -> set[str]:
    """The names an import of launcher modules only binds; empty for any other statement."""
    if isinstance(stmt, ast.Import):
        if not all(_root(a.name) in LAUNCHER_MODULES for a in stmt.names):
            return set()
        return {a.asname or _root(a.name) for a in stmt.names}
    if isinstance(stmt, ast.ImportFrom):
        if stmt.level or _root(stmt.module or "") not in LAUNCHER_MODULES:
            return set()
        if any(a.name == "*" for a in stmt.names):
            return set()  # the names it binds are unknown
        return {a.asname or a.name for a in stmt.names}
    return set()


def _root(module: str) -> str:
    return module.split(".", 1)[0]


def _is_name(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "__name__"


def _is_main(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value == "__main__"
