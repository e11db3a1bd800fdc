"""Which code runs when one scene of a file is rendered, so that API problems elsewhere only warn.

Rendering scene X runs the whole module once (module-level code, class bodies and the headers of
every `def` and `class`: bases, decorators, default values), then X's methods. The body of a method
of another class, or of a module-level function, runs only when code that runs names its class or
function: X names its bases in its header, and its methods name the helpers they call. API problems
in bodies that nothing running names become warnings: raw `manim render FILE X` renders X all the
same. Safety findings are not touched (the sandbox is the guarantee, but the check stays strict).
Names are matched without scopes, so a local variable named like a class counts as using it:
when in doubt, a problem stays an error.
"""

from __future__ import annotations

import ast
from bisect import bisect_right
from dataclasses import dataclass

from tools.check.findings import CheckContext
from tools.check.problems import Problem
from tools.check.scene_check import resolve_lineage

Position = tuple[int, int]  # (1-based line, character column), as in `Problem`
Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


@dataclass(frozen=True)
class Body:
    """The statements of one function or method, which run only when it is called."""

    owner: str  # the module-level def the body belongs to
    label: str  # "B.construct()" or "helper()"
    statements: list[ast.stmt]
    start: Position
    end: Position

    def holds(self, position: Position) -> bool:
        return self.start <= position < self.end


class SceneScope:
    """The bodies that do not run when `scene` renders, and what to say about problems in them."""

    def __init__(self, ctx: CheckContext, scene: str, unrun: list[Body], scenes: set[str]) -> None:
        self.ctx = ctx
        self.scene = scene
        self.unrun = sorted(unrun, key=lambda b: b.start)  # disjoint: one bisect finds the body
        self._starts = [b.start for b in self.unrun]
        self.scenes = scenes  # owners of unrun bodies that are scene classes

    def body_at(self, node: ast.expr | ast.stmt | ast.keyword | ast.alias) -> Body | None:
        return self._body_at((node.lineno, self.ctx.source.char_col(node.lineno, node.col_offset)))

    def _body_at(self, position: Position) -> Body | None:
        at = bisect_right(self._starts, position) - 1
        return self.unrun[at] if at >= 0 and self.unrun[at].holds(position) else None

    def apply(self, problems: list[Problem]) -> list[Problem]:
        """API errors inside unrun bodies, as warnings that say why."""
        return [self.scoped(p) if p.kind == "api" else p for p in problems]

    def scoped(self, problem: Problem) -> Problem:
        """The problem as a warning that says why, when it lies in a body that does not run."""
        body = self._body_at((problem.line, problem.col))
        if body is None or problem.severity == "warning":
            return problem
        if body.owner in self.scenes:
            why = f"it is in {body.label} of another scene, which is not rendered"
        else:
            why = f"it is in {body.label}, which scene {self.scene} does not use"
        return problem.model_copy(
            update={"severity": "warning", "message": f"{problem.message}; {why}"}
        )


def scene_scope(ctx: CheckContext, scene: str) -> SceneScope | None:
    """The scope of rendering `scene`, or None when the file has no such module-level class."""
    definitions: dict[str, list[Definition]] = {}
    for statement in ctx.tree.body:
        if isinstance(statement, Definition):
            definitions.setdefault(statement.name, []).append(statement)
    if not definitions.get(scene) or not all(
        isinstance(d, ast.ClassDef) for d in definitions[scene]
    ):
        return None
    bodies: dict[str, list[Body]] = {}
    lineage: dict[str, set[str]] = {}  # class -> user classes it names as plain bases
    for name, found in definitions.items():
        for definition in found:
            bodies.setdefault(name, []).extend(_bodies(ctx, definition))
            if isinstance(definition, ast.ClassDef):
                bases = {b.id for b in definition.bases if isinstance(b, ast.Name)}
                lineage.setdefault(name, set()).update(bases & definitions.keys())
    deferred = {id(s) for found in bodies.values() for b in found for s in b.statements}
    # Naming a class as a base runs none of its methods; the subclass's lineage does, if it runs.
    plain_bases = {
        id(b)
        for d in ctx.tree.body
        if isinstance(d, ast.ClassDef)
        for b in d.bases
        if isinstance(b, ast.Name)
    }
    pending = _names(ctx.tree.body, skip=deferred | plain_bases) | {scene}
    live: set[str] = set()
    while pending:
        name = pending.pop()
        if name in live or name not in definitions:
            continue
        live.add(name)
        pending |= lineage.get(name, set())
        for body in bodies.get(name, []):
            pending |= _names(body.statements, skip=set())
    unrun = [b for name, found in bodies.items() if name not in live for b in found]
    scenes = {name for name in bodies if name not in live and _is_scene(ctx, definitions[name])}
    return SceneScope(ctx, scene, unrun, scenes)


def _bodies(ctx: CheckContext, definition: Definition) -> list[Body]:
    if not isinstance(definition, ast.ClassDef):
        return [_body(ctx, definition.name, f"{definition.name}()", definition)]
    return [
        _body(ctx, definition.name, f"{definition.name}.{method.name}()", method)
        for method in definition.body
        if isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def _body(
    ctx: CheckContext, owner: str, label: str, function: ast.FunctionDef | ast.AsyncFunctionDef
) -> Body:
    first, last = function.body[0], function.body[-1]
    decorated = first.decorator_list if isinstance(first, Definition) else []
    start_line = min([first.lineno, *(d.lineno for d in decorated)])
    # A decorator starts its own line; otherwise the body may share the `def` line.
    start_col = 0 if decorated else ctx.source.char_col(first.lineno, first.col_offset)
    end_line = last.end_lineno or last.lineno
    end_col = ctx.source.char_col(end_line, last.end_col_offset or 0)
    return Body(owner, label, function.body, (start_line, start_col), (end_line, end_col))


def _names(statements: list[ast.stmt], skip: set[int]) -> set[str]:
    """The names loaded in the statements, leaving out the nodes in `skip` and all below them."""
    found: set[str] = set()
    stack: list[ast.AST] = list(statements)
    while stack:
        node = stack.pop()
        if id(node) in skip:
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            found.add(node.id)
        stack.extend(ast.iter_child_nodes(node))
    return found


def _is_scene(ctx: CheckContext, found: list[Definition]) -> bool:
    for definition in found:
        if isinstance(definition, ast.ClassDef):
            lineage = resolve_lineage(ctx, definition)
            if lineage is not None and "Scene" in lineage:
                return True
    return False
