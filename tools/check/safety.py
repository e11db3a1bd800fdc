"""Refuse scene code that reaches outside the animation: imports, builtins, dunders, files, config.

The lists live in `safety_rules`; this module only walks the AST and reports.
"""

from __future__ import annotations

import ast
import re

from tools.check.gl_migrations import is_gl_module
from tools.check.problems import Problem
from tools.check.safety_rules import (
    ALLOWED_DUNDER_ATTRIBUTES,
    ALLOWED_DUNDER_NAMES,
    ALLOWED_DUNDER_STRINGS,
    CAPPED_CONFIG_KEYS,
    CONFIG_MUTATING_METHODS,
    FILE_READING_CALLEES,
    FORBIDDEN_BUILTINS,
    FORBIDDEN_MANIM_NAMES,
    LATEX_FILE_ACCESS,
    imported_name_allowed,
    is_dangerous_attribute,
    is_dunder,
    is_outside_path,
    module_allowed,
)
from tools.check.source import Source

ALLOWED_IMPORTS_HINT = (
    "scene code may import only manim (from manim import *), numpy, scipy, networkx and pure-math "
    "stdlib modules (math, random, itertools, functools, collections, typing, ...)"
)
NO_SYSTEM_HINT = "scene code cannot touch files, processes, the network or the environment"
CONFIG_HINT = (
    "remove it: resolution, frame rate, output and renderer are set by the quality preset "
    "when rendering"
)
_DUNDER_IN_STRING = re.compile(r"__\w+__")
_IMPORT_HINTS = {
    "time": "use self.wait(seconds) for a pause",
    "sys": NO_SYSTEM_HINT,
    "os": NO_SYSTEM_HINT,
    "pathlib": NO_SYSTEM_HINT,
    "subprocess": NO_SYSTEM_HINT,
}


def check_safety(tree: ast.Module, source: Source) -> list[Problem]:
    """Every construct in `tree` that scene code may not use, as `unsafe` problems."""
    visitor = _SafetyVisitor(source)
    visitor.visit(tree)
    return visitor.problems


