"""ManimGL's animated camera frame in a `self.play`, as Manim CE's ThreeDScene.move_camera.

    self.play(FadeIn(a), frame.animate.reorient(20, 70), run_time=2)
->  self.move_camera(theta=(20 - 90) * DEGREES, phi=70 * DEGREES, added_anims=[FadeIn(a)],
                     run_time=2)

ManimGL's frame turns by z(theta) x(phi) z(gamma) and CE's camera by z(-theta - 90°) x(-phi)
z(gamma) (ThreeDCamera.generate_rotation_matrix): the same view for CE's theta = ManimGL's
- 90°, the same phi, and CE's gamma = -ManimGL's. The frame's height h is CE's zoom
frame_height / h (ManimGL's frame is 8 units high, as CE's); its centre is CE's frame_center.
Both ends of the move are ManimGL's views; in between, CE turns the angles evenly.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

Text = Callable[[ast.expr], str]
DEFAULT_STATE = {
    "theta": "-90 * DEGREES",
    "phi": "0",
    "gamma": "0",
    "zoom": "1",
    "frame_center": "ORIGIN",
}
REORIENT = ("theta_degrees", "phi_degrees", "gamma_degrees", "center", "height")
EULER = ("theta", "phi", "gamma")


def frame_animation(node: ast.expr, is_frame: Callable[[ast.expr], bool]) -> list[ast.Call] | None:
    """The calls of `frame.animate.a(...).b(...)`, in order, when `node` is one; else None."""
    calls: list[ast.Call] = []
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        calls.append(node)
        node = node.func.value
    if (
        calls
        and isinstance(node, ast.Attribute)
        and node.attr == "animate"
        and is_frame(node.value)
    ):
        return calls[::-1]
    return None


def move_camera(call: ast.Call, is_frame: Callable[[ast.expr], bool], text: Text) -> str | None:
    """`self.move_camera(...)` for a `self.play(...)` that animates the frame, or None when it
    does not, or does something CE's camera cannot (the play is then left as it is)."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    ):
        return None
    moves: dict[str, str] = {}
    added: list[str] = []
    for argument in call.args:
        chain = frame_animation(argument, is_frame)
        if chain is None:
            if _mentions_frame(argument, is_frame):
                return None
            added.append(text(argument))
            continue
        for step in chain:
            found = frame_step(step, text)
            if found is None or set(found) & set(moves):
                return None  # two moves of one angle in one play: ManimGL's last one wins
            moves.update(found)
    if not moves or any(_mentions_frame(k.value, is_frame) for k in call.keywords):
        return None
    parts = [f"{key}={value}" for key, value in moves.items()]
    if added:
        parts.append(f"added_anims=[{', '.join(added)}]")
    parts += [f"{k.arg}={text(k.value)}" for k in call.keywords]
    return f"self.move_camera({', '.join(parts)})"


def set_orientation(call: ast.Call, text: Text) -> str | None:
    """`self.set_camera_orientation(...)` for a statement `frame.method(...)` that sets what
    `frame_step` knows (at once, as ManimGL's frame does outside a play); else None."""
    found = frame_step(call, text)
    if not found:
        return None
    return f"self.set_camera_orientation({', '.join(f'{k}={v}' for k, v in found.items())})"


def frame_step(call: ast.Call, text: Text) -> dict[str, str] | None:
    """What one method of the frame sets, as move_camera's arguments."""
    assert isinstance(call.func, ast.Attribute)
    name = call.func.attr
    if name == "reorient":
        given = _arguments(call, REORIENT)
        if given is None:
            return None
        found: dict[str, str] = {}
        if "theta_degrees" in given:
            found["theta"] = f"({text(given['theta_degrees'])} - 90) * DEGREES"
        if "phi_degrees" in given:
            found["phi"] = f"{_factor(given['phi_degrees'], text)} * DEGREES"
        if "gamma_degrees" in given:
            found["gamma"] = f"-{_factor(given['gamma_degrees'], text)} * DEGREES"
        if "center" in given:
            found["frame_center"] = text(given["center"])
        if "height" in given:
            found["zoom"] = f"config.frame_height / {_factor(given['height'], text)}"
        return found
    if name == "set_euler_angles":
        given = _arguments(call, EULER)
        if given is None:
            return None
        return {key: _angle(key, value, text) for key, value in given.items()}
    one = _one_argument(call)
    if name == "to_default_state" and not call.args and not call.keywords:
        return dict(DEFAULT_STATE)
    if name == "center" and not call.args and not call.keywords:
        return {"frame_center": "ORIGIN"}
    if one is None:
        return None
    value = text(one)
    simple = _factor(one, text)
    angle = name.removeprefix("set_").removeprefix("increment_")
    if name in ("set_theta", "set_phi", "set_gamma"):
        return {angle: _angle(angle, one, text)}
    if name in ("increment_theta", "increment_phi", "increment_gamma"):
        sign = "-" if angle == "gamma" else "+"
        return {angle: f"self.camera.get_{angle}() {sign} {simple}"}
    if name in ("set_height", "scale_to_fit_height"):
        return {"zoom": f"config.frame_height / {simple}"}
    if name in ("set_width", "scale_to_fit_width"):
        return {"zoom": f"config.frame_width / {simple}"}
    if name == "scale":
        return {"zoom": f"self.camera.get_zoom() / {simple}"}
    if name == "move_to":
        return {"frame_center": value}
    if name == "shift":
        return {"frame_center": f"self.camera.frame_center + {simple}"}
    return None


