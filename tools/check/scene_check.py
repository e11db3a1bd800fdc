"""Scene-level ManimGL habits: methods passed to play(), camera frames, CONFIG dicts (`config_fix`)."""

from __future__ import annotations

import ast

from tools.check.config_fix import config_finding
from tools.check.findings import (
    CheckContext,
    Finding,
    LineageBudget,
    PlayGroup,
    PlayMethods,
    RebaseScene,
    ReplaceText,
    SelfFrame,
)
from tools.check.gl_migrations import method_migration


def find_scene_issues(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    # Only classes that mention a frame need the per-class walk.
    frames = any(isinstance(n, ast.Attribute) and n.attr in FRAMES for n in ctx.nodes)
    for node in ctx.nodes:
        if isinstance(node, ast.Call):
            finding = _play_finding(ctx, node)
            if finding is not None:
                findings.append(finding)
        elif isinstance(node, ast.ClassDef):
            findings.extend(_class_findings(ctx, node, frames))
            findings.extend(_scene_getters(ctx, node))
    return findings


# The camera frame as other manims spell it on the scene -> whose spelling it is
FRAMES = {"frame": "ManimGL's", "camera_frame": "old manim's (MovingCameraScene)"}

# ManimGL Scene getters -> Manim CE's spelling (a Scene has no accessor fallback, as mobjects do)
SCENE_GETTERS = {"get_mobjects": "list(self.mobjects)", "get_time": "self.time"}


def _scene_getters(ctx: CheckContext, cls: ast.ClassDef) -> list[Finding]:
    calls = [
        n
        for n in ast.walk(cls)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr in SCENE_GETTERS
        and n.func.attr not in ctx.bindings.functions
        and _is_self(n.func.value)
        and not n.args
        and not n.keywords
        and id(n.func) not in ctx.reported
    ]
    lineage = resolve_lineage(ctx, cls) if calls else None
    if lineage is None or "Scene" not in lineage:
        return []
    findings: list[Finding] = []
    for call in calls:
        assert isinstance(call.func, ast.Attribute)
        spelled = SCENE_GETTERS[call.func.attr]
        problem = ctx.problem(
            call.func,
            "gl-only",
            f"self.{call.func.attr}() is ManimGL's Scene API; a manim {ctx.index.version} Scene "
            "has no such method (an AttributeError at run time)",
            f"use {spelled}",
            fixable=True,
        )
        edit = (ctx.source.start(call), ctx.source.end(call), spelled)
        findings.append(
            Finding(problem, ReplaceText((edit,), f"self.{call.func.attr}() → {spelled}"))
        )
    return findings


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"


# play(mob.method, args...)


def _is_bound_method(ctx: CheckContext, node: ast.expr) -> bool:
    if not isinstance(node, ast.Attribute) or node.attr == "animate":
        return False
    name = node.attr
    return ctx.index.any_class_has_method(name) or method_migration(name) is not None


def _is_animation(ctx: CheckContext, node: ast.expr) -> bool:
    """An argument that ends a method's argument list: an animation or `.animate` chain."""
    if isinstance(node, ast.Starred):
        return True
    if any(isinstance(n, ast.Attribute) and n.attr == "animate" for n in ast.walk(node)):
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        name = ctx.bindings.manim_name(node.func.id)
        return name is not None and "Animation" in ctx.index.lineage(name)
    return False


def _play_finding(ctx: CheckContext, call: ast.Call) -> Finding | None:
    if not isinstance(call.func, ast.Attribute) or call.func.attr != "play":
        return None
    groups: list[PlayGroup] = []
    args = call.args
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if not _is_bound_method(ctx, arg):
            continue
        assert isinstance(arg, ast.Attribute)
        method_args: list[ast.expr] = []
        while (
            i < len(args) and not _is_bound_method(ctx, args[i]) and not _is_animation(ctx, args[i])
        ):
            method_args.append(args[i])
            i += 1
        groups.append(PlayGroup(arg, tuple(method_args)))
    if not groups:
        return _called_method_finding(ctx, call)
    first = groups[0]
    receiver = ctx.source.text(first.method.value)
    arg_text = ", ".join(ctx.source.text(a) for a in first.args)
    problem = ctx.problem(
        first.method,
        "play-method",
        f"play({receiver}.{first.method.attr}, ...) passes a method to play(), which Manim CE no longer accepts",
        f"self.play({receiver}.animate.{first.method.attr}({arg_text}))",
        fixable=True,
    )
    return Finding(problem, PlayMethods(tuple(groups)))


# play(mob.shift(UP)): the change made at once, and the mobject handed to play()

# Mobject methods that change the mobject and return it (so `.animate` animates the same change).
CHANGES = frozenset(
    {
        "shift", "scale", "rotate", "move_to", "next_to", "to_edge", "to_corner", "align_to",
        "center", "flip", "stretch", "stretch_to_fit_width", "stretch_to_fit_height",
        "scale_to_fit_width", "scale_to_fit_height", "set_color", "set_fill", "set_stroke",
        "set_opacity", "fade", "arrange", "arrange_in_grid", "match_color", "match_width",
        "match_height", "set_x", "set_y", "set_value", "increment_value", "become",
    }
)  # fmt: skip


def _called_method_finding(ctx: CheckContext, call: ast.Call) -> Finding | None:
    for arg in call.args:
        if (
            isinstance(arg, ast.Call)
            and isinstance(arg.func, ast.Attribute)
            and arg.func.attr in CHANGES
            and arg.func.attr not in ctx.bindings.functions
            and not any(isinstance(n, ast.Attribute) and n.attr == "animate" for n in ast.walk(arg))
        ):
            receiver = arg.func.value
            text = ctx.source.text(receiver)
            problem = ctx.problem(
                arg,
                "play-method",
                f"play({ctx.source.text(arg)}) changes {text} at once and hands play() the "
                "mobject; Manim CE's play() takes animations (a TypeError at run time)",
                f"animate the change: self.play({text}.animate.{arg.func.attr}(...))",
                fixable=True,
            )
            at = ctx.source.end(receiver)
            return Finding(
                problem, ReplaceText(((at, at, ".animate"),), f"{text} → {text}.animate")
            )
    return None


# classes: camera frame, CONFIG


def resolve_lineage(
    ctx: CheckContext,
    cls: ast.ClassDef,
    seen: frozenset[str] = frozenset(),
    budget: LineageBudget | None = None,
) -> list[str] | None:
    """Names of the class's ancestors (user classes and manim classes), or None if unknown."""
    budget = LineageBudget() if budget is None else budget
    names: list[str] = []
    for base in cls.bases:
        if not isinstance(base, ast.Name):
            return None
        user = ctx.bindings.classes.get(base.id)
        if user is not None and base.id not in seen:
            if not budget.spend():
                return None
            inner = resolve_lineage(ctx, user, seen | {base.id}, budget)
            if inner is None:
                return None
            names.extend([base.id, *inner])
            continue
        manim = ctx.bindings.manim_name(base.id)
        lineage = ctx.index.lineage(manim) if manim else ()
        if not lineage:
            return None
        names.extend(lineage)
    return names


def _scene_base(
    ctx: CheckContext,
    cls: ast.ClassDef,
    seen: frozenset[str] = frozenset(),
    budget: LineageBudget | None = None,
) -> ast.Name | None:
    """The literal `Scene` base this class inherits through, when there is one."""
    budget = LineageBudget() if budget is None else budget
    for base in cls.bases:
        if not isinstance(base, ast.Name):
            continue
        if ctx.bindings.manim_name(base.id) == "Scene":
            return base
        user = ctx.bindings.classes.get(base.id)
        if user is not None and base.id not in seen:
            if not budget.spend():
                return None
            found = _scene_base(ctx, user, seen | {base.id}, budget)
            if found is not None:
                return found
    return None


def _is_self_attr(node: ast.AST, attr: str) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == attr
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    )