class _SafetyVisitor(ast.NodeVisitor):
    def __init__(self, source: Source) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def report(
        self, node: ast.expr | ast.stmt | ast.alias | ast.pattern, code: str, what: str, hint: str
    ) -> None:
        col = self.source.char_col(node.lineno, node.col_offset)
        self.problems.append(
            Problem(
                line=node.lineno,
                col=col,
                kind="unsafe",
                code=code,
                message=f"line {node.lineno}: {what}",
                suggestion=hint,
            )
        )

    # imports

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._check_module(node, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if node.level:
            self.report(
                node,
                "forbidden-import",
                "relative imports are not allowed in scene code",
                ALLOWED_IMPORTS_HINT,
            )
            return
        if is_gl_module(module):
            return  # ManimGL imports are an API problem with a fix, reported by the API check
        names = [a.name for a in node.names]
        if not module_allowed(module) and not (
            names and all(module_allowed(f"{module}.{n}") for n in names)
        ):
            self._refuse_module(node, module)
            return
        for alias in node.names:
            if alias.name == "*":
                continue
            if not imported_name_allowed(module, alias.name):
                self.report(
                    node,
                    "forbidden-import",
                    f"importing {alias.name} from {module} is not allowed in scene code",
                    NO_SYSTEM_HINT,
                )

    def _check_module(self, node: ast.Import, module: str) -> None:
        if not is_gl_module(module) and not module_allowed(module):
            self._refuse_module(node, module)

    def _refuse_module(self, node: ast.Import | ast.ImportFrom, module: str) -> None:
        root = module.split(".", 1)[0]
        hint = _IMPORT_HINTS.get(root, ALLOWED_IMPORTS_HINT)
        self.report(
            node, "forbidden-import", f"import of {module} is not allowed in scene code", hint
        )

    # names and attributes

    def visit_Name(self, node: ast.Name) -> None:
        name = node.id
        loading = isinstance(node.ctx, ast.Load)
        if loading and name in FORBIDDEN_BUILTINS:
            self.report(
                node,
                "forbidden-builtin",
                f"{name}() is not allowed in scene code",
                _builtin_hint(name),
            )
        elif is_dunder(name) and name not in ALLOWED_DUNDER_NAMES:
            self.report(
                node,
                "dunder-access",
                f"the name {name} is not allowed in scene code",
                "use manim's public API instead",
            )
        elif loading and name in FORBIDDEN_MANIM_NAMES:
            self.report(
                node,
                "forbidden-name",
                f"{name}() touches files or processes and is not allowed in scene code",
                NO_SYSTEM_HINT,
            )
        elif loading and name == "tempconfig":
            self.report(
                node,
                "config-cap",
                "tempconfig() changes render settings and is not allowed in scene code",
                CONFIG_HINT,
            )

    def visit_Attribute(self, node: ast.Attribute) -> None:
        chain: list[ast.Attribute] = []
        current: ast.expr = node
        while isinstance(current, ast.Attribute):
            chain.append(current)
            current = current.value
        # Innermost first, so `utils.file_ops.os.environ` is reported once, naming `file_ops`.
        for attr in reversed(chain):
            name = attr.attr
            if is_dunder(name) and name not in ALLOWED_DUNDER_ATTRIBUTES:
                self.report(
                    node,
                    "dunder-access",
                    f"access to {name} in {_text(node)} is not allowed in scene code",
                    "use manim's public API instead",
                )
                break
            if name.startswith("_") and _is_config(attr.value):
                # config._d holds the settings behind the pinned setters
                self.report(
                    node,
                    "config-cap",
                    f"{_text(node)} reaches manim's private render settings",
                    CONFIG_HINT,
                )
                break
            if is_dangerous_attribute(name):
                self.report(
                    node,
                    "dangerous-attribute",
                    f"{_text(node)} reaches {name}, which scene code may not use",
                    NO_SYSTEM_HINT,
                )
                break
        self.visit(current)

    def visit_MatchClass(self, node: ast.MatchClass) -> None:
        # Class patterns read attributes by name: `case object(__class__=c)`.
        for name in node.kwd_attrs:
            if (
                is_dunder(name) and name not in ALLOWED_DUNDER_ATTRIBUTES
            ) or is_dangerous_attribute(name):
                self.report(
                    node,
                    "dunder-access",
                    f"the pattern reads attribute {name}, which scene code may not use",
                    "use manim's public API instead",
                )
        self.generic_visit(node)

    # strings

    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant):
            return  # a bare string statement (docstring) is inert
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        text = node.value
        if isinstance(text, str) and ("\\" in text or "^^" in text):
            found = LATEX_FILE_ACCESS.search(text)
            if found is not None:
                self.report(
                    node,
                    "latex-file-access",
                    f"the string uses {found.group(0)}, which makes LaTeX read or write files",
                    "typeset the text itself; LaTeX in scene code may not touch files",
                )
        # Format strings and string-based lookups reach attributes by name: "{0.__globals__}".
        if isinstance(node.value, str) and "__" in node.value:
            for found in _DUNDER_IN_STRING.findall(node.value):
                if found not in ALLOWED_DUNDER_STRINGS:
                    self.report(
                        node,
                        "dunder-access",
                        f"the string names {found}, which scene code may not use",
                        "use manim's public API instead",
                    )
                    break

    # render configuration

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._check_config_target(target)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._check_config_target(node.target)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._check_config_target(node.target)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        callee = func.attr if isinstance(func, ast.Attribute) else None
        if isinstance(func, ast.Name):
            callee = func.id
        if callee in FILE_READING_CALLEES:
            for value in [*node.args, *(k.value for k in node.keywords)]:
                if (
                    isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                    and is_outside_path(value.value)
                ):
                    self.report(
                        value,
                        "file-access",
                        f"{callee}() may not open {value.value!r}: scene code sees only its own folder",
                        "use a file name relative to the scene (no absolute paths, no ..)",
                    )
        if (
            isinstance(func, ast.Attribute)
            and func.attr in CONFIG_MUTATING_METHODS
            and _is_config(func.value)
        ):
            self.report(
                node,
                "config-cap",
                f"config.{func.attr}() changes render settings and is not allowed in scene code",
                CONFIG_HINT,
            )
        self.generic_visit(node)

    def _check_config_target(self, target: ast.expr) -> None:
        if isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._check_config_target(element)
            return
        key: str | None = None
        if isinstance(target, ast.Attribute) and _is_config(target.value):
            key = target.attr
        elif (
            isinstance(target, ast.Subscript)
            and _is_config(target.value)
            and isinstance(target.slice, ast.Constant)
            and isinstance(target.slice.value, str)
        ):
            key = target.slice.value
        if key in CAPPED_CONFIG_KEYS:
            self.report(
                target,
                "config-cap",
                f"setting config.{key} is not allowed: resolution, frame rate and output are set by the quality preset",
                CONFIG_HINT,
            )


def _is_config(node: ast.expr) -> bool:
    """`config` or `manim.config` (or `self.config`-like chains ending in `config`)."""
    if isinstance(node, ast.Name):
        return node.id == "config"
    return isinstance(node, ast.Attribute) and node.attr == "config"


def _text(node: ast.expr) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 60 else text[:57] + "..."


def _builtin_hint(name: str) -> str:
    if name in {"getattr", "setattr", "delattr", "vars"}:
        return "use obj.attribute directly"
    if name in {"eval", "exec", "compile", "__import__"}:
        return "write the code directly instead of evaluating strings"
    if name == "input":
        return "scenes render without a user; hard-code the value"
    if name == "open":
        return NO_SYSTEM_HINT
    return "remove it; " + NO_SYSTEM_HINT