def _angle(key: str, value: ast.expr, text: Text) -> str:
    """ManimGL's angle (radians) as CE's."""
    if key == "theta":
        return f"{_factor(value, text)} - 90 * DEGREES"
    return f"-{_factor(value, text)}" if key == "gamma" else text(value)


def _arguments(call: ast.Call, names: tuple[str, ...]) -> dict[str, ast.expr] | None:
    """The call's arguments by parameter name, leaving out explicit Nones (ManimGL keeps those
    as they are); None for arguments it cannot name (units=, **kwargs)."""
    if len(call.args) > len(names) or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    given = dict(zip(names, call.args, strict=False))
    for keyword in call.keywords:
        if keyword.arg not in names or keyword.arg in given:
            return None
        given[keyword.arg] = keyword.value
    return {k: v for k, v in given.items() if not (isinstance(v, ast.Constant) and v.value is None)}


def _one_argument(call: ast.Call) -> ast.expr | None:
    if len(call.args) == 1 and not call.keywords and not isinstance(call.args[0], ast.Starred):
        return call.args[0]
    return None


def _factor(node: ast.expr, text: Text) -> str:
    """`node`'s text, in parentheses unless it is a name, a number or a call."""
    plain = isinstance(node, ast.Name | ast.Constant | ast.Call | ast.Attribute)
    return text(node) if plain else f"({text(node)})"


def _mentions_frame(node: ast.expr, is_frame: Callable[[ast.expr], bool]) -> bool:
    return any(isinstance(n, ast.expr) and is_frame(n) for n in ast.walk(node))


# ManimGL's (theta, phi, gamma) of the frame, read from CE's camera (see the module's doc).
READS = (
    "(self.camera.get_theta() + 90 * DEGREES)",
    "self.camera.get_phi()",
    "(-self.camera.get_gamma())",
)
ANGLE_GETTERS = {"get_theta": 0, "get_phi": 1, "get_gamma": 2}


def frame_reads(
    method: ast.FunctionDef, is_frame: Callable[[ast.expr], bool]
) -> list[tuple[ast.expr, str]]:
    """Each read of the frame's angles in the method (`frame.euler_angles[1]`,
    `frame.get_euler_angles()`, `frame.get_theta()`), with the CE expression for it."""
    reads: list[tuple[ast.expr, str]] = []
    inside: set[int] = set()  # an indexed read's own `euler_angles` (walked after its index)
    for node in ast.walk(method):
        angles = _angles_read(node, is_frame)
        if isinstance(node, ast.Subscript) and (whole := _angles_read(node.value, is_frame)):
            index = node.slice
            if isinstance(index, ast.Constant) and index.value in (0, 1, 2):
                reads.append((node, READS[index.value]))
                inside.update(id(n) for n in ast.walk(whole))
        elif angles is not None and id(node) not in inside:  # all three, or an index not known
            reads.append((angles, f"np.array([{', '.join(READS)}])"))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ANGLE_GETTERS
            and is_frame(node.func.value)
            and not node.args
            and not node.keywords
        ):
            reads.append((node, READS[ANGLE_GETTERS[node.func.attr]]))
    return reads


def _angles_read(node: ast.AST, is_frame: Callable[[ast.expr], bool]) -> ast.expr | None:
    """`node` when it is `frame.euler_angles` or `frame.get_euler_angles()`."""
    if isinstance(node, ast.Attribute) and node.attr == "euler_angles" and is_frame(node.value):
        return node
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get_euler_angles"
        and is_frame(node.func.value)
        and not node.args
        and not node.keywords
    ):
        return node
    return None
