"""Find ManimGL / removed Manim CE API in scene code: names, methods, keywords, imports."""

from __future__ import annotations

import ast

from tools.check.accessors import as_accessor_warning, is_camera
from tools.check.findings import (
    CheckContext,
    Finding,
    FoldRange,
    PositionalToKeyword,
    RenameImportedName,
    RenameKeyword,
    RenameMethod,
    RenameName,
    ReplaceImport,
)
from tools.check.gl_migrations import (
    OPPOSITE_DIRECTIONS,
    SHIFTING_FADES,
    CallReshape,
    NameMigration,
    is_gl_module,
    keyword_migrations,
    method_migration,
    name_migration,
    range_migrations,
)


def find_migrations(ctx: CheckContext) -> list[Finding]:
    """Every removed name, method, keyword argument and ManimGL import in the module."""
    findings: list[Finding] = []
    called: dict[int, ast.Call] = {}  # id(func node) -> its call; ast.walk visits calls first
    for node in ctx.nodes:
        if isinstance(node, ast.Call):
            called[id(node.func)] = node
            findings.extend(_keyword_findings(ctx, node))
            findings.extend(_fade_direction_findings(ctx, node))
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            finding = _name_finding(ctx, node, called.get(id(node)))
            if finding is not None:
                findings.append(finding)
        elif isinstance(node, ast.Attribute):
            finding = _method_finding(ctx, node, called.get(id(node)))
            if finding is not None:
                findings.append(finding)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            findings.extend(_import_findings(ctx, node))
    return findings


def _version(ctx: CheckContext) -> str:
    return f"manim {ctx.index.version}"


def _name_finding(ctx: CheckContext, node: ast.Name, call: ast.Call | None) -> Finding | None:
    # Only unaliased uses: `from manim import X as Y` is reported (and fixed) at the import.
    if (
        id(node) in ctx.reported  # an earlier rule (e.g. the GraphScene rewrite) owns it
        or ctx.bindings.manim_name(node.id) != node.id
        or ctx.index.is_exported(node.id)
    ):
        return None
    migration = name_migration(node.id)
    if migration is None:
        return None
    fixable = migration.fixable and (call is None or reshape_fits(call, migration.reshape))
    if migration.template is not None:
        fixable = call is not None and template_fits(call, migration)
    problem = ctx.problem(
        node,
        "removed-api",
        f"{node.id} is not in {_version(ctx)} (ManimGL / old Manim CE API)",
        f"use {migration.suggestion}",
        fixable=fixable,
    )
    return Finding(problem, RenameName(node, call, migration) if fixable else None)


def reshape_fits(call: ast.Call, reshape: CallReshape) -> bool:
    """Whether the fixer can reshape this call: only its last positional argument may move."""
    present = {k.arg for k in call.keywords if k.arg}
    for index, keyword in reshape.positional_to_keyword:
        if index < len(call.args) and (
            index != len(call.args) - 1
            or isinstance(call.args[index], ast.Starred)
            or keyword in present
        ):
            return False
    moved = {k for i, k in reshape.positional_to_keyword if i < len(call.args)}
    return not any(
        old in present and (new in present or new in moved) for old, new in reshape.keyword_renames
    )


def template_fits(call: ast.Call, migration: NameMigration) -> bool:
    """Whether `Old(x, ...)` may repeat x: a plain name (or attribute chain of names)."""
    most = 1 + len(migration.template_defaults)
    if not 1 <= len(call.args) <= most or call.keywords:
        return False
    if any(isinstance(a, ast.Starred) for a in call.args):
        return False
    arg: ast.expr = call.args[0]
    while isinstance(arg, ast.Attribute):
        arg = arg.value
    return isinstance(arg, ast.Name)


