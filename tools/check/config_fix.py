"""ManimGL `CONFIG = {...}` class dicts -> plain class attributes, where that means the same.

ManimGL's digest_config made every CONFIG entry an instance attribute, so scene code reads
`self.key`; Manim CE ignores CONFIG. A class attribute gives `self.key` the same value, unless
Manim CE owns the name (a constructor argument, method or property of a base class), the entry
configured a sub-object (camera_config, axis_config, ...), or the class uses the name otherwise.
Those entries stay in CONFIG, reported as a warning (CE renders the class) with the CE way.
"""

from __future__ import annotations

import ast
import keyword

from tools.check.config_entries import (
    Ancestry,
    Entry,
    ancestry,
    class_scope_reads,
    config_entries,
    kept_dict,
    value_text,
)
from tools.check.findings import CheckContext, Finding, ReplaceText
from tools.check.gl_migrations import name_migration
from tools.check.graph_scene_common import (
    AXES_KEYS,
    class_body_names,
    class_config,
    graph_lineage,
    indentation,
    line_span,
    owns_lines,
)
from tools.check.problems import Problem
from tools.check.safety_rules import CAPPED_CONFIG_KEYS
from tools.check.source import Source

CONFIGURABLE_ROOTS = ("Scene", "Mobject", "Animation")
GENERIC_SUGGESTION = (
    "pass these values as constructor arguments, or set them in __init__ / construct"
)
_BUILD = "pass {key}={{...}} to the {what}(...) this class builds"
_RENDER = "a ManimGL render setting: remove it (the render command sets these)"
# Entries that configured a sub-object in ManimGL: a class attribute of that name does nothing.
SUB_OBJECT_KEYS: dict[str, str] = {
    "axis_config": _BUILD.format(key="axis_config", what="Axes / NumberPlane"),
    "x_axis_config": _BUILD.format(key="x_axis_config", what="Axes / NumberPlane"),
    "y_axis_config": _BUILD.format(key="y_axis_config", what="Axes / NumberPlane"),
    "z_axis_config": _BUILD.format(key="z_axis_config", what="ThreeDAxes"),
    "number_line_config": "pass axis_config={...} to the Axes(...) this class builds",
    "background_line_style": _BUILD.format(key="background_line_style", what="NumberPlane"),
    "faded_line_style": _BUILD.format(key="faded_line_style", what="NumberPlane"),
    "decimal_number_config": _BUILD.format(key="decimal_number_config", what="NumberLine"),
    "frame_config": "set the frame in construct(): self.camera.frame in a MovingCameraScene",
    **dict.fromkeys(
        (
            "window_config",
            "file_writer_config",
            "leave_progress_bars",
            "start_at_animation_number",
            "end_at_animation_number",
            "preview",
            "presenter_mode",
            "linger_after_completion",
        ),
        _RENDER,
    ),
}


def config_finding(ctx: CheckContext, cls: ast.ClassDef) -> Finding | None:
    """The class's CONFIG, as a warning, with the rewrite to class attributes where it is safe."""
    found = ancestry(ctx, cls)
    manim_based = found is not None and any(r in found.manim for r in CONFIGURABLE_ROOTS)
    gl_based = any(isinstance(b, ast.Name) and name_migration(b.id) is not None for b in cls.bases)
    configs = [
        s
        for s in cls.body
        if isinstance(s, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "CONFIG" for t in s.targets)
    ]
    if not configs or not (manim_based or gl_based):
        return None
    config = configs[0]
    what = f"CONFIG in {cls.name} is ManimGL style; Manim CE ignores it"
    entries = None if found is None else config_entries(ctx, config)
    if ctx.config_read is not None and entries is not None and not _as_attributes(cls, entries):
        return None  # the code reads the dict itself (self.CONFIG["k"]): it runs as written
    blocker = _whole_blocker(ctx, cls, configs, found, entries)
    if blocker is not None or entries is None or found is None:
        suggestion = GENERIC_SUGGESTION + (f" ({blocker})" if blocker else "")
        return Finding(_warning(ctx.problem(config, "class-config", what, suggestion)))
    reasons = _kept(ctx, cls, found, entries)
    converted = [e for e in entries if e.key not in reasons]
    if reasons:
        hints = "; ".join(f"{key}: {hint}" for key, hint in reasons.items())
        suggestion = f"{hints}; the other entries become class attributes" if converted else hints
    elif entries:
        suggestion = "class attributes instead: " + ", ".join(f"{e.key} = ..." for e in entries)
    else:
        suggestion = "remove the empty CONFIG"
    fixable = bool(converted) or not entries  # an empty CONFIG just goes
    problem = _warning(ctx.problem(config, "class-config", what, suggestion, fixable=fixable))
    if not fixable:
        return Finding(problem)
    return Finding(problem, _rewrite(ctx, cls, config, entries, set(reasons)))


