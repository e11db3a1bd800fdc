"""GraphScene (removed from Manim CE) -> a Scene whose setup() builds `self.axes = Axes(...)`.

The axes come from the class's CONFIG (GraphScene's defaults where it is silent); the CONFIG
entries used up are removed. `graph_scene_calls` then moves the GraphScene methods onto
`self.axes`. A class this cannot convert safely stays reported, unfixable, with the reason.
"""

from __future__ import annotations

import ast

from tools.check.findings import CheckContext, Finding, ReplaceText, TextEdit
from tools.check.graph_scene_axes import EMITTED_NAMES, setup_lines
from tools.check.graph_scene_calls import find_graph_calls
from tools.check.graph_scene_common import (
    GRAPH_SCENE,
    Unfixable,
    after_lines,
    axes_keys,
    class_body_names,
    class_config,
    drop_lines,
    end_line,
    graph_lineage,
    indentation,
    is_scene_class,
    line_span,
    owns_lines,
)
from tools.check.source import Source

SUGGESTION = (
    "class MyScene(Scene) with self.axes = Axes(x_range=[...], y_range=[...]) in setup(), "
    "and self.axes.plot(f) for self.get_graph(f)"
)


def find_graph_scene_issues(ctx: CheckContext) -> list[Finding]:
    """GraphScene classes, and GraphScene API used in scenes that have (or get) self.axes."""
    findings: list[Finding] = []
    classes = [n for n in ctx.nodes if isinstance(n, ast.ClassDef)]
    convertible: set[int] = set()
    for cls in classes:
        base = _graph_base(ctx, cls)
        if base is not None:
            finding = _class_finding(ctx, cls, base)
            if finding.fix is not None:
                convertible.add(id(cls))
            findings.append(finding)
    for cls in classes:
        lineage = graph_lineage(ctx, cls)
        if lineage is None:
            continue
        if lineage.roots:  # its methods move once every GraphScene base class converts
            fixable = all(id(root) in convertible for root in lineage.roots)
        else:  # a Scene: converted on an earlier pass, or written with self.axes
            fixable = lineage.has_axes
        if lineage.roots or lineage.has_axes:
            findings.extend(_subclass_config(ctx, cls))
        findings.extend(find_graph_calls(ctx, cls, lineage, fixable=fixable))
    return findings


def _graph_base(ctx: CheckContext, cls: ast.ClassDef) -> ast.Name | None:
    for base in cls.bases:
        if (
            isinstance(base, ast.Name)
            and base.id == GRAPH_SCENE
            and ctx.bindings.manim_name(base.id) == GRAPH_SCENE
            and not ctx.index.is_exported(GRAPH_SCENE)
        ):
            return base
    return None


def _class_finding(ctx: CheckContext, cls: ast.ClassDef, base: ast.Name) -> Finding:
    what = f"{GRAPH_SCENE} is not in manim {ctx.index.version} (removed from Manim CE)"
    try:
        edits = _convert(ctx, cls, base)
    except Unfixable as reason:
        suggestion = f"use {SUGGESTION} (not rewritten automatically: {reason})"
        return Finding(ctx.problem(base, "removed-api", what, suggestion))
    problem = ctx.problem(base, "removed-api", what, f"use {SUGGESTION}", fixable=True)
    # The rewrite covers every GraphScene name in the class (`GraphScene.setup(self)` too).
    ctx.reported.update(
        id(n) for n in ast.walk(cls) if isinstance(n, ast.Name) and n.id == GRAPH_SCENE
    )
    description = f"class {cls.name}({GRAPH_SCENE}) → Scene with self.axes = Axes(...) in setup()"
    return Finding(problem, ReplaceText(tuple(edits), description))


def _subclass_config(ctx: CheckContext, cls: ast.ClassDef) -> list[Finding]:
    """GraphScene settings in a subclass's CONFIG: the converted base's axes ignore them."""
    if _graph_base(ctx, cls) is not None:
        return []
    config = class_config(cls)
    if config is None or not (keys := axes_keys(config.value)):
        return []
    problem = ctx.problem(
        config,
        "removed-api",
        f"CONFIG of {cls.name} sets GraphScene axes ({', '.join(keys)}), which Manim CE ignores",
        "build the axes this scene needs in its setup(): self.axes = Axes(x_range=[...], ...)",
    )
    return [Finding(problem)]


