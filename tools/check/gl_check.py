"""ManimGL API that Manim CE lacks, found with the table read out of ManimGL's source (`gl_api`).

Names and methods with a CE replacement are in `gl_migrations` (reported by `migration_check`);
this rule reports the rest of ManimGL's API before a render can fail on it: names ManimGL's star
import bound (`op`, `math`: the fix adds the import), ManimGL-only classes, functions and
methods, and ManimGL's `Tex`, which is math mode (CE's `MathTex`) in a file that imports manimlib.
Shorthands with a mechanical CE spelling (`.always`, `.replicate`, ...) are in `gl_patterns`.
"""

from __future__ import annotations

import ast

from tools.check import ast_guard
from tools.check.accessors import is_camera
from tools.check.cjk_tex import find_cjk_tex
from tools.check.colour_objects import find_colour_objects
from tools.check.config_kwargs import find_config_keywords
from tools.check.findings import CheckContext, Finding, RenameName, ReplaceText
from tools.check.gl_animation_update import find_animation_updates
from tools.check.gl_api import GlApi, load_gl_api
from tools.check.gl_camera3d import find_camera3d
from tools.check.gl_fix_in_frame import find_fix_in_frame
from tools.check.gl_keywords import find_gl_keywords
from tools.check.gl_migrations import NameMigration, is_gl_module, method_migration, name_migration
from tools.check.gl_numbers import find_changeable_numbers
from tools.check.gl_opacity import find_gl_opacity
from tools.check.gl_patterns import find_gl_patterns
from tools.check.gl_renames import NO_EQUIVALENT, NO_OP_METHODS
from tools.check.gl_splat import find_splat_keywords
from tools.check.gl_tangent import find_tangent_lines
from tools.check.gl_tex_glyphs import find_flat_tex_indexing
from tools.check.gl_tex_parts import find_tex_part_picks
from tools.check.gl_tracing_tail import find_tracing_tails
from tools.check.safety_rules import imported_name_allowed, module_allowed
from tools.check.tex_colour import find_tex_colour
from tools.check.tex_key_cuts import find_tex_key_cuts

STAR = "gl-star-import"
REWRITE = (
    "ManimGL-only: no Manim CE equivalent — rewrite this part (search the CE docs for what it does)"
)
GL_TEX = NameMigration("Tex", "MathTex", 'MathTex(r"x^2") (ManimGL\'s Tex is math mode)')
_LITERALS = (ast.Constant, ast.JoinedStr, ast.List, ast.Tuple, ast.Dict, ast.Set, ast.ListComp)


def find_gl_issues(ctx: CheckContext) -> list[Finding]:
    """ManimGL API in the module that the installed Manim CE does not have."""
    gl = load_gl_api()
    gl_file = imports_manimgl(ctx)
    findings = [
        *find_camera3d(ctx),  # before the frame's methods are reported one by one
        *find_cjk_tex(ctx),  # before Tex's own rename: CJK words become a Text instead
        *find_tex_part_picks(ctx),
        *find_gl_patterns(ctx),
        *find_splat_keywords(ctx),
        *find_gl_keywords(ctx),
        *find_colour_objects(ctx),
        *find_tex_colour(ctx),
        *find_tex_key_cuts(ctx, gl_file),
        *find_tracing_tails(ctx),
        *find_fix_in_frame(ctx),
        *find_tangent_lines(ctx),
        *find_animation_updates(ctx, gl_file),
        *find_gl_opacity(ctx, gl_file),
        *find_flat_tex_indexing(ctx, gl_file),
        *find_config_keywords(ctx),
    ]
    findings.extend(find_changeable_numbers(ctx))
    called: dict[int, ast.Call] = {}
    modules = _module_names(ctx)
    seen: set[str] = set()
    for node in ctx.nodes:
        if isinstance(node, ast.Call):
            called[id(node.func)] = node
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            tex = node.id == "Tex" and ctx.bindings.manim_name("Tex") == "Tex"
            if gl_file and tex and id(node) not in ctx.reported:
                findings.append(_gl_tex(ctx, node, called.get(id(node))))
            elif (finding := _name_finding(ctx, gl, node, seen)) is not None:
                findings.append(finding)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            finding = _method_finding(ctx, gl, node, called.get(id(node)), modules)
            if finding is not None:
                findings.append(finding)
    return _add_imports_at_once(ctx, findings)