def _as_attributes(cls: ast.ClassDef, entries: list[Entry]) -> bool:
    """Whether the class reads an entry the ManimGL way, as `self.key`."""
    keys = {e.key for e in entries}
    return any(
        isinstance(n, ast.Attribute)
        and n.attr in keys
        and isinstance(n.value, ast.Name)
        and n.value.id == "self"
        for n in ast.walk(cls)
    )


def _warning(problem: Problem) -> Problem:
    # CE renders such a class (the dict is just ignored), so this must not block a render.
    return problem.model_copy(update={"severity": "warning"})


def _whole_blocker(
    ctx: CheckContext,
    cls: ast.ClassDef,
    configs: list[ast.Assign],
    found: Ancestry | None,
    entries: list[Entry] | None,
) -> str | None:
    """Why no entry of this CONFIG can become a class attribute, if something forbids them all."""
    config = configs[0]
    if found is None:
        return None  # the generic suggestion alone: the base classes are unknown
    if entries is None:
        return "not rewritten: CONFIG is not a dict of string keys"
    if len(configs) > 1 or len(config.targets) != 1:
        return "not rewritten: CONFIG is assigned more than once"
    if not owns_lines(ctx.source, config):
        return "not rewritten: CONFIG shares its lines with other statements"
    if (read := ctx.config_read) is not None:
        return f"not rewritten: line {read.lineno} reads CONFIG"
    for node in ast.walk(cls):
        if isinstance(node, ast.Name) and node.id == "CONFIG" and isinstance(node.ctx, ast.Load):
            return f"not rewritten: line {node.lineno} reads CONFIG"
    return None


def _kept(
    ctx: CheckContext, cls: ast.ClassDef, found: Ancestry, entries: list[Entry]
) -> dict[str, str]:
    """Entries that must not become class attributes: key -> what to do instead."""
    reasons: dict[str, str] = {}
    own = class_body_names(cls)
    reads = class_scope_reads(cls)
    graph = graph_lineage(ctx, cls)
    axes = graph is not None and bool(graph.roots or graph.has_axes)
    manim_params = {n: ctx.index.init_param_names(n) for n in found.manim}
    for entry in entries:
        key = entry.key
        reason: str | None = None
        if not key.isidentifier() or keyword.iskeyword(key) or key.startswith("__"):
            reason = "not a plain attribute name; set self.<name> in __init__"
        elif key in own:
            reason = f"{cls.name} also defines {key}; rename one of them"
        elif axes and key in AXES_KEYS:
            reason = "a GraphScene axes setting: build self.axes = Axes(...) in setup()"
        elif (
            key == "camera_config" and _camera_settings(entry) and not _defines_method(cls, "setup")
        ):
            pass  # becomes a setup() that sets the scene's camera
        elif key == "camera_config" or (key in SUB_OBJECT_KEYS and not _read_as_self(ctx, key)):
            # (read as self.key, it is the class's own setting too: an attribute serves it)
            reason = _sub_object_hint(ctx, entry)
        elif base := next((n for n, p in manim_params.items() if key in p), None):
            reason = f"{base} takes {key}=: def __init__(self, **kwargs): super().__init__({key}=..., **kwargs)"
        elif base := next((n for n in found.manim if ctx.index.class_attribute(n, key)), None):
            reason = f"{base}.{key} is Manim CE's own; a class attribute would override it"
        elif user := next((u for u in found.users if _defines_method(u, key)), None):
            reason = f"{user.name} defines a method {key}(); set self.{key} in __init__ instead"
        elif _read_after(reads, key, entry.value):
            reason = f"the class body reads the name {key} itself; set self.{key} in __init__"
        elif ctx.index.names.get(key) in ("class", "function"):
            reason = f"{key} is a manim name; set self.{key} in __init__ instead"
        elif entry.nested and (user := next((u for u in found.users if _sets(ctx, u, key)), None)):
            reason = f"ManimGL merged it into {user.name}'s {key}; set self.{key} in __init__"
        if reason is not None:
            reasons[key] = reason
    return reasons