def _method_finding(
    ctx: CheckContext, node: ast.Attribute, call: ast.Call | None
) -> Finding | None:
    migration = method_migration(node.attr)
    if (
        migration is None
        or id(node) in ctx.reported
        or not isinstance(node.ctx, ast.Load)
        or node.attr in ctx.bindings.functions  # the scene defines a method of that name itself
        or ctx.index.any_class_has_attribute(node.attr, include_opengl=False)
    ):
        return None
    fixable = migration.fixable and (
        not migration.to_attribute or (call is not None and not call.args and not call.keywords)
    )
    if call is None:
        # A bare reference (`ApplyMethod(mob.scale_about_point, 2, ORIGIN)`): its arguments are
        # another call's, so a rename alone would hand `ORIGIN` to `scale` as its second
        # positional. `play(mob.method, ...)` is first rewritten into a call (`.animate`).
        reshape = migration.reshape
        fixable = fixable and not (reshape.positional_to_keyword or reshape.add_keywords)
    else:
        fixable = fixable and reshape_fits(call, migration.reshape)
    problem = ctx.problem(
        node,
        "removed-api",
        f".{node.attr}() is not a method of {_version(ctx)} mobjects (ManimGL / old Manim CE API)",
        f"use {migration.suggestion}",
        fixable=fixable,
    )
    if not is_camera(node.value):
        problem = as_accessor_warning(problem, node.attr, call, ctx.index)  # it may still run
    return Finding(problem, RenameMethod(node, call, migration) if fixable else None)


def _import_findings(ctx: CheckContext, node: ast.Import | ast.ImportFrom) -> list[Finding]:
    if isinstance(node, ast.Import):
        gl = [a.name for a in node.names if is_gl_module(a.name)]
        if not gl:
            return []
        fixable = len(gl) == len(node.names)
        problem = ctx.problem(
            node,
            "gl-import",
            f"import {', '.join(gl)} is ManimGL; this project renders with Manim Community Edition",
            "from manim import *",
            fixable=fixable,
        )
        return [Finding(problem, ReplaceImport(node) if fixable else None)]
    module = node.module or ""
    if node.level == 0 and is_gl_module(module):
        problem = ctx.problem(
            node,
            "gl-import",
            f"from {module} import ... is ManimGL; this project renders with Manim Community Edition",
            "from manim import *",
            fixable=True,
        )
        return [Finding(problem, ReplaceImport(node))]
    if node.level or module != "manim":
        return []
    findings: list[Finding] = []
    for alias in node.names:
        migration = name_migration(alias.name)
        if migration is None or ctx.index.is_exported(alias.name):
            continue
        new = migration.new.split(".", 1)[0].split("(", 1)[0]
        fixable = migration.fixable and ctx.index.is_exported(new)
        problem = ctx.problem(
            alias,
            "removed-api",
            f"manim {ctx.index.version} does not export {alias.name} (ManimGL / old Manim CE API)",
            f"import and use {migration.suggestion}",
            fixable=fixable,
        )
        findings.append(Finding(problem, RenameImportedName(alias, new) if fixable else None))
    return findings


def _callee(
    ctx: CheckContext, call: ast.Call
) -> tuple[str | None, str | None, str | None, frozenset[str]]:
    """(class as written, class in the installed manim, method, parameters it accepts)."""
    func = call.func
    if isinstance(func, ast.Name):
        name = ctx.bindings.manim_name(func.id)
        if name is None:
            return None, None, None, frozenset()
        target = name
        if not ctx.index.is_exported(name):
            migration = name_migration(name)
            if migration is None or not ctx.index.is_exported(migration.new):
                return None, None, None, frozenset()
            target = migration.new
        if ctx.index.names.get(target) != "class":
            return None, None, None, frozenset()
        return name, target, None, ctx.index.init_param_names(target)
    if isinstance(func, ast.Attribute) and func.attr not in ctx.bindings.functions:
        method = func.attr
        target = method
        migration = method_migration(method)
        if migration is not None and not ctx.index.any_class_has_method(method):
            target = migration.new
        return None, None, method, ctx.index.method_param_names(target)
    return None, None, None, frozenset()


