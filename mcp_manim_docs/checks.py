"""Run the checks in order: syntax first (alone when it fails), then safety and the manim API."""

from __future__ import annotations

import ast

from mcp_manim_docs._source import Source
from mcp_manim_docs.api_check import check_api
from mcp_manim_docs.api_index import ApiIndex
from mcp_manim_docs.problems import CheckResult, Problem
from mcp_manim_docs.safety import check_safety


def parse_scene(code: str) -> ast.Module | Problem:
    """The module's AST, or the syntax problem that stops Python from compiling it."""
    try:
        tree = ast.parse(code, filename="<scene>")
        # The compiler finds errors the parser does not (`return` outside a function, ...).
        compile(tree, "<scene>", "exec", dont_inherit=True)
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


def check_code(code: str, index: ApiIndex, *, safety: bool = True) -> CheckResult:
    """Validate scene code. A syntax error is reported alone; otherwise unsafe and API problems."""
    parsed = parse_scene(code)
    if isinstance(parsed, Problem):
        return CheckResult(ok=False, problems=[parsed])
    source = Source(code)
    problems = check_safety(parsed, source) if safety else []
    problems.extend(check_api(parsed, source, index))
    problems.sort(key=lambda p: (p.line, p.col))
    return CheckResult(ok=all(p.severity == "warning" for p in problems), problems=problems)