def _add_imports_at_once(ctx: CheckContext, findings: list[Finding]) -> list[Finding]:
    """One edit adds every missing import, in the order the names first appear."""
    adds = [f for f in findings if f.problem.code == STAR and isinstance(f.fix, ReplaceText)]
    at = _star_import_end(ctx)
    if not adds or at is None:
        return findings
    lines = "".join(e[2] for f in adds if isinstance(f.fix, ReplaceText) for e in f.fix.edits)
    edit = ReplaceText(((at, at, lines),), "+ " + "; ".join(lines.split("\n")[1:]))
    merged = {id(f): Finding(f.problem) for f in adds[1:]}
    merged[id(adds[0])] = Finding(adds[0].problem, edit)
    return [merged.get(id(f), f) for f in findings]


def imports_manimgl(ctx: CheckContext) -> bool:
    """Whether the module imports ManimGL: then its `Tex` means ManimGL's (math mode)."""
    for node in ctx.tree.body:
        if isinstance(node, ast.Import) and any(is_gl_module(a.name) for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and not node.level and is_gl_module(node.module or ""):
            return True
    return False


def _gl_tex(ctx: CheckContext, node: ast.Name, call: ast.Call | None) -> Finding:
    problem = ctx.problem(
        node,
        "gl-tex",
        "ManimGL's Tex is math mode; in Manim CE that is MathTex (CE's Tex is text mode, where "
        "bare math fails with LaTeX's 'Missing $ inserted')",
        f"use {GL_TEX.suggestion}",
        fixable=True,
    )
    return Finding(problem, RenameName(node, call, GL_TEX))


def _name_finding(ctx: CheckContext, gl: GlApi, node: ast.Name, seen: set[str]) -> Finding | None:
    name = node.id
    if (
        id(node) in ctx.reported
        or name not in gl.names
        or ctx.bindings.manim_name(name) != name
        or ctx.index.is_exported(name)
        or name_migration(name) is not None  # migration_check reports it with its replacement
    ):
        return None
    if name in seen:  # one report per name; the unknown-name rule must not add more
        ctx.reported.add(id(node))
        return None
    seen.add(name)
    version = ctx.index.version
    statement = gl.imports.get(name)
    if statement is not None:
        at = _star_import_end(ctx)
        allowed = _import_allowed(statement)
        problem = ctx.problem(
            node,
            STAR,
            f"{name} came from ManimGL's star import ({statement}); "
            f"`from manim import *` ({version}) does not bind it",
            f"add `{statement}` under the manim import"
            if allowed
            else f"scene code may not use `{statement}`: rewrite this part without it",
            fixable=allowed and at is not None,
        )
        if allowed and at is not None:
            return Finding(problem, ReplaceText(((at, at, f"\n{statement}"),), f"+ {statement}"))
        return Finding(problem)
    advice = NO_EQUIVALENT.get(name)
    problem = ctx.problem(
        node,
        "gl-only",
        f"{name} is ManimGL API (a manimlib {gl.names[name]}); manim {version} has no {name}",
        f"{name} {advice}" if advice else REWRITE,
    )
    return Finding(problem)


def _star_import_end(ctx: CheckContext) -> int | None:
    """Where an added import goes: right after the module's manim (or manimlib) import."""
    for node in ctx.tree.body:
        if isinstance(node, ast.ImportFrom) and not node.level:
            module = node.module or ""
            if module == "manim" or is_gl_module(module):
                return ctx.source.end(node)
        if isinstance(node, ast.Import) and any(is_gl_module(a.name) for a in node.names):
            return ctx.source.end(node)
    return None


def _import_allowed(statement: str) -> bool:
    node = ast_guard.parse_module(statement).body[0]
    if isinstance(node, ast.Import):
        return all(module_allowed(a.name) for a in node.names)
    assert isinstance(node, ast.ImportFrom)
    module = node.module or ""
    return module_allowed(module) and all(imported_name_allowed(module, a.name) for a in node.names)


def _module_names(ctx: CheckContext) -> set[str]:
    """Local names bound to modules (`import re`, `np`): `re.search` is not a ManimGL method."""
    names = {"np"}
    for node in ctx.nodes:
        if isinstance(node, ast.Import):
            names.update(a.asname or a.name.split(".", 1)[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not is_gl_module(node.module or ""):
            names.update(a.asname or a.name for a in node.names if a.name != "*")
    return names


def _method_finding(
    ctx: CheckContext,
    gl: GlApi,
    node: ast.Attribute,
    call: ast.Call | None,
    modules: set[str],
) -> Finding | None:
    attr = node.attr
    receiver = node.value
    if (
        id(node) in ctx.reported
        or attr not in gl.methods
        or method_migration(attr) is not None  # migration_check reports it with its replacement
        or attr in ctx.bindings.functions
        or attr in ctx.bindings.self_attributes
        or ctx.index.any_class_has_attribute(attr, include_opengl=False)  # Cairo renders here
        or ctx.index.is_instance_attribute(attr)
        or isinstance(receiver, _LITERALS)
        or (isinstance(receiver, ast.Name) and receiver.id in modules)
    ):
        return None
    version = ctx.index.version
    what = f".{attr} is ManimGL API ({gl.owner(attr)}.{attr}); manim {version} has no such method"
    severity = "error"
    if attr.startswith(("get_", "set_")):
        target = attr[4:]
        accessor = _ce_has(ctx, target) or target in ctx.bindings.self_attributes
        if accessor and not is_camera(receiver):
            return None  # an accessor CE resolves at run time (`get_width` -> `width`)
        one_value = call is not None and len(call.args) == 1 and not call.keywords
        if attr.startswith("set_") and (call is None or one_value):
            severity = "warning"
            what += f"; CE would only store an attribute named {target!r}, changing nothing"
        elif call is not None and (call.args or call.keywords):
            what += " (CE reads get_*/set_* calls as attribute accessors: a TypeError at run time)"
    advice = NO_EQUIVALENT.get(attr)
    droppable = attr in NO_OP_METHODS and call is not None
    problem = ctx.problem(node, "gl-only", what, advice or REWRITE, fixable=droppable)
    if severity == "warning":
        problem = problem.model_copy(update={"severity": "warning"})
    if droppable and call is not None:
        edit = _drop_call(ctx, call, receiver)
        return Finding(problem, ReplaceText((edit,), f".{attr}() dropped (ManimGL-only)"))
    return Finding(problem)


def _drop_call(ctx: CheckContext, call: ast.Call, receiver: ast.expr) -> tuple[int, int, str]:
    """The edit that leaves out a no-op call: its whole line when it is a statement of its own
    in a block that keeps others, else the call's receiver in its place (`Square().set_gloss(1)`
    -> `Square()`)."""
    src = ctx.source
    for node in ctx.nodes:
        for block in (getattr(node, name, None) for name in ("body", "orelse", "finalbody")):
            if not isinstance(block, list) or len(block) < 2:  # pyright: ignore[reportUnknownArgumentType]
                continue
            for statement in block:  # pyright: ignore[reportUnknownVariableType]
                if isinstance(statement, ast.Expr) and statement.value is call:
                    start = src.offset(statement.lineno, 0)
                    end = src.offset((statement.end_lineno or statement.lineno) + 1, 0)
                    alone = src.code[start : src.start(statement)].strip() == ""
                    if alone and src.code[src.end(statement) : end].strip() == "":
                        return (start, end, "")
    return (src.start(call), src.end(call), src.text(receiver))


def _ce_has(ctx: CheckContext, attr: str) -> bool:
    """Whether Manim CE has `attr` on some object: a method, property or instance attribute."""
    return ctx.index.any_class_has_attribute(attr) or ctx.index.is_instance_attribute(attr)
