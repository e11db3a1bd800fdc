"""Whether a file has a scene to render at all: `tutor check` refuses what `tutor render` would.

Kept out of `check_code`, which also validates snippets (an MCP client's helper function, a
few lines under discussion) where no Scene class is expected.
"""

from __future__ import annotations

import ast

from tools.check.api_index import ApiIndex
from tools.check.bindings import collect_bindings
from tools.check.findings import CheckContext
from tools.check.problems import Problem
from tools.check.scene_check import resolve_lineage
from tools.check.source import Source

# The render's own refusal, word for word (tools/render/scene_runner.py, inside the sandbox).
NO_SCENE_MESSAGE = "The code defines no Scene subclass."
NO_SCENE_HINT = "Define `class MyScene(Scene):` with a construct(self) method."


def missing_scene(
    tree: ast.Module, code: str, index: ApiIndex, scene: str | None = None
) -> Problem | None:
    """A problem when no class in the code can be a Scene (an empty file, no class at all),
    or, with `scene`, when no class has that name.

    A class whose bases cannot be resolved statically is given the benefit of the doubt.
    """
    nodes = list(ast.walk(tree))
    ctx = CheckContext(tree, Source(code), index, collect_bindings(nodes), nodes)
    if scene is not None and scene not in ctx.bindings.classes:
        found = ", ".join(sorted(_scene_classes(ctx))) or "none"
        return Problem(
            line=1,
            kind="api",
            code="no-scene",
            message=f"No scene class named {scene!r} in the code (found: {found}).",
            suggestion="Pass the name of a class that inherits from Scene.",
        )
    for node in nodes:
        if isinstance(node, ast.ClassDef):
            lineage = resolve_lineage(ctx, node)
            if lineage is None or "Scene" in lineage:
                return None
    return Problem(
        line=1,
        kind="api",
        code="no-scene",
        message=NO_SCENE_MESSAGE,
        suggestion=NO_SCENE_HINT,
    )


def _scene_classes(ctx: CheckContext) -> list[str]:
    names: list[str] = []
    for name, cls in ctx.bindings.classes.items():
        lineage = resolve_lineage(ctx, cls)
        if lineage is not None and "Scene" in lineage:
            names.append(name)
    return names
