"""What the GraphScene rewrite shares: which classes it concerns, and line-level source helpers."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from tools.check.findings import MAX_LINEAGE_CLASSES, CheckContext, TextEdit
from tools.check.source import Source

GRAPH_SCENE = "GraphScene"
# GraphScene CONFIG keys the conversion turns into the Axes of setup() (then removes).
AXES_KEYS: tuple[str, ...] = (
    "x_min",
    "x_max",
    "x_tick_frequency",
    "x_axis_width",
    "y_min",
    "y_max",
    "y_tick_frequency",
    "y_axis_height",
    "axes_color",
    "graph_origin",
    "include_tip",
    "x_axis_label",
    "y_axis_label",
    "x_labeled_nums",
    "y_labeled_nums",
    "exclude_zero_label",
)


class Unfixable(Exception):
    """The GraphScene code does not fit a safe rewrite; the message says why."""


@dataclass(frozen=True)
class GraphLineage:
    """A scene class seen from the GraphScene rewrite."""

    classes: tuple[ast.ClassDef, ...]  # the class and its user-defined ancestors
    roots: tuple[ast.ClassDef, ...]  # those of them with GraphScene as a direct base
    has_axes: bool  # one of them assigns self.axes
    manim: tuple[str, ...]  # the manim classes it derives from


def graph_lineage(ctx: CheckContext, cls: ast.ClassDef) -> GraphLineage | None:
    """The class's lineage when it derives from GraphScene, or certainly from a manim Scene."""
    classes: list[ast.ClassDef] = []
    roots: list[ast.ClassDef] = []
    manim: list[str] = []
    known = True
    seen: set[int] = set()
    stack = [cls]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        if len(seen) >= MAX_LINEAGE_CLASSES:
            return None  # hundreds of user classes deep: not a scene to rewrite
        seen.add(id(current))
        classes.append(current)
        for base in current.bases:
            if not isinstance(base, ast.Name):
                known = False
                continue
            user = ctx.bindings.classes.get(base.id)
            if user is not None and user is not current:
                stack.append(user)
                continue
            name = ctx.bindings.manim_name(base.id)
            if name == GRAPH_SCENE and not ctx.index.is_exported(name):
                roots.append(current)
                continue
            lineage = ctx.index.lineage(name) if name else ()
            known = known and bool(lineage)
            manim.extend(lineage)
    if not roots and (not known or "Scene" not in manim):
        return None
    has_axes = any(_assigns_self_axes(ctx, c) for c in classes)
    return GraphLineage(tuple(classes), tuple(roots), has_axes, tuple(manim))


def _assigns_self_axes(ctx: CheckContext, cls: ast.ClassDef) -> bool:
    known = ctx.assigns_axes.get(id(cls))
    if known is None:
        known = ctx.assigns_axes[id(cls)] = _walk_assigns_self_axes(cls)
    return known


def _walk_assigns_self_axes(cls: ast.ClassDef) -> bool:
    return any(
        isinstance(n, ast.Attribute)
        and n.attr == "axes"
        and isinstance(n.ctx, ast.Store)
        and isinstance(n.value, ast.Name)
        and n.value.id == "self"
        for n in ast.walk(cls)
    )


def is_scene_class(ctx: CheckContext, name: str) -> bool:
    """Whether a base class name is (certainly) a manim Scene, directly or via user classes."""
    user = ctx.bindings.classes.get(name)
    if user is not None:
        lineage = graph_lineage(ctx, user)
        return lineage is not None and "Scene" in lineage.manim
    manim = ctx.bindings.manim_name(name)
    return manim is not None and "Scene" in ctx.index.lineage(manim)


def axes_keys(config: ast.expr) -> list[str]:
    """The GraphScene axes keys a CONFIG dict literal sets."""
    if not isinstance(config, ast.Dict):
        return []
    return [
        k.value
        for k in config.keys
        if isinstance(k, ast.Constant) and isinstance(k.value, str) and k.value in AXES_KEYS
    ]


def class_config(cls: ast.ClassDef) -> ast.Assign | None:
    """The class's (last) `CONFIG = ...` statement."""
    configs = [
        s
        for s in cls.body
        if isinstance(s, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "CONFIG" for t in s.targets)
    ]
    return configs[-1] if configs else None


def class_body_names(cls: ast.ClassDef) -> set[str]:
    """Names the class body binds itself (methods, class attributes), CONFIG aside."""
    names: set[str] = set()
    for statement in cls.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(statement.name)
        elif isinstance(statement, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
    names.discard("CONFIG")
    return names


# line-level source helpers: inserted and removed code always spans whole lines


def indentation(src: Source, node: ast.stmt) -> str | None:
    """The whitespace before a statement, or None when code precedes it on its line."""
    line = src.lines[node.lineno - 1] if node.lineno <= len(src.lines) else ""
    prefix = line[: src.char_col(node.lineno, node.col_offset)]
    return None if prefix.strip() else prefix


def end_line(node: ast.stmt | ast.expr) -> int:
    return node.end_lineno if node.end_lineno is not None else node.lineno


def owns_lines(src: Source, node: ast.stmt) -> bool:
    """Whether nothing but whitespace or a comment shares the statement's lines."""
    if indentation(src, node) is None:
        return False
    last = end_line(node)
    rest = src.code[src.end(node) : src.offset(last + 1, 0)].strip()
    return not rest or rest.startswith("#")


def line_span(src: Source, node: ast.stmt) -> tuple[int, int]:
    """Offsets of the statement's whole lines (decorators included)."""
    decorators: list[ast.expr] = getattr(node, "decorator_list", [])
    first = min([node.lineno, *(d.lineno for d in decorators)])
    return src.offset(first, 0), src.offset(end_line(node) + 1, 0)


def after_lines(src: Source, node: ast.stmt, text: str) -> TextEdit:
    """Insert whole lines right after the statement's last line."""
    at = src.offset(end_line(node) + 1, 0)
    newline = "" if src.code[at - 1 : at] == "\n" else "\n"  # the last line had no newline
    return (at, at, newline + text)


def drop_lines(src: Source, node: ast.stmt) -> TextEdit:
    """Delete the statement's lines, and one blank line after them."""
    start, end = line_span(src, node)
    following = end_line(node)  # 0-based index of the next line
    if following < len(src.lines) and not src.lines[following].strip():
        end = src.offset(following + 2, 0)
    return (start, end, "")
