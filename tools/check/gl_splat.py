"""Old keyword arguments that reach a manim class through a dict splatted into its calls.

ManimGL scenes share settings this way (`kw = dict(font_size=72, t2c=colors)` or
`kw = {"isolate": [...]}`, then `Tex("a", **kw)` ...): the keyword renames of `gl_migrations`
apply to the dict's keys when every use of the variable is such a splat into classes that all
take the same rename (a use reads the last dict written before it: straight-line scene code).
"""

from __future__ import annotations

import ast
from typing import TypeGuard

from tools.check.findings import CheckContext, Finding, RenameKeyword, ReplaceText
from tools.check.gl_migrations import KeywordMigration, keyword_migrations, name_migration


def find_splat_keywords(ctx: CheckContext) -> list[Finding]:
    assigns = _dict_assignments(ctx)
    if not assigns:
        return []
    users: dict[int, list[str]] = {}  # id(dict call) -> classes it is splatted into
    splats: set[int] = set()
    for node in ctx.nodes:
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        for keyword in node.keywords:
            value = keyword.value
            if keyword.arg is None and isinstance(value, ast.Name) and value.id in assigns:
                splats.add(id(value))
                source = _reaching(assigns[value.id], value)
                if source is not None:
                    users.setdefault(id(source), []).append(
                        ctx.bindings.manim_name(node.func.id) or ""
                    )
    loads = [n for n in ctx.nodes if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)]
    other_uses = {n.id for n in loads if n.id in assigns and id(n) not in splats}
    findings: list[Finding] = []
    for name, calls in assigns.items():
        for call in calls if name not in other_uses else []:
            classes = users.get(id(call), [])
            if classes and all(classes):
                findings.extend(_renames(ctx, name, call, classes))
    return findings


DictBuild = ast.Call | ast.Dict  # `dict(key=value)`, or `{"key": value}` with literal keys


def _dict_assignments(ctx: CheckContext) -> dict[str, list[DictBuild]]:
    """Variables only ever bound to dicts built in place, with those builds."""
    found: dict[str, list[DictBuild]] = {}
    for node in ctx.nodes:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and _builds_dict(node.value)
        ):
            found.setdefault(node.targets[0].id, []).append(node.value)
    return {n: calls for n, calls in found.items() if ctx.bindings.constructed.get(n) == "dict"}


def _builds_dict(value: ast.expr) -> TypeGuard[DictBuild]:
    if isinstance(value, ast.Call):
        return isinstance(value.func, ast.Name) and value.func.id == "dict"
    # Every key a string written out: `{**other}` or a computed key could be anything.
    return isinstance(value, ast.Dict) and all(
        isinstance(k, ast.Constant) and isinstance(k.value, str) for k in value.keys
    )


def _reaching(calls: list[DictBuild], use: ast.Name) -> DictBuild | None:
    """The binding a use reads in straight-line code: the last one written before it."""
    before = [c for c in calls if (c.lineno, c.col_offset) < (use.lineno, use.col_offset)]
    return max(before, key=lambda c: (c.lineno, c.col_offset), default=None)


def _renames(ctx: CheckContext, name: str, build: DictBuild, classes: list[str]) -> list[Finding]:
    findings: list[Finding] = []
    entries = _entries(build)
    present = {key for key, _ in entries}
    for key, node in entries:
        if key is None or id(node) in ctx.reported:
            continue
        common = {_rename(ctx, cls, key) for cls in classes}
        rename = common.pop() if len(common) == 1 else None
        if rename is None or rename.new in present:
            continue
        problem = ctx.problem(
            node,
            "removed-kwarg",
            f"{classes[0]}() takes no {rename.old}= in manim {ctx.index.version} "
            f"(it gets it through **{name})",
            f"{rename.new}=...",
            fixable=True,
        )
        findings.append(Finding(problem, _key_fix(ctx, name, node, rename)))
    return findings


def _key_fix(
    ctx: CheckContext, name: str, node: ast.keyword | ast.Constant, rename: KeywordMigration
) -> RenameKeyword | ReplaceText | None:
    if isinstance(node, ast.keyword):
        return RenameKeyword(node, rename)
    text = ctx.source.text(node)
    if text[1:-1] != rename.old or text[0] != text[-1]:  # a prefix, escapes, concatenation
        return None
    start = ctx.source.start(node) + 1  # the key's own quotes stay
    edit = (start, start + len(rename.old), rename.new)
    return ReplaceText((edit,), f'"{rename.old}" → "{rename.new}" (in **{name})')


def _entries(build: DictBuild) -> list[tuple[str | None, ast.keyword | ast.Constant]]:
    """(key, the node naming it) for each entry; None for a `**spread` in a dict() call."""
    if isinstance(build, ast.Call):
        return [(k.arg, k) for k in build.keywords]
    return [
        (k.value, k) for k in build.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)
    ]


def _rename(ctx: CheckContext, cls: str, keyword: str) -> KeywordMigration | None:
    migration = name_migration(cls)
    target = migration.new if migration is not None and not ctx.index.is_exported(cls) else cls
    if keyword in ctx.index.init_param_names(target):
        return None
    renames = [*keyword_migrations(cls, None), *keyword_migrations(target, None)]
    return next((r for r in renames if r.old == keyword), None)
