"""ManimGL's 3D camera frame (reorient, set_euler_angles, a turning updater) as a ThreeDScene's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.tools.check.helpers import assert_renders
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


@pytest.mark.parametrize(
    "other",
    [
        "frame.shift(UP)",
        # ManimGL's scales multiply, CE's zoom is set: two of them do not translate one by one
        "frame.scale(0.9)\n        frame.scale(0.5)",
    ],
)
def test_a_frame_used_any_other_way_is_left_to_the_other_rules(
    other: str, api_index: ApiIndex
) -> None:
    code = IDIOM.replace("        axes = ", f"        {other}\n        axes = ")
    result = fix_code(code, api_index)
    assert "gl-camera3d" not in [p.code for p in result.remaining]
    assert "frame.reorient(20, 70)" in result.code  # nothing half-rewritten
    assert any(p.severity == "error" for p in result.remaining)


@pytest.mark.parametrize(("theta", "phi"), [(20, 70), (-30, 45), (135, 100)])
def test_ce_theta_minus_90_degrees_is_manimgls_view(theta: float, phi: float) -> None:
    """The rewrite's arithmetic against both libraries' own rotation code."""
    from manim import DEGREES, ThreeDCamera
    from scipy.spatial.transform import Rotation

    # ManimGL: CameraFrame.set_euler_angles -> Rotation.from_euler("zxz", [gamma, phi, theta]),
    # and its view matrix is that rotation's transpose.
    gl_view = Rotation.from_euler("zxz", [0, phi * DEGREES, theta * DEGREES]).as_matrix().T
    camera = ThreeDCamera()
    camera.set_phi(phi * DEGREES)
    camera.set_theta((theta - 90) * DEGREES)
    camera.set_gamma(0)
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
