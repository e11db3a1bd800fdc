"""Check scene code against the installed manim's API (from the API index, never by import).

Rules: GraphScene (`graph_scene_fix`), removed / ManimGL API (`migration_check`), scene habits (`scene_check`), then names that
are bound nowhere and keyword arguments a manim constructor or method does not take. A false
positive here blocks a valid render, so every rule stays silent when it cannot be sure; code
the rendered scene never runs only warns (`scene_scope`).
"""

from __future__ import annotations

import ast
import builtins
import difflib

from tools.check.api_index import ApiIndex
from tools.check.bindings import collect_bindings
from tools.check.findings import CheckContext, Finding, ReplaceText
from tools.check.gl_api import load_gl_api
from tools.check.gl_check import find_gl_issues, imports_manimgl
from tools.check.gl_keywords import drop_keyword
from tools.check.graph_scene_fix import find_graph_scene_issues
from tools.check.migration_check import find_migrations
from tools.check.problems import Problem
from tools.check.scene_check import find_scene_issues
from tools.check.scene_scope import SceneScope, scene_scope
from tools.check.source import Source
from tools.check.splat_dicts import find_splatted_keywords
from tools.check.text_styles import find_style_overlaps

BUILTIN_NAMES = frozenset(dir(builtins)) | {"__file__", "__builtins__", "__annotations__"}


def find_api_issues(tree: ast.Module, source: Source, index: ApiIndex) -> list[Finding]:
    """Every API problem in the module, with the rewrite for the mechanical ones."""
    return _find(_context(tree, source, index), None)


def check_api(
    tree: ast.Module, source: Source, index: ApiIndex, *, scene: str | None = None
) -> list[Problem]:
    """The API problems in the module (kind "api").

    With `scene`, problems in code that rendering that scene never runs are warnings
    (`scene_scope`); without it, or when the file has no such class, the whole file counts.
    """
    ctx = _context(tree, source, index)
    scope = scene_scope(ctx, scene) if scene else None
    problems = [f.problem for f in _find(ctx, scope)]
    return scope.apply(problems) if scope else problems


def scope_of(tree: ast.Module, source: Source, index: ApiIndex, scene: str) -> SceneScope | None:
    """What rendering `scene` runs of the module (None when there is no such class)."""
    return scene_scope(_context(tree, source, index), scene)


def _context(tree: ast.Module, source: Source, index: ApiIndex) -> CheckContext:
    nodes = list(ast.walk(tree))
    return CheckContext(tree, source, index, collect_bindings(nodes), nodes)


def _find(ctx: CheckContext, scope: SceneScope | None) -> list[Finding]:
    # GraphScene first: it claims the nodes it rewrites before the generic rename rules see them.
    findings = find_graph_scene_issues(ctx)
    findings.extend(find_gl_issues(ctx))  # ManimGL-only API, by ManimGL's own table
    findings.extend(find_migrations(ctx))
    findings.extend(find_scene_issues(ctx))
    findings.extend(find_style_overlaps(ctx))
    findings.extend(_unknown_names(ctx, scope))
    findings.extend(_unknown_keywords(ctx))
    findings.extend(find_splatted_keywords(ctx, _accepted_keywords))
    return findings


def _close_match(name: str, candidates: list[str]) -> str | None:
    matches = difflib.get_close_matches(name, candidates, n=1, cutoff=0.75)
    return matches[0] if matches else None


def _unknown_names(ctx: CheckContext, scope: SceneScope | None) -> list[Finding]:
    bindings = ctx.bindings
    if bindings.other_star:
        return []  # names from `from numpy import *` and the like cannot be known statically
    findings: list[Finding] = []
    # Each name once, but once in code that runs too: a first use in an unrendered scene only warns.
    seen: set[tuple[str, bool]] = set()
    candidates: list[str] | None = None
    unevaluated = _unevaluated_annotation_names(ctx.tree, ctx.nodes)
    for node in ctx.nodes:
        if isinstance(node, ast.ImportFrom) and node.module == "manim" and not node.level:
            findings.extend(_unexported_imports(ctx, node))
            continue
        if not isinstance(node, ast.Name) or not isinstance(node.ctx, ast.Load):
            continue
        name = node.id
        key = (name, scope is not None and scope.body_at(node) is not None)
        if (
            id(node) in unevaluated
            or key in seen
            or id(node) in ctx.reported
            or name in bindings.user
            or name in bindings.manim_imports
            or name in BUILTIN_NAMES
            or (bindings.star_manim and ctx.index.is_exported(name))
        ):
            continue
        seen.add(key)
        if candidates is None:
            exported = list(ctx.index.names) if bindings.star_manim else []
            candidates = [*exported, *bindings.user, *bindings.manim_imports]
        if not bindings.star_manim and ctx.index.is_exported(name):
            suggestion: str | None = f"add `from manim import *` (or `from manim import {name}`)"
        else:
            match = _close_match(name, candidates)
            suggestion = f"did you mean {match}?" if match else None
        problem = ctx.problem(
            node,
            "unknown-name",
            f"{name} is not defined (not a manim {ctx.index.version} name nor bound in this file)",
            suggestion,
        )
        findings.append(Finding(problem))
    return findings