def _convert(ctx: CheckContext, cls: ast.ClassDef, base: ast.Name) -> list[TextEdit]:
    """The edits that turn the class into a Scene with axes; Unfixable says why not."""
    src = ctx.source
    if not ctx.bindings.star_manim or any(ctx.bindings.manim_name(n) != n for n in EMITTED_NAMES):
        raise Unfixable("the rewrite needs `from manim import *`")
    edits = [*_base_edits(ctx, cls, base), *_inner_graph_scene_names(ctx, cls, base)]
    indent = indentation(src, cls.body[0])
    if indent is None or indent.strip(" ") or len(indent) <= cls.col_offset:
        raise Unfixable("the class body does not start on its own line, indented with spaces")
    inner = indent + " " * (len(indent) - cls.col_offset)
    config = class_config(cls)
    values: dict[str, ast.expr] = {}
    kept = 0
    if config is not None:
        values, entry_edits, kept = _read_config(ctx, cls, config)
        edits.extend(entry_edits)
    lines = setup_lines(src, values)
    setups = [s for s in cls.body if isinstance(s, ast.FunctionDef) and s.name == "setup"]
    if len(setups) > 1:
        raise Unfixable("the class defines setup() twice")
    if setups:
        edits.append(_extend_setup(src, setups[0], lines))
        if config is not None and not kept:
            edits.append(drop_lines(src, config))
        return edits
    if len(cls.bases) > 1:
        lines.insert(0, "super().setup()")  # e.g. ZoomedScene sets its camera up in setup()
    method = f"{indent}def setup(self):\n" + "".join(f"{inner}{line}\n" for line in lines)
    if config is not None and not kept:
        start, end = line_span(src, config)
        # setup() takes the emptied CONFIG's place
        edits.append((start, end, method + _spacer(src, config)))
    elif config is not None:
        edits.append(after_lines(src, config, "\n" + method + _spacer(src, config)))
    else:
        edits.append(_before_first_method(src, cls, method))
    return edits


def _spacer(src: Source, statement: ast.stmt) -> str:
    """A blank line to end an inserted method, when code follows the statement directly."""
    following = end_line(statement)  # 0-based index of the next line
    return "\n" if following < len(src.lines) and src.lines[following].strip() else ""


def _base_edits(ctx: CheckContext, cls: ast.ClassDef, base: ast.Name) -> list[TextEdit]:
    src = ctx.source
    if cls.keywords or not all(isinstance(b, ast.Name) for b in cls.bases):
        raise Unfixable("the class has bases or keywords other than plain names")
    others = [b for b in cls.bases if b is not base]
    if not any(isinstance(b, ast.Name) and is_scene_class(ctx, b.id) for b in others):
        return [(src.start(base), src.end(base), "Scene")]
    # Another base is a Scene already: `class X(Scene, MovingCameraScene)` has no valid MRO.
    position = cls.bases.index(base)
    if position + 1 < len(cls.bases):
        return [(src.start(base), src.start(cls.bases[position + 1]), "")]
    return [(src.end(cls.bases[position - 1]), src.end(base), "")]


def _inner_graph_scene_names(
    ctx: CheckContext, cls: ast.ClassDef, base: ast.Name
) -> list[TextEdit]:
    """`GraphScene.setup(self)` inside the class -> `Scene.setup(self)`."""
    edits: list[TextEdit] = []
    parents = {id(c): n for n in ast.walk(cls) for c in ast.iter_child_nodes(n)}
    for node in ast.walk(cls):
        if not isinstance(node, ast.Name) or node.id != GRAPH_SCENE or node is base:
            continue
        parent = parents.get(id(node))
        if not isinstance(parent, ast.Attribute) or parent.attr not in ("setup", "__init__"):
            raise Unfixable(f"line {node.lineno} uses {GRAPH_SCENE} itself")
        edits.append((ctx.source.start(node), ctx.source.end(node), "Scene"))
    return edits


