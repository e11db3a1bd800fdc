"""What scene code may import: the import half of the safety check (`safety.check_safety`)."""

from __future__ import annotations

import ast
from typing import NamedTuple

from tools.check.gl_migrations import is_gl_module
from tools.check.safety_rules import imported_name_allowed, module_allowed

ALLOWED_IMPORTS_HINT = (
    "scene code may import only manim (from manim import *), numpy, scipy, networkx and pure-math "
    "stdlib modules (math, random, itertools, functools, collections, typing, ...)"
)
NO_SYSTEM_HINT = "scene code cannot touch files, processes, the network or the environment"
_IMPORT_HINTS = {
    "time": "use self.wait(seconds) for a pause",
    "sys": NO_SYSTEM_HINT,
    "os": NO_SYSTEM_HINT,
    "pathlib": NO_SYSTEM_HINT,
    "subprocess": NO_SYSTEM_HINT,
}


class ImportFinding(NamedTuple):
    code: str
    what: str
    hint: str


def import_findings(node: ast.Import | ast.ImportFrom) -> list[ImportFinding]:
    """Why the import statement `node` is refused, once per refused module or name."""
    if isinstance(node, ast.Import):
        return [
            _refused_module(alias.name)
            for alias in node.names
            if not is_gl_module(alias.name) and not module_allowed(alias.name)
        ]
    module = node.module or ""
    if node.level:
        return [
            ImportFinding(
                "forbidden-import",
                "relative imports are not allowed in scene code",
                ALLOWED_IMPORTS_HINT,
            )
        ]
    if is_gl_module(module):
        return []  # ManimGL imports are an API problem with a fix, reported by the API check
    names = [a.name for a in node.names]
    if not module_allowed(module) and not (
        names and all(module_allowed(f"{module}.{n}") for n in names)
    ):
        return [_refused_module(module)]
    return [
        ImportFinding(
            "forbidden-import",
            f"importing {name} from {module} is not allowed in scene code",
            NO_SYSTEM_HINT,
        )
        for name in names
        if name != "*" and not imported_name_allowed(module, name)
    ]


def launcher_import_finding(node: ast.Import | ast.ImportFrom) -> ImportFinding:
    """The warning for an import used only inside `if __name__ == "__main__":` (launcher.py).

    It still runs when manim imports the file; nothing outside the launcher block can use what
    it binds, and the sandbox contains the rest.
    """
    return ImportFinding(
        "launcher-import",
        f'`{ast.unparse(node)}` is used only inside `if __name__ == "__main__":`, which manim '
        "never runs; allowed, but it has no use in a rendered scene",
        "remove it together with the launcher block: the renderer runs the scene itself",
    )


def _refused_module(module: str) -> ImportFinding:
    hint = _IMPORT_HINTS.get(module.split(".", 1)[0], ALLOWED_IMPORTS_HINT)
    return ImportFinding(
        "forbidden-import", f"import of {module} is not allowed in scene code", hint
    )
