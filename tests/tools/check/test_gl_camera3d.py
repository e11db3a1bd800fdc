"""ManimGL's 3D camera frame (reorient, set_euler_angles, a turning updater) as a ThreeDScene's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.tools.check.helpers import assert_renders, scene
from tools.check import ApiIndex, check_code, fix_code

IDIOM = """from manimlib import *


class Turning(Scene):
    def construct(self):
        frame = self.camera.frame
        frame.reorient(20, 70)
        def update_frame(frame, dt):
            frame.increment_theta(-0.2 * dt)
        frame.add_updater(update_frame)
        axes = ThreeDAxes()
        self.play(ShowCreation(axes))
"""

IDIOM_FIXED = """from manim import *


class Turning(ThreeDScene):
    def construct(self):
        self.set_camera_orientation(phi=70 * DEGREES, theta=(20 - 90) * DEGREES)
        self.begin_ambient_camera_rotation(rate=-0.2)
        axes = ThreeDAxes()
        self.play(Create(axes))
"""

EULER = """from manimlib import *


class Tilted(ThreeDScene):
    def construct(self):
        self.frame.set_euler_angles(theta=30 * DEGREES, phi=60 * DEGREES)
        self.frame.scale(0.8)
        self.frame.add_updater(lambda m, dt: m.increment_theta(dt * 0.1))
        self.wait()
"""

EULER_FIXED = """from manim import *


class Tilted(ThreeDScene):
    def construct(self):
        self.set_camera_orientation(phi=60 * DEGREES, theta=30 * DEGREES - 90 * DEGREES)
        self.set_camera_orientation(zoom=1 / 0.8)
        self.begin_ambient_camera_rotation(rate=0.1)
        self.wait()
"""


@pytest.mark.parametrize(("before", "after"), [(IDIOM, IDIOM_FIXED), (EULER, EULER_FIXED)])
def test_the_idiom_becomes_a_three_d_scenes_camera(
    before: str, after: str, api_index: ApiIndex
) -> None:
    found = [p for p in check_code(before, api_index).problems if p.severity == "error"]
    assert ("gl-camera3d", True) in [(p.code, p.fixable) for p in found]
    result = fix_code(before, api_index)
    assert result.code == after
    assert result.remaining == []


@pytest.mark.parametrize("other", ["frame.set_x(1)", "frame.rotate(PI / 4)", "print(frame)"])
def test_a_frame_used_any_other_way_is_left_to_the_other_rules(
    other: str, api_index: ApiIndex
) -> None:
    code = IDIOM.replace("        axes = ", f"        {other}\n        axes = ")
    result = fix_code(code, api_index)
    assert "gl-camera3d" not in [p.code for p in result.remaining]
    assert "frame.reorient(20, 70)" in result.code  # nothing half-rewritten
    assert any(p.severity == "error" for p in result.remaining)


@pytest.mark.parametrize(
    ("other", "after"),
    [
        (
            "frame.shift(UP)",
            "self.set_camera_orientation(frame_center=self.camera.frame_center + UP)",
        ),
        # ManimGL's scales multiply: each one divides CE's zoom as it stands
        (
            "frame.scale(0.9)\n        frame.scale(0.5)",
            "self.set_camera_orientation(zoom=self.camera.get_zoom() / 0.9)\n"
            "        self.set_camera_orientation(zoom=self.camera.get_zoom() / 0.5)",
        ),
        ("frame.set_height(4)", "self.set_camera_orientation(zoom=config.frame_height / 4)"),
    ],
)
def test_a_3d_frames_other_moves_set_the_camera_at_once(
    other: str, after: str, api_index: ApiIndex
) -> None:
    code = IDIOM.replace("        axes = ", f"        {other}\n        axes = ")
    result = fix_code(code, api_index)
    assert result.remaining == []
    assert f"        {after}\n        axes = " in result.code


def test_a_2d_frame_that_moves_is_left_to_the_moving_camera_rule(api_index: ApiIndex) -> None:
    code = scene("self.frame.shift(UP)\nself.frame.set_height(4)", "from manimlib import *\n")
    result = fix_code(code, api_index)
    assert "ThreeDScene" not in result.code and "set_camera_orientation" not in result.code


@pytest.mark.parametrize(
    ("theta", "phi", "gamma"),
    [(20, 70, 0), (-30, 45, 0), (135, 100, 0), (20, 70, 30), (-60, 10, -80)],
)
def test_ce_theta_minus_90_degrees_and_minus_gamma_is_manimgls_view(
    theta: float, phi: float, gamma: float
) -> None:
    """The rewrite's arithmetic against both libraries' own rotation code."""
    from manim import DEGREES, ThreeDCamera
    from scipy.spatial.transform import Rotation

    # ManimGL: CameraFrame.set_euler_angles -> Rotation.from_euler("zxz", [gamma, phi, theta]),
    # and its view matrix is that rotation's transpose.
    angles = [gamma * DEGREES, phi * DEGREES, theta * DEGREES]
    gl_view = Rotation.from_euler("zxz", angles).as_matrix().T
    camera = ThreeDCamera()
    camera.set_phi(phi * DEGREES)
    camera.set_theta((theta - 90) * DEGREES)
    camera.set_gamma(-gamma * DEGREES)
    assert np.allclose(camera.generate_rotation_matrix(), gl_view)


@pytest.mark.render
def test_the_fixed_scene_renders_with_the_camera_set(api_index: ApiIndex, tmp_path: Path) -> None:
    zoomed = IDIOM.replace("        axes = ", "        frame.scale(0.8)\n        axes = ")
    code = fix_code(zoomed, api_index).code.replace(
        "        self.play(Create(axes))\n",
        "        self.play(Create(axes), run_time=0.5)\n"
        "        assert abs(self.camera.get_phi() - 70 * DEGREES) < 1e-9\n"
        "        assert abs(self.camera.get_zoom() - 1 / 0.8) < 1e-9  # frame.scale(0.8)\n"
        "        assert self.camera.get_theta() < (20 - 90) * DEGREES  # it turned (rate < 0)\n",
    )
    assert_renders(code, tmp_path)


MOVES = """from manimlib import *