def _keyword_findings(ctx: CheckContext, call: ast.Call) -> list[Finding]:
    if not any(k.arg for k in call.keywords):
        return []
    class_name, target, method, accepted = _callee(ctx, call)
    if class_name is None and method is None:
        return []
    by_name = {k.arg: k for k in call.keywords if k.arg is not None}
    callee = f"{class_name}()" if class_name else f".{method}()"
    findings: list[Finding] = []
    folds = dict.fromkeys([*range_migrations(class_name, method), *range_migrations(target, None)])
    for fold in folds:
        lows = [by_name[n] for n in fold.mins if n in by_name and n not in accepted]
        highs = [by_name[n] for n in fold.maxs if n in by_name and n not in accepted]
        steps = [by_name[n] for n in fold.steps if n in by_name and n not in accepted]
        radii = [by_name[n] for n in fold.radii if n in by_name and n not in accepted]
        present = sorted([*lows, *highs, *steps, *radii], key=lambda k: (k.lineno, k.col_offset))
        if not present or fold.target in by_name:
            continue
        names = "/".join(k.arg or "" for k in present)
        radius = len(radii) == 1 and not lows and not highs and len(steps) <= 1
        fixable = radius or (len(lows) == 1 and len(highs) == 1 and len(steps) <= 1 and not radii)
        shape = "[min, max, step]" if steps else "[min, max]"
        shape = shape.replace("min, max", "-r, r") if radii else shape
        problem = ctx.problem(
            present[0],
            "removed-kwarg",
            f"{callee} takes no {names} in {_version(ctx)}",
            f"{fold.target}={shape}",
            fixable=fixable,
        )
        for k in present:
            ctx.reported.add(id(k))
        step = steps[0] if steps else None
        fix = (
            FoldRange(call, fold, radii[0], radii[0], step, radius=True)
            if radius
            else FoldRange(call, fold, lows[0], highs[0], step)
            if fixable
            else None
        )
        findings.append(Finding(problem, fix))
    renames = dict.fromkeys(
        [*keyword_migrations(class_name, method), *keyword_migrations(target, None)]
    )
    for rename in renames:
        keyword = by_name.get(rename.old)
        if keyword is None or rename.old in accepted or rename.new in by_name:
            continue
        if id(keyword) in ctx.reported:  # an earlier rule's rewrite covers it
            continue
        problem = ctx.problem(
            keyword,
            "removed-kwarg",
            f"{callee} takes no {rename.old}= in {_version(ctx)}",
            f"{rename.new}=...",
            fixable=True,
        )
        findings.append(Finding(problem, RenameKeyword(keyword, rename)))
    return findings


def _is_direction(ctx: CheckContext, node: ast.expr) -> bool:
    """UP, 2 * LEFT, -RIGHT, UP + LEFT: manim's direction constants and simple arithmetic."""
    if isinstance(node, ast.Name):
        return node.id in OPPOSITE_DIRECTIONS and ctx.bindings.manim_name(node.id) == node.id
    if isinstance(node, ast.UnaryOp):
        return _is_direction(ctx, node.operand)
    if isinstance(node, ast.BinOp):
        return _is_direction(ctx, node.left) or _is_direction(ctx, node.right)
    return False


def _fade_direction_findings(ctx: CheckContext, call: ast.Call) -> list[Finding]:
    func = call.func
    if not isinstance(func, ast.Name) or ctx.bindings.manim_name(func.id) not in SHIFTING_FADES:
        return []
    findings: list[Finding] = []
    has_shift = any(k.arg == "shift" for k in call.keywords)
    for position, arg in enumerate(call.args[1:], start=1):
        if not _is_direction(ctx, arg):
            continue
        fixable = position == len(call.args) - 1 and not has_shift
        text = ctx.source.text(arg)
        problem = ctx.problem(
            arg,
            "removed-api",
            f"{func.id}() takes mobjects positionally in {_version(ctx)}; {text} is a direction",
            f"{func.id}(mob, shift={text})",
            fixable=fixable,
        )
        findings.append(Finding(problem, PositionalToKeyword(arg, "shift") if fixable else None))
    return findings
