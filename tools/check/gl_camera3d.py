"""ManimGL's 3D camera idiom, in straight-line scene code, as Manim CE's ThreeDScene calls.

    frame = self.camera.frame                      (the line goes)
    frame.reorient(20, 70)                     ->  self.set_camera_orientation(phi=70 * DEGREES,
                                                       theta=(20 - 90) * DEGREES)
    frame.set_euler_angles(theta=t, phi=p)     ->  self.set_camera_orientation(phi=p,
                                                       theta=t - 90 * DEGREES)
    frame.add_updater(lambda m, dt: m.increment_theta(-0.2 * dt))
                                               ->  self.begin_ambient_camera_rotation(rate=-0.2)
    frame.scale(0.9)                           ->  self.set_camera_orientation(zoom=1 / 0.9)
                                                   (with a turn above, and one scale only:
                                                   ManimGL's multiply)
    self.play(frame.animate.reorient(20, 70))  ->  self.move_camera(...)  (gl_camera3d_moves)

and a class based on `Scene` becomes a `ThreeDScene`. ManimGL's frame turns by z(theta) x(phi)
z(gamma) (CameraFrame.set_euler_angles) and CE's camera by x(-phi) z(-theta - 90°)
(ThreeDCamera.generate_rotation_matrix): the same view for CE's theta = ManimGL's - 90°, and the
same turning rate. Only when every use of the frame in the method is one of these statements;
anything else stays as the other rules report it.
"""

from __future__ import annotations

import ast

from tools.check.config_entries import ancestry
from tools.check.findings import CheckContext, Finding, ReplaceText, TextEdit
from tools.check.gl_camera3d_moves import frame_reads, move_camera, set_orientation

BASES = {"Scene": "ThreeDScene", "ThreeDScene": "ThreeDScene"}
TURNS = frozenset({"reorient", "set_euler_angles", "add_updater"})  # what makes the frame 3D


