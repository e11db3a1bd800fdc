"""Run the checks in order: syntax first (alone when it fails), then safety and the manim API."""

from __future__ import annotations

import ast

from tools.check import ast_guard
from tools.check.api_check import check_api, scope_of
from tools.check.api_index import ApiIndex
from tools.check.problems import CheckResult, Problem
from tools.check.safety import check_safety
from tools.check.source import Source
from tools.check.unrun_safety import scope_safety

# Real scenes are under 20 kB; far bigger code is refused before parsing (the checks are
# linear, but megabytes of code would still hold a worker for minutes).
MAX_CODE_BYTES = 200_000


def parse_scene(code: str) -> ast.Module | Problem:
    """The module's AST, or the problem that stops it from being parsed: size or syntax."""
    if (size := _utf8_size(code)) > MAX_CODE_BYTES:
        return Problem(
            line=1,
            kind="unsafe",
            code="code-too-large",
            message=(
                f"line 1: the code is {size / 1000:,.0f} kB; scene code is limited to "
                f"{MAX_CODE_BYTES // 1000} kB (real scenes are under 20 kB)"
            ),
            suggestion="write one short scene; build repeated objects with loops, not copies",
        )
    try:
        tree = ast_guard.parse_module(code, filename="<scene>")
        # The compiler finds errors the parser does not (`return` outside a function, ...).
        ast_guard.compile_tree(tree, "<scene>")
    except SyntaxError as error:
        line = error.lineno or 1
        text = (error.text or "").strip()
        where = f": {text[:80]}" if text else ""
        return Problem(
            line=line,
            col=max((error.offset or 1) - 1, 0),
            kind="syntax",
            code="syntax-error",
            message=f"line {line}: {error.msg}{where}",
            suggestion="fix the Python syntax on that line",
        )
    except (ValueError, RecursionError, MemoryError) as error:
        return Problem(
            line=1,
            kind="syntax",
            code="syntax-error",
            message=f"line 1: the code cannot be parsed ({type(error).__name__}: {error})",
            suggestion="send plain Python source text",
        )
    return tree


def check_code(
    code: str, index: ApiIndex, *, safety: bool = True, scene: str | None = None
) -> CheckResult:
    """Validate scene code. A syntax error is reported alone; otherwise unsafe and API problems.

    With `scene` (the class to render), problems in code that rendering it never runs (other
    scenes' methods, helpers it does not use) are warnings (`scene_scope`, `unrun_safety`).
    """
    parsed = parse_scene(code)
    if isinstance(parsed, Problem):
        return CheckResult(ok=False, problems=[parsed])
    source = Source(code)
    problems = check_safety(parsed, source) if safety else []
    if problems and scene and (scope := scope_of(parsed, source, index, scene)):
        problems = scope_safety(problems, parsed, scope)
    problems.extend(check_api(parsed, source, index, scene=scene))
    problems.sort(key=lambda p: (p.line, p.col))
    return CheckResult(ok=all(p.severity == "warning" for p in problems), problems=problems)


def _utf8_size(code: str) -> int:
    if len(code) * 4 <= MAX_CODE_BYTES:  # short text: no need to encode it
        return len(code)
    return len(code.encode("utf-8", errors="surrogatepass"))