class Moving(Scene):
    def construct(self):
        frame = self.frame
        square = Square()
        self.play(FadeIn(square), frame.animate.reorient(30, 60, None, (1, 0, 0), 6), run_time=2)
        theta, phi, gamma = frame.get_euler_angles()
        tilt, turn = frame.euler_angles[1], self.frame.get_theta()
        self.play(self.frame.animate.scale_to_fit_height(5).set_theta(-45 * DEGREES))
        self.play(frame.animate.increment_phi(a + b), rate_func=linear)
        self.play(frame.animate.set_euler_angles(phi=PI / 3, gamma=0.2), FadeOut(square))
        self.play(frame.animate.to_default_state())
"""

MOVES_FIXED = """from manim import *


class Moving(ThreeDScene):
    def construct(self):
        square = Square()
        self.move_camera(theta=(30 - 90) * DEGREES, phi=60 * DEGREES, frame_center=(1, 0, 0), \
zoom=config.frame_height / 6, added_anims=[FadeIn(square)], run_time=2)
        theta, phi, gamma = np.array([(self.camera.get_theta() + 90 * DEGREES), \
self.camera.get_phi(), (-self.camera.get_gamma())])
        tilt, turn = self.camera.get_phi(), (self.camera.get_theta() + 90 * DEGREES)
        self.move_camera(zoom=config.frame_height / 5, theta=(-45 * DEGREES) - 90 * DEGREES)
        self.move_camera(phi=self.camera.get_phi() + (a + b), rate_func=linear)
        self.move_camera(phi=PI / 3, gamma=-0.2, added_anims=[FadeOut(square)])
        self.move_camera(theta=-90 * DEGREES, phi=0, gamma=0, zoom=1, frame_center=ORIGIN)
""".replace("\\\n", "")


def test_the_frames_animations_in_a_play_and_its_angles_read_become_the_ce_cameras(
    api_index: ApiIndex,
) -> None:
    result = fix_code(MOVES, api_index)
    assert result.code == MOVES_FIXED
    assert [p.code for p in result.remaining] == ["unknown-name", "unknown-name"]  # a, b


@pytest.mark.parametrize(
    "play",
    [
        "self.play(frame.animate.set_x(1))",  # no CE camera equivalent said here
        "self.play(frame.animate.set_theta(1), frame.animate.increment_theta(1))",  # one angle twice
        "self.play(frame.animate.reorient(20, 70, units=DEGREES))",
        "self.play(*anims, frame.animate.set_phi(1))",
        "self.play(Rotate(frame, 1))",  # the frame as a mobject
    ],
)
def test_a_play_the_rule_cannot_say_leaves_the_frame_to_the_other_rules(
    play: str, api_index: ApiIndex
) -> None:
    code = MOVES.replace("        self.play(frame.animate.to_default_state())", f"        {play}")
    result = fix_code(code, api_index)
    assert "move_camera" not in result.code and "frame.animate.reorient(30, 60" in result.code
    assert any(p.severity == "error" for p in result.remaining)


@pytest.mark.render
def test_the_moves_render_to_manimgls_end_state(api_index: ApiIndex, tmp_path: Path) -> None:
    code = fix_code(MOVES.replace("a + b", "0.1"), api_index).code
    code = (
        code.replace("run_time=2)", "run_time=0.2)")
        .replace(
            "        tilt, turn = ",
            "        assert np.allclose([theta, phi, gamma], [30 * DEGREES, 60 * DEGREES, 0])\n"
            "        tilt, turn = ",
        )
        .replace(
            "        self.move_camera(phi=PI / 3",
            "        assert abs(self.camera.get_phi() - (60 * DEGREES + 0.1)) < 1e-9\n"
            "        assert abs(self.camera.get_theta() - (-45 - 90) * DEGREES) < 1e-9\n"
            "        assert abs(self.camera.get_zoom() - 8 / 5) < 1e-9\n"
            "        assert np.allclose(self.camera.frame_center, (1, 0, 0))\n"
            "        assert np.allclose([tilt, turn], [60 * DEGREES, 30 * DEGREES])  # ManimGL's\n"
            "        self.move_camera(phi=PI / 3",
        )
    )
    assert_renders(code, tmp_path)