def find_camera3d(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for cls in (n for n in ctx.nodes if isinstance(n, ast.ClassDef)):
        base = cls.bases[0] if len(cls.bases) == 1 else None
        if not isinstance(base, ast.Name):
            continue
        if base.id in BASES:
            three_d = base.id == "ThreeDScene"
        else:  # a scene of the file's own: 3D when a ThreeDScene is among its ancestors
            found = ancestry(ctx, cls) if base.id in ctx.bindings.classes else None
            if found is None or "ThreeDScene" not in found.manim:
                continue
            three_d = True
        for method in cls.body:
            if isinstance(method, ast.FunctionDef):
                finding = _method_finding(ctx, base, three_d, method)
                if finding is not None:
                    findings.append(finding)
                    break  # the base is rebased once; another method's turn is the next pass
    return findings


def _is_frame(node: ast.expr) -> bool:
    """`self.frame` or `self.camera.frame`."""
    if not isinstance(node, ast.Attribute) or node.attr != "frame":
        return False
    value = node.value
    if isinstance(value, ast.Attribute) and value.attr == "camera":
        value = value.value
    return isinstance(value, ast.Name) and value.id == "self"


def _method_finding(
    ctx: CheckContext, base: ast.Name, three_d_scene: bool, method: ast.FunctionDef
) -> Finding | None:
    """The rewrite of the frame's uses in one method of a class based on `base` (a Scene is
    rebased; `three_d_scene`: the class is a ThreeDScene already, itself or by an ancestor)."""
    body = method.body
    names = {
        s.targets[0].id
        for s in body
        if isinstance(s, ast.Assign)
        and len(s.targets) == 1
        and isinstance(s.targets[0], ast.Name)
        and _is_frame(s.value)
    }
    edits: list[TextEdit] = []
    handled: set[int] = set()
    first: ast.stmt | ast.expr | None = None  # the problem is reported at the first rewrite
    helpers = {s.name: s for s in body if isinstance(s, ast.FunctionDef)}
    # A frame that only scales is a 2D camera (MovingCameraScene, another rule's). ManimGL's
    # frame.scale(k) multiplies and CE's zoom is set, so only one of them translates.
    called = [found[1] for s in body if (found := _frame_call(s, names))]
    zoom_ok = called.count("scale") == 1 and bool(TURNS.intersection(called))
    # Moves (shift, set_height, set_phi...) belong to a 3D camera only beside a turn, or in a
    # ThreeDScene: a 2D scene's frame that moves is a MovingCameraScene's (another rule's).
    moves = {id(s): move for s in body if (move := _play_move(ctx, s, names)) is not None}
    three_d = three_d_scene or bool(TURNS.intersection(called)) or bool(moves)
    for statement in body:
        if isinstance(statement, ast.Assign) and _is_frame(statement.value):
            if not (len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name)):
                return None
            gone = _delete_line(ctx, statement)
            if gone is None:
                return None
            edits.append(gone)
            first = first or statement
            handled.update(id(n) for n in ast.walk(statement))
            continue
        if (move := moves.get(id(statement))) is not None:
            edits.append((ctx.source.start(statement), ctx.source.end(statement), move))
            first = first or statement
            handled.update(id(n) for n in ast.walk(statement))
            continue
        if (found := _frame_call(statement, names)) is None:
            continue
        call, name = found
        new, helper = _rewrite(ctx, method, name, call, helpers, zoom_ok)
        if new is None and three_d:
            new = set_orientation(call, ctx.source.text)
        if new is None:
            return None
        edits.append((ctx.source.start(statement), ctx.source.end(statement), new))
        first = first or statement
        handled.update(id(n) for n in ast.walk(statement))
        if helper is not None:
            gone = _delete_line(ctx, helper)
            if gone is None:
                return None
            edits.append(gone)
            handled.update(id(n) for n in ast.walk(helper))
    reads = frame_reads(method, lambda n: _is_frame(n) or _named(n, names))
    if first is None and three_d_scene and reads:
        first = reads[0][0]  # a helper of a 3D scene that only reads the angles
    if first is None:
        return None
    for read, angles in reads:
        if id(read) not in handled:
            edits.append((ctx.source.start(read), ctx.source.end(read), angles))
            handled.update(id(n) for n in ast.walk(read))
    # Every other use of a frame variable (or of the frame) is something this rule cannot say.
    for node in ast.walk(method):
        if id(node) in handled:
            continue
        if (isinstance(node, ast.Name) and node.id in names) or (
            isinstance(node, ast.expr) and _is_frame(node)
        ):
            return None
    if not three_d_scene:
        edits.append((ctx.source.start(base), ctx.source.end(base), "ThreeDScene"))
    for node_id in handled:
        ctx.reported.add(node_id)
    problem = ctx.problem(
        first,
        "gl-camera3d",
        "ManimGL's camera frame (reorient, set_euler_angles, increment_theta, frame.animate) is "
        f"not in manim {ctx.index.version}; a ThreeDScene turns its camera instead",
        "self.set_camera_orientation(phi=..., theta=...), self.move_camera(...) and "
        "self.begin_ambient_camera_rotation(rate=...) in a ThreeDScene",
        fixable=True,
    )
    return Finding(problem, ReplaceText(tuple(edits), "camera frame → ThreeDScene camera"))


def _rewrite(
    ctx: CheckContext,
    method: ast.FunctionDef,
    name: str,
    call: ast.Call,
    helpers: dict[str, ast.FunctionDef],
    zoom_ok: bool,
) -> tuple[str | None, ast.FunctionDef | None]:
    text = ctx.source.text
    if name == "scale" and zoom_ok and len(call.args) == 1 and not call.keywords:
        # A frame k times as large shows everything 1/k times the size.
        factor = call.args[0]
        plain = isinstance(factor, ast.Constant | ast.Name)
        return _orientation(
            None, None, f"1 / {text(factor) if plain else f'({text(factor)})'}"
        ), None
    if name == "reorient" and len(call.args) == 2 and not call.keywords:
        theta, phi = (text(a) for a in call.args)
        return _orientation(f"{phi} * DEGREES", f"({theta} - 90) * DEGREES"), None
    keywords = {k.arg: k.value for k in call.keywords}
    if (
        name == "set_euler_angles"
        and not call.args
        and keywords
        and set(keywords) <= {"theta", "phi"}
    ):
        phi = text(keywords["phi"]) if "phi" in keywords else None
        theta = f"{text(keywords['theta'])} - 90 * DEGREES" if "theta" in keywords else None
        return _orientation(phi, theta), None
    if name == "add_updater" and len(call.args) == 1 and not call.keywords:
        updater, helper = call.args[0], None
        if isinstance(updater, ast.Name) and updater.id in helpers:
            helper = helpers[updater.id]
            if _used_elsewhere(method, updater.id, call):
                return None, None
        rate = _turning_rate(ctx, updater, helper)
        if rate is not None:
            return f"self.begin_ambient_camera_rotation(rate={rate})", helper
    return None, None