def _read_config(
    ctx: CheckContext, cls: ast.ClassDef, config: ast.Assign
) -> tuple[dict[str, ast.expr], list[TextEdit], int]:
    """(GraphScene values, edits removing them from the CONFIG, how many entries are kept)."""
    value = config.value
    if len(config.targets) != 1 or not isinstance(value, ast.Dict):
        raise Unfixable("CONFIG is not a plain dict literal")
    keys: list[str] = []
    for key in value.keys:
        if not isinstance(key, ast.Constant) or not isinstance(key.value, str):
            raise Unfixable("CONFIG has keys other than plain strings")
        keys.append(key.value)
    if len(set(keys)) != len(keys):
        raise Unfixable("CONFIG repeats a key")
    class_names = class_body_names(cls)
    used = set(axes_keys(value))
    values: dict[str, ast.expr] = {}
    for key, item in zip(keys, value.values, strict=True):
        if key not in used:
            continue
        names = {n.id for n in ast.walk(item) if isinstance(n, ast.Name)}
        if names & class_names or any(
            isinstance(n, ast.NamedExpr | ast.Yield | ast.YieldFrom | ast.Await | ast.Lambda)
            for n in ast.walk(item)
        ):
            raise Unfixable(f"CONFIG[{key!r}] is not a plain expression setup() can repeat")
        values[key] = item
    kept = len(keys) - len(values)
    if not kept:
        if not owns_lines(ctx.source, config):
            raise Unfixable("CONFIG shares its lines with other statements")
        return values, [], 0
    return values, _remove_entries(ctx.source, value, keys, used), kept


def _remove_entries(
    src: Source, value: ast.Dict, keys: list[str], used: set[str]
) -> list[TextEdit]:
    """Delete the used `"key": value` entries, each with the comma that separates it."""
    spans: list[tuple[int, int]] = []
    count = len(keys)
    for i, key in enumerate(keys):
        if key not in used:
            continue
        entry_key = value.keys[i]
        assert entry_key is not None  # checked: every key is a string constant
        if i + 1 < count:
            spans.append(
                (src.start(entry_key), src.start(value.keys[i + 1] or value.values[i + 1]))
            )
        else:
            kept = max(j for j in range(count) if keys[j] not in used)
            spans.append((src.end(value.values[kept]), src.end(value.values[i])))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return [(start, end, "") for start, end in merged]


def _extend_setup(src: Source, setup: ast.FunctionDef, lines: list[str]) -> TextEdit:
    """Insert the axes at the top of an existing setup(), after any base-class setup() call."""
    body = setup.body
    skip = 0
    while skip < len(body) and _is_preamble(body[skip], skip):
        skip += 1
    anchor = body[min(skip, len(body) - 1)]
    inner = indentation(src, anchor)
    if inner is None or not owns_lines(src, anchor):
        raise Unfixable("setup() does not have its statements on lines of their own")
    text = "".join(f"{inner}{line}\n" for line in lines)
    if skip < len(body):
        at = line_span(src, anchor)[0]
        return (at, at, text)
    return after_lines(src, anchor, text)


def _is_preamble(statement: ast.stmt, position: int) -> bool:
    """A docstring, or a call of some `.setup(...)` (super().setup(), GraphScene.setup(self))."""
    if not isinstance(statement, ast.Expr):
        return False
    value = statement.value
    if position == 0 and isinstance(value, ast.Constant) and isinstance(value.value, str):
        return True
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr == "setup"
    )


def _before_first_method(src: Source, cls: ast.ClassDef, method: str) -> TextEdit:
    body = cls.body
    docstring = isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
    if docstring and len(body) == 1:
        return after_lines(src, body[0], "\n" + method)
    anchor = body[1] if docstring else body[0]
    if indentation(src, anchor) is None:
        raise Unfixable("the class body shares lines between statements")
    at = line_span(src, anchor)[0]
    return (at, at, method + "\n")
