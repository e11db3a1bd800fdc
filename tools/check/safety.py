"""Refuse scene code that reaches outside the animation: imports, builtins, dunders, files, config.

The lists live in `safety_rules`; this module only walks the AST and reports. Three things are
warnings, not errors, because the renderer makes them harmless: what is inside an
`if __name__ == "__main__":` launcher block (`launcher`), a module-level write of a setting the
renderer pins (`config_writes`), and the imports only such a block uses. Lookups by a computed
name are refused except the forms `lookups` lets through.
"""

from __future__ import annotations

import ast
import re

from tools.check.config_writes import CONFIG_HINT, config_write, is_config
from tools.check.launcher import MAIN_BLOCK_NOTE, is_main_block, launcher_imports
from tools.check.lookups import (
    ModuleNames,
    dict_reads,
    getattr_name,
    is_getattr_on_lookup_module,
)
from tools.check.problems import Problem, ProblemKind, Severity
from tools.check.safety_imports import (
    NO_SYSTEM_HINT,
    import_findings,
    launcher_import_finding,
)
from tools.check.safety_rules import (
    ALLOWED_DUNDER_ATTRIBUTES,
    ALLOWED_DUNDER_NAMES,
    ALLOWED_DUNDER_STRINGS,
    CONFIG_MUTATING_METHODS,
    FILE_READING_CALLEES,
    FORBIDDEN_BUILTINS,
    FORBIDDEN_MANIM_NAMES,
    LATEX_FILE_ACCESS,
    is_dangerous_attribute,
    is_dunder,
    is_outside_path,
)
from tools.check.source import Source

_DUNDER_IN_STRING = re.compile(r"__\w+__")


def check_safety(tree: ast.Module, source: Source) -> list[Problem]:
    """Every construct in `tree` that scene code may not use (errors), or that the renderer
    ignores (warnings)."""
    visitor = _SafetyVisitor(tree, source)
    visitor.visit(tree)
    return visitor.problems


class _SafetyVisitor(ast.NodeVisitor):
    def __init__(self, tree: ast.Module, source: Source) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.modules = ModuleNames(tree)
        self.dict_reads = dict_reads(tree, self.modules, _attribute_name_allowed)
        self.launcher_imports = launcher_imports(tree)
        self.in_main_block = False  # what runs only under `__main__` is reported as a warning
        self.function_depth = 0  # 0: the statement runs while the module executes

    def report(
        self,
        node: ast.expr | ast.stmt | ast.alias | ast.pattern,
        code: str,
        what: str,
        hint: str,
        *,
        kind: ProblemKind = "unsafe",
        severity: Severity = "error",
    ) -> None:
        col = self.source.char_col(node.lineno, node.col_offset)
        message = f"line {node.lineno}: {what}"
        if self.in_main_block:
            severity, message = "warning", f"{message}; {MAIN_BLOCK_NOTE}"
        self.problems.append(
            Problem(
                line=node.lineno,
                col=col,
                kind=kind,
                code=code,
                message=message,
                suggestion=hint,
                severity=severity,
            )
        )

    # scopes: launcher blocks and functions

    def visit_Module(self, node: ast.Module) -> None:
        for stmt in node.body:
            self.in_main_block = is_main_block(stmt)
            self.visit(stmt)
        self.in_main_block = False

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        self.function_depth += 1
        self.generic_visit(node)
        self.function_depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_Lambda = visit_FunctionDef

    # imports

    def visit_Import(self, node: ast.Import) -> None:
        self._check_import(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self._check_import(node)

    def _check_import(self, node: ast.Import | ast.ImportFrom) -> None:
        if id(node) in self.launcher_imports:
            self.report(node, *launcher_import_finding(node), severity="warning")
            return
        for finding in import_findings(node):
            self.report(node, *finding)

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
            if id(attr) in self.dict_reads:
                continue  # reading a manim name table's `__dict__` (see lookups.py)
            if self._refuse_attribute(node, attr.value, attr.attr):
                break
        self.visit(current)

    def _refuse_attribute(self, node: ast.expr, owner: ast.expr, name: str) -> bool:
        """Report reading attribute `name` of `owner` (in `node`) if it is refused."""
        if is_dunder(name) and name not in ALLOWED_DUNDER_ATTRIBUTES:
            self.report(
                node,
                "dunder-access",
                f"access to {name} in {_text(node)} is not allowed in scene code",
                "use manim's public API instead",
            )
        elif name.startswith("_") and is_config(owner):
            # config._d holds the settings behind the pinned setters
            self.report(
                node,
                "config-cap",
                f"{_text(node)} reaches manim's private render settings",
                CONFIG_HINT,
            )
        elif is_dangerous_attribute(name):
            self.report(
                node,
                "dangerous-attribute",
                f"{_text(node)} reaches {name}, which scene code may not use",
                NO_SYSTEM_HINT,
            )
        else:
            return False
        return True

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
            self._check_config_target(target, node.value)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._check_config_target(node.target)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._check_config_target(node.target)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name) and func.id == "getattr" and self._lookup(node):
            return
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
            and is_config(func.value)
        ):
            self.report(
                node,
                "config-cap",
                f"config.{func.attr}() changes render settings and is not allowed in scene code",
                CONFIG_HINT,
            )
        self.generic_visit(node)

    def _lookup(self, call: ast.Call) -> bool:
        """Check a `getattr` call of a form lookups.py lets through; False for any other."""
        name = getattr_name(call)
        if name is not None:  # judged as `obj.name` would be
            self._refuse_attribute(call, call.args[0], name)
            for arg in call.args[:1] + call.args[2:]:
                self.visit(arg)
            return True
        if is_getattr_on_lookup_module(call, self.modules):
            for arg in call.args:
                self.visit(arg)
            return True
        return False

    def _check_config_target(self, target: ast.expr, value: ast.expr | None = None) -> None:
        if isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._check_config_target(element)
            return
        verdict = config_write(target, value, at_module_level=self.function_depth == 0)
        if verdict is not None:
            self.report(
                target,
                verdict.code,
                verdict.what,
                verdict.hint,
                kind=verdict.kind,
                severity=verdict.severity,
            )


def _text(node: ast.expr) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 60 else text[:57] + "..."


def _attribute_name_allowed(name: str) -> bool:
    """Whether `obj.name` may be read, `obj` being no `config`."""
    return not (
        (is_dunder(name) and name not in ALLOWED_DUNDER_ATTRIBUTES) or is_dangerous_attribute(name)
    )


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