def _orientation(phi: str | None, theta: str | None, zoom: str | None = None) -> str:
    given = [
        f"{k}={v}" for k, v in (("phi", phi), ("theta", theta), ("zoom", zoom)) if v is not None
    ]
    return f"self.set_camera_orientation({', '.join(given)})"


def _named(node: ast.expr, names: set[str]) -> bool:
    return isinstance(node, ast.Name) and node.id in names


def _play_move(ctx: CheckContext, statement: ast.stmt, names: set[str]) -> str | None:
    """`self.move_camera(...)` for a statement `self.play(...)` that animates the frame."""
    if not (
        isinstance(statement, ast.Expr)
        and isinstance(call := statement.value, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "play"
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "self"
    ):
        return None

    return move_camera(call, lambda n: _is_frame(n) or _named(n, names), ctx.source.text)


def _frame_call(statement: ast.stmt, names: set[str]) -> tuple[ast.Call, str] | None:
    """The call and method of a statement `frame.method(...)` (the frame, or a name bound
    to it), else None."""
    if not isinstance(statement, ast.Expr) or not isinstance(statement.value, ast.Call):
        return None
    func = statement.value.func
    if not isinstance(func, ast.Attribute):
        return None
    receiver = func.value
    named = isinstance(receiver, ast.Name) and receiver.id in names
    return (statement.value, func.attr) if named or _is_frame(receiver) else None


def _turning_rate(
    ctx: CheckContext, updater: ast.expr, helper: ast.FunctionDef | None
) -> str | None:
    """R, for an updater that does `m.increment_theta(R * dt)` and nothing else."""
    if isinstance(updater, ast.Lambda):
        args, body = updater.args, updater.body
    elif helper is not None and len(helper.body) == 1 and isinstance(helper.body[0], ast.Expr):
        args, body = helper.args, helper.body[0].value
    else:
        return None
    params = [a.arg for a in args.args]
    if len(params) != 2 or args.vararg or args.kwarg or args.kwonlyargs or args.defaults:
        return None
    mob, dt = params
    if not (
        isinstance(body, ast.Call)
        and isinstance(body.func, ast.Attribute)
        and body.func.attr == "increment_theta"
        and isinstance(body.func.value, ast.Name)
        and body.func.value.id == mob
        and len(body.args) == 1
        and not body.keywords
    ):
        return None
    step = body.args[0]
    if not (isinstance(step, ast.BinOp) and isinstance(step.op, ast.Mult)):
        return None
    sides = [step.left, step.right]
    rate = [s for s in sides if not (isinstance(s, ast.Name) and s.id == dt)]
    if len(rate) != 1 or any(
        isinstance(n, ast.Name) and n.id in (mob, dt) for n in ast.walk(rate[0])
    ):
        return None
    return ctx.source.text(rate[0])


def _used_elsewhere(method: ast.FunctionDef, name: str, call: ast.Call) -> bool:
    uses = [n for n in ast.walk(method) if isinstance(n, ast.Name) and n.id == name]
    return len(uses) != 1 or uses[0] is not call.args[0]


def _delete_line(ctx: CheckContext, statement: ast.stmt) -> TextEdit | None:
    """The statement's whole lines, indentation and line break included; None when the lines
    hold something else too (`a = 1; frame = self.frame`)."""
    code = ctx.source.code
    begin, finish = ctx.source.start(statement), ctx.source.end(statement)
    start = code.rfind("\n", 0, begin) + 1
    end = code.find("\n", finish)
    end = len(code) if end < 0 else end + 1
    if code[start:begin].strip() or code[finish:end].strip():
        return None
    return (start, end, "")
