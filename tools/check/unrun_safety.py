"""Unsafe code that rendering one scene never runs: a warning, like the API problems there.

`tutor render FILE --scene X` runs X, not the other scenes of the file (raw manim does the
same). Tutorial files import `os` at the top for a helper of another scene (`os.path.join` in
an SVG scene's class); refusing X for that costs real users, and the sandbox contains the rest.
So with a scene named, a safety finding inside a body that does not run (`scene_scope`) is a
warning, and so is a module-level import of a launcher module (os, sys, platform, ...) whose
names are mentioned only in such bodies or in `__main__` blocks. Everything else that runs at
import stays refused: module-level code, class bodies, the scene's own methods and helpers.
"""

from __future__ import annotations

import ast

from tools.check.launcher import is_main_block, launcher_bound_names
from tools.check.problems import Problem
from tools.check.scene_scope import SceneScope


def scope_safety(problems: list[Problem], tree: ast.Module, scope: SceneScope) -> list[Problem]:
    """Unsafe errors that rendering the scope's scene never reaches, as warnings."""
    quiet_imports = _imports_used_only_where_nothing_runs(tree, scope)
    scoped: list[Problem] = []
    for problem in problems:
        if problem.kind != "unsafe" or problem.severity == "warning":
            scoped.append(problem)
        elif problem.line in quiet_imports:
            why = f"its names are used only where scene {scope.scene} never runs"
            scoped.append(_warning(problem, why))
        else:
            scoped.append(scope.scoped(problem))
    return scoped


def _imports_used_only_where_nothing_runs(tree: ast.Module, scope: SceneScope) -> set[int]:
    """Lines of module-level launcher imports whose names appear only in unrun code."""
    main_blocks = [s for s in tree.body if isinstance(s, ast.If) and is_main_block(s)]
    in_main = {id(n) for block in main_blocks for s in block.body for n in ast.walk(s)}
    lines: set[int] = set()
    for statement in tree.body:
        bound = launcher_bound_names(statement)
        if not bound:
            continue
        uses = [node for node in ast.walk(tree) if isinstance(node, ast.Name) and node.id in bound]
        if all(id(node) in in_main or scope.body_at(node) is not None for node in uses):
            lines.add(statement.lineno)
    return lines


def _warning(problem: Problem, why: str) -> Problem:
    return problem.model_copy(
        update={"severity": "warning", "message": f"{problem.message}; {why}"}
    )