def _unevaluated_annotation_names(tree: ast.Module, nodes: list[ast.AST]) -> set[int]:
    """Names in annotations Python never evaluates: every annotation under
    `from __future__ import annotations`, and variable annotations inside functions always."""
    postponed = any(
        isinstance(n, ast.ImportFrom)
        and n.module == "__future__"
        and any(a.name == "annotations" for a in n.names)
        for n in tree.body
    )
    annotations: list[ast.expr] = []
    if postponed:
        for node in nodes:
            if isinstance(node, ast.arg | ast.AnnAssign) and node.annotation is not None:
                annotations.append(node.annotation)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns:
                annotations.append(node.returns)
    elif any(isinstance(n, ast.AnnAssign) for n in nodes):
        annotations = _local_variable_annotations(tree)
    return {id(n) for a in annotations for n in ast.walk(a) if isinstance(n, ast.Name)}


def _local_variable_annotations(tree: ast.Module) -> list[ast.expr]:
    found: list[ast.expr] = []
    stack: list[tuple[ast.AST, bool]] = [(tree, False)]
    while stack:
        node, in_function = stack.pop()
        if in_function and isinstance(node, ast.AnnAssign):
            found.append(node.annotation)
        inner = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))
    return found


def _unexported_imports(ctx: CheckContext, node: ast.ImportFrom) -> list[Finding]:
    findings: list[Finding] = []
    for alias in node.names:
        name = alias.name
        if name == "*" or ctx.index.is_exported(name) or id(alias) in ctx.reported:
            continue
        match = _close_match(name, list(ctx.index.names))
        problem = ctx.problem(
            alias,
            "unknown-name",
            f"manim {ctx.index.version} does not export {name}",
            f"did you mean {match}?" if match else None,
        )
        findings.append(Finding(problem))
    return findings


def _unknown_keywords(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    gl = load_gl_api() if imports_manimgl(ctx) else None
    for node in ctx.nodes:
        if not isinstance(node, ast.Call) or not node.keywords:
            continue
        resolved = _accepted_keywords(ctx, node)
        if resolved is None:
            continue
        callee, accepted = resolved
        for keyword in node.keywords:
            if keyword.arg is None or keyword.arg in accepted or id(keyword) in ctx.reported:
                continue
            match = _close_match(keyword.arg, sorted(accepted))
            what = f"{callee} has no keyword argument {keyword.arg!r} in manim {ctx.index.version}"
            ignored = (
                gl is not None
                and match is None
                and isinstance(node.func, ast.Name)
                and gl.takes(callee.removesuffix("()"), keyword.arg) is False
            )
            if ignored:  # ManimGL up to 1.6 made any keyword an attribute, unread
                problem = ctx.problem(
                    keyword,
                    "unknown-kwarg",
                    f"{what}; no ManimGL release read it either (up to 1.6 it was ignored)",
                    f"remove {keyword.arg}=: it never changed anything",
                    fixable=True,
                )
                edit = drop_keyword(ctx.source, node, keyword)
                fix = ReplaceText((edit,), f"{keyword.arg}= removed (ManimGL ignored it)")
                findings.append(Finding(problem, fix))
                continue
            problem = ctx.problem(
                keyword,
                "unknown-kwarg",
                what,
                f"did you mean {match}=?"
                if match
                else f"remove {keyword.arg}=; see the docs of {callee}",
            )
            findings.append(Finding(problem))
    return findings


def _accepted_keywords(ctx: CheckContext, call: ast.Call) -> tuple[str, frozenset[str]] | None:
    """(callee, keywords it accepts) when the callee is certainly a manim class or method."""
    func = call.func
    index = ctx.index
    if isinstance(func, ast.Name):
        name = ctx.bindings.manim_name(func.id)
        if name is None or index.names.get(name) != "class":
            return None
        accepted = index.accepted_kwargs(name)
        return None if accepted is None else (f"{name}()", accepted)
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        class_name = ctx.bindings.constructed.get(func.value.id)
        if class_name is None:
            return None
        manim = ctx.bindings.manim_name(class_name)
        if manim is None or index.names.get(manim) != "class":
            return None
        params = index.method(manim, func.attr)
        if params is None or params.var_kw:
            return None
        return f"{manim}.{func.attr}()", frozenset(params.params) | params.kwargs_read
    return None