def _class_findings(ctx: CheckContext, cls: ast.ClassDef, frames: bool) -> list[Finding]:
    lineage = resolve_lineage(ctx, cls)
    findings: list[Finding] = []
    config = config_finding(ctx, cls)
    if config is not None:
        findings.append(config)
    if not frames or lineage is None or "Scene" not in lineage:
        return findings
    class_nodes = list(ast.walk(cls))
    moving = "MovingCameraScene" in lineage
    three_d = "ThreeDScene" in lineage
    camera_frames = [
        n
        for n in class_nodes
        if isinstance(n, ast.Attribute) and n.attr == "frame" and _is_self_attr(n.value, "camera")
    ]
    if camera_frames and not moving:
        base = None if three_d else _scene_base(ctx, cls)
        problem = ctx.problem(
            camera_frames[0],
            "camera-frame",
            f"self.camera.frame needs a MovingCameraScene, but {cls.name} is a {'ThreeDScene' if three_d else 'plain Scene'}",
            "use self.move_camera(...) / self.set_camera_orientation(...) in a ThreeDScene"
            if three_d
            else f"class {cls.name}(MovingCameraScene)",
            fixable=base is not None,
        )
        findings.append(Finding(problem, RebaseScene(base) if base is not None else None))
    for node in class_nodes:
        if (
            isinstance(node, ast.Attribute)
            and node.attr in FRAMES
            and id(node) not in ctx.reported  # rewritten with the rest of the 3D camera idiom
            and node.attr not in ctx.bindings.self_attributes  # the scene's own attribute
            and _is_self_attr(node, node.attr)
            and isinstance(node.ctx, ast.Load)
        ):
            problem = ctx.problem(
                node,
                "camera-frame",
                f"self.{node.attr} is {FRAMES[node.attr]}; Manim CE scenes have no such attribute",
                "use self.move_camera(...) / self.set_camera_orientation(...) in a ThreeDScene"
                if three_d
                else "self.camera.frame in a MovingCameraScene",
                fixable=not three_d,
            )
            findings.append(Finding(problem, None if three_d else SelfFrame(node)))
    return findings
