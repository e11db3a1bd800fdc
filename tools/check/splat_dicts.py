"""Keyword arguments a manim class would refuse, passed through a dict of fixed settings.

    AXIS = dict(length=8, line_to_number_direction=UP)    (a module-level literal)
    NumberLine(**AXIS)  or, with `axis = AXIS` in the class,  NumberLine(**self.axis)

Python refuses an unknown keyword only when the call runs, so such a scene would fail at render
time. A dict written once, at module level (or a class attribute naming one), and never changed
has keys known before the render: each is checked as if it were written in the call.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from tools.check.findings import CheckContext, Finding

Accepted = Callable[[CheckContext, ast.Call], tuple[str, frozenset[str]] | None]


@dataclass(frozen=True)
class FixedDict:
    line: int
    keys: list[str]


def find_splatted_keywords(ctx: CheckContext, accepted_keywords: Accepted) -> list[Finding]:
    dicts = _fixed_dicts(ctx)
    if not dicts:
        return []
    findings: list[Finding] = []
    for node in ctx.nodes:
        if not isinstance(node, ast.Call):
            continue
        splats = [k for k in node.keywords if k.arg is None and id(k) not in ctx.reported]
        keys = [(k, name) for k in splats if (name := _dict_name(ctx, k.value, dicts)) is not None]
        if not keys:
            continue
        resolved = accepted_keywords(ctx, node)
        if resolved is None:
            continue
        callee, accepted = resolved
        for keyword, name in keys:
            unknown = [key for key in dicts[name].keys if key not in accepted]
            if unknown:
                where = f"{name} of line {dicts[name].line}"
                findings.append(_finding(ctx, keyword, callee, where, unknown))
    return findings


def _finding(
    ctx: CheckContext, keyword: ast.keyword, callee: str, name: str, unknown: list[str]
) -> Finding:
    listed = ", ".join(repr(k) for k in unknown)
    problem = ctx.problem(
        keyword,
        "unknown-kwarg",
        f"{callee} has no keyword argument {listed} in manim {ctx.index.version} (in the dict "
        f"{name}, passed with **); the call fails when it runs",
        f"remove {listed} from {name}, or rename it to what {callee} takes (see its docs)",
    )
    return Finding(problem)


def _fixed_dicts(ctx: CheckContext) -> dict[str, FixedDict]:
    """Module-level names bound once to a dict literal (`{...}` or `dict(k=v)`) with string
    keys, that nothing assigns again or changes in place."""
    bound: dict[str, list[ast.expr]] = {}
    for statement in ctx.tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if isinstance(target, ast.Name):
                bound.setdefault(target.id, []).append(statement.value)
    class_level = {  # `attr = ...` in a class body binds the class's name, not the module's
        id(t)
        for cls in ctx.bindings.classes.values()
        for statement in cls.body
        if isinstance(statement, ast.Assign)
        for t in statement.targets
    }
    stored = [
        n.id
        for n in ctx.nodes
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load) and id(n) not in class_level
    ]
    changed = {
        n.value.id
        for n in ctx.nodes
        if isinstance(n, ast.Subscript | ast.Attribute)
        and isinstance(n.value, ast.Name)
        and (not isinstance(n.ctx, ast.Load) or isinstance(n, ast.Attribute))
    }  # d["k"] = v, del d["k"], d.update(...) / d.pop(...): any attribute of it
    return {
        name: FixedDict(value.lineno, keys)
        for name, (value, *more) in bound.items()
        if not more
        and stored.count(name) == 1
        and name not in changed
        and (keys := _literal_keys(value)) is not None
    }


def _literal_keys(value: ast.expr) -> list[str] | None:
    if isinstance(value, ast.Dict):
        keys = [
            k.value for k in value.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)
        ]
        return keys if len(keys) == len(value.keys) else None  # no **spread, no other key
    if (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id == "dict"
        and not value.args
        and all(k.arg is not None for k in value.keywords)
    ):
        return [k.arg for k in value.keywords if k.arg is not None]
    return None


def _dict_name(ctx: CheckContext, splat: ast.expr, dicts: dict[str, FixedDict]) -> str | None:
    """The module's name for the dict in `**NAME`, or in `**self.attr` where a class of the
    module sets `attr = NAME` once and nothing assigns `self.attr`."""
    name = splat.id if isinstance(splat, ast.Name) else None
    if (
        isinstance(splat, ast.Attribute)
        and isinstance(splat.value, ast.Name)
        and splat.value.id == "self"
    ):
        name = _class_attribute(ctx, splat.attr)
    return name if name in dicts else None


def _class_attribute(ctx: CheckContext, attr: str) -> str | None:
    """NAME, when the module's classes set `attr = NAME` exactly once and nothing assigns
    `self.attr` (or `x.attr`) anywhere."""
    sets = [
        s
        for cls in ctx.bindings.classes.values()
        for s in cls.body
        if (isinstance(s, ast.Assign) and any(_is_name(t, attr) for t in s.targets))
        or (isinstance(s, ast.AnnAssign) and _is_name(s.target, attr))
    ]
    assigned = any(
        isinstance(n, ast.Attribute) and n.attr == attr and not isinstance(n.ctx, ast.Load)
        for n in ctx.nodes
    )
    if len(sets) != 1 or assigned or not isinstance(value := sets[0].value, ast.Name):
        return None
    return value.id


def _is_name(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name
