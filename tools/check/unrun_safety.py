"""Unsafe code that rendering one scene never runs: a warning, like the API problems there.

`tutor render FILE --scene X` runs X, not the other scenes of the file (raw manim does the
same). Tutorial files import `os` at the top for a helper of another scene (`os.path.join` in
an SVG scene's class); refusing X for that costs real users, and the sandbox contains the rest.
So with a scene named, a module-level import of a launcher module (os, sys, platform, ...) whose
names are mentioned only in bodies that do not run (`scene_scope`) or in `__main__` blocks is a
warning, and so are the findings on those mentions. Anything else unsafe stays refused wherever
it is (`open`, `eval`, dunder access: an escape attempt is refused even where it would not run).
"""

from __future__ import annotations

import ast

from tools.check.launcher import is_main_block, launcher_bound_names
from tools.check.problems import Problem
from tools.check.scene_scope import SceneScope


def scope_safety(problems: list[Problem], tree: ast.Module, scope: SceneScope) -> list[Problem]:
    """Launcher imports (and their mentions) that rendering the scope's scene never reaches,
    as warnings; every other unsafe finding as it is."""
    import_lines, use_lines = _imports_used_only_where_nothing_runs(tree, scope)
    scoped: list[Problem] = []
    for problem in problems:
        if problem.kind != "unsafe" or problem.severity == "warning":
            scoped.append(problem)
        elif problem.line in import_lines:
            why = f"its names are used only where scene {scope.scene} never runs"
            scoped.append(_warning(problem, why))
        elif problem.line in use_lines:
            scoped.append(scope.scoped(problem))
        else:
            scoped.append(problem)
    return scoped


def _imports_used_only_where_nothing_runs(
    tree: ast.Module, scope: SceneScope
) -> tuple[set[int], set[int]]:
    """Lines of module-level launcher imports whose names appear only in unrun code, and the
    lines of those mentions inside unrun bodies."""
    main_blocks = [s for s in tree.body if isinstance(s, ast.If) and is_main_block(s)]
    in_main = {id(n) for block in main_blocks for s in block.body for n in ast.walk(s)}
    import_lines: set[int] = set()
    use_lines: set[int] = set()
    for statement in tree.body:
        bound = launcher_bound_names(statement)
        if not bound:
            continue
        uses = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in bound]
        unrun = [n for n in uses if id(n) not in in_main and scope.body_at(n) is not None]
        if all(id(n) in in_main or scope.body_at(n) is not None for n in uses):
            import_lines.add(statement.lineno)
            use_lines.update(n.lineno for n in unrun)
    return import_lines, use_lines


def _warning(problem: Problem, why: str) -> Problem:
    return problem.model_copy(
        update={"severity": "warning", "message": f"{problem.message}; {why}"}
    )