def _read_after(reads: list[ast.Name], key: str, value: ast.expr) -> bool:
    """Whether the class body reads the name `key` after the entry's value: the attribute that
    replaces the entry would change what it reads. (`"plane_config": plane_config` reads the
    module's name before the attribute exists, as the entry did.)"""
    end = (value.end_lineno or value.lineno, value.end_col_offset or 0)
    return any(r.id == key and (r.lineno, r.col_offset) >= end for r in reads)


def _read_as_self(ctx: CheckContext, key: str) -> bool:
    """Whether the module's code reads `self.key`."""
    return any(
        isinstance(n, ast.Attribute)
        and n.attr == key
        and isinstance(n.ctx, ast.Load)
        and isinstance(n.value, ast.Name)
        and n.value.id == "self"
        for n in ctx.nodes
    )


def _sub_object_hint(ctx: CheckContext, entry: Entry) -> str:
    if entry.key != "camera_config":
        return SUB_OBJECT_KEYS[entry.key]
    # config.background_color would come too late: the scene's camera already exists.
    settings = [
        f"self.camera.{key} = {ctx.source.text(value)}"
        for key, value in entry.nested
        if key.isidentifier() and key not in CAPPED_CONFIG_KEYS
    ]
    example = "; ".join(settings) if settings else "self.camera.background_color = ..."
    return f"set the camera in construct() instead: {example}"


# What a ManimGL camera_config may say that CE's camera takes after it exists (its setters
# redraw the background).
CAMERA_SETTINGS = frozenset({"background_color", "background_opacity"})


def _camera_settings(entry: Entry) -> list[tuple[str, ast.expr]]:
    """A camera_config of background settings only, as (name, value) pairs; else []."""
    settings = list(entry.nested)
    if not entry.is_dict or not settings or any(k not in CAMERA_SETTINGS for k, _ in settings):
        return []
    return settings


def _camera_setup(src: Source, entry: Entry, indent: str) -> str:
    """ManimGL's camera_config as a setup() that sets the camera CE's scene has made."""
    lines = ["\n", f"{indent}def setup(self):\n", f"{indent}    super().setup()\n"]
    lines += [
        f"{indent}    self.camera.{key} = {value_text(src, value)}\n"
        for key, value in _camera_settings(entry)
    ]
    return "".join(lines)


def _defines_method(cls: ast.ClassDef, name: str) -> bool:
    return any(
        isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef) and s.name == name for s in cls.body
    )


def _sets(ctx: CheckContext, cls: ast.ClassDef, key: str) -> bool:
    """Whether a user base class sets `key`, in its CONFIG or as a class attribute."""
    config = class_config(cls)
    entries = config_entries(ctx, config) if config is not None else None
    return any(e.key == key for e in entries or ()) or key in class_body_names(cls)


def _attribute_value(src: Source, value: ast.expr, module_functions: set[str]) -> str:
    """The entry's value as a class attribute. digest_config set an instance attribute, which a
    function does not bind to: as a class attribute it would become a method (`self.shape()`
    then passes self), so a function stays plain through staticmethod."""
    text = value_text(src, value)
    function = isinstance(value, ast.Lambda) or (
        isinstance(value, ast.Name) and value.id in module_functions
    )
    return f"staticmethod({text})" if function else text


def _rewrite(
    ctx: CheckContext,
    cls: ast.ClassDef,
    config: ast.Assign,
    entries: list[Entry],
    kept: set[str],
) -> ReplaceText:
    src = ctx.source
    indent = indentation(src, config)
    assert indent is not None  # owns_lines() said so
    lines: list[str] = []
    remaining = [e for e in entries if e.key in kept]
    if remaining:
        lines.append(f"{indent}CONFIG = {kept_dict(src, config, remaining, indent)}\n")
    converted = [e for e in entries if e.key not in kept]
    functions = {s.name for s in ctx.tree.body if isinstance(s, ast.FunctionDef)}
    lines.extend(
        f"{indent}{e.key} = {_attribute_value(src, e.value, functions)}\n"
        for e in converted
        if e.key != "camera_config"
    )
    lines.extend(_camera_setup(src, e, indent) for e in converted if e.key == "camera_config")
    if not lines and len(cls.body) == 1:
        lines.append(f"{indent}pass\n")
    start, end = line_span(src, config)
    names = ", ".join(e.key for e in converted if e.key != "camera_config")
    what = f"CONFIG → class attributes {names}" if names else "empty CONFIG removed"
    if any(e.key == "camera_config" for e in converted):
        what += "; camera_config → setup() setting self.camera"
    return ReplaceText(((start, end, "".join(lines)),), what)
