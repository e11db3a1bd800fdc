"""What the CONFIG rewrite reads: a class's ancestry, CONFIG's entries, and their source text."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from tools.check import ast_guard
from tools.check.findings import MAX_LINEAGE_CLASSES, CheckContext
from tools.check.gl_migrations import name_migration
from tools.check.source import Source


@dataclass(frozen=True)
class Ancestry:
    """A class's user-defined ancestors, and every manim class it derives from."""

    users: tuple[ast.ClassDef, ...]
    manim: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """One `"key": value` of CONFIG (or `key=value` of `dict(...)`)."""

    key: str
    key_node: ast.expr | None  # the string constant; None in the dict(...) form
    value: ast.expr
    is_dict: bool  # a dict value: ManimGL merged it with the base classes' dict of that key
    nested: tuple[tuple[str, ast.expr], ...]  # its string-keyed entries


def ancestry(ctx: CheckContext, cls: ast.ClassDef) -> Ancestry | None:
    """The class's ancestors, or None when a base is not a plain, known class.

    A removed manim base counts as its Manim CE replacement (GraphScene as Scene, TextMobject as
    Tex): its own fix renames or converts it.
    """
    users: list[ast.ClassDef] = []
    manim: list[str] = []
    stack = [cls]
    while stack:
        current = stack.pop()
        if current.keywords:
            return None
        for base in current.bases:
            if not isinstance(base, ast.Name):
                return None
            user = ctx.bindings.classes.get(base.id)
            if user is not None and user is not current:
                if user is not cls and not any(user is u for u in users):
                    if len(users) >= MAX_LINEAGE_CLASSES:
                        return None  # hundreds of user classes deep: leave it alone
                    users.append(user)
                    stack.append(user)
                continue
            lineage = _manim_lineage(ctx, base.id)
            if not lineage:
                return None
            manim.extend(lineage)
    return Ancestry(tuple(users), tuple(dict.fromkeys(manim)))


def _manim_lineage(ctx: CheckContext, name: str) -> tuple[str, ...]:
    manim = ctx.bindings.manim_name(name)
    if manim is None:
        return ()
    if not ctx.index.is_exported(manim):
        migration = name_migration(manim)
        if migration is None:
            return ()
        manim = migration.new
    return ctx.index.lineage(manim)


def config_entries(ctx: CheckContext, config: ast.Assign) -> list[Entry] | None:
    """The entries of a `{...}` literal or `dict(...)` call with string keys, else None."""
    value = config.value
    entries: list[Entry] = []
    if isinstance(value, ast.Dict):
        for key, item in zip(value.keys, value.values, strict=True):
            if not isinstance(key, ast.Constant) or not isinstance(key.value, str):
                return None  # `**other` or a computed key
            entries.append(_entry(key.value, key, item, ctx))
    elif (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id == "dict"
        and not ctx.bindings.is_user_bound("dict")
        and not value.args
    ):
        for item in value.keywords:
            if item.arg is None:
                return None
            entries.append(_entry(item.arg, None, item.value, ctx))
    else:
        return None
    keys = [e.key for e in entries]
    return entries if len(set(keys)) == len(keys) else None


def _entry(key: str, key_node: ast.expr | None, value: ast.expr, ctx: CheckContext) -> Entry:
    inner = config_entries(ctx, ast.Assign(targets=[], value=value))
    is_dict = isinstance(value, ast.Dict) or (
        isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict"
    )
    nested = tuple((e.key, e.value) for e in inner or ())
    return Entry(key, key_node, value, is_dict, nested)


def class_scope_reads(cls: ast.ClassDef) -> list[ast.Name]:
    """The names the class body reads at class scope (method bodies aside), each read: a class
    attribute of that name would change what the later ones read."""
    names: list[ast.Name] = []
    stack: list[ast.AST] = list(cls.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            stack.extend([*node.decorator_list, node.args])
            if node.returns is not None:
                stack.append(node.returns)
            continue
        if isinstance(node, ast.Lambda):
            stack.append(node.args)
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            names.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return names


def value_text(src: Source, value: ast.expr) -> str:
    """The value's source text, parenthesized when it spans lines outside brackets of its own."""
    text = src.text(value)
    if "\n" not in text or _reads_as(text, value):
        return text
    return f"({text})"


def _reads_as(text: str, value: ast.expr) -> bool:
    """Whether `_ = text` parses as one assignment of exactly this value."""
    try:
        tree = ast_guard.parse_module(f"_ = {text}")
    except SyntaxError:
        return False
    statement = tree.body[0] if len(tree.body) == 1 else None
    return isinstance(statement, ast.Assign) and ast.dump(statement.value) == ast.dump(value)


def kept_dict(src: Source, config: ast.Assign, entries: list[Entry], indent: str) -> str:
    """A dict literal of the entries that stay in CONFIG, laid out like the original."""
    items = [f"{_key_text(src, e)}: {src.text(e.value)}" for e in entries]
    if config.end_lineno == config.lineno:
        return "{" + ", ".join(items) + "}"
    return "{\n" + "".join(f"{indent}    {item},\n" for item in items) + indent + "}"


def _key_text(src: Source, entry: Entry) -> str:
    return src.text(entry.key_node) if entry.key_node is not None else f'"{entry.key}"'
