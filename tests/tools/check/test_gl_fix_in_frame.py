"""ManimGL's mob.fix_in_frame(): the ThreeDScene camera's fixed mobjects, or nothing at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.check.helpers import assert_renders
from tools.check import ApiIndex, check_code, fix_code

GL = """from manimlib import *


class Flat(Scene):
    def construct(self):
        eq = Text("x").fix_in_frame()
        eq.fix_in_frame()
        if True:
            eq.fix_in_frame()
        self.play(Write(eq))


class Turning(ThreeDScene):
    def construct(self):
        title = Text("Sphere")
        title.fix_in_frame()
        label = Text("r").fix_in_frame().to_corner(UL)
        self.set_camera_orientation(phi=60 * DEGREES)
        self.play(Write(title), Write(label))
"""

FIXED = """from manim import *


class Flat(Scene):
    def construct(self):
        eq = Text("x")
        if True:
            pass
        self.play(Write(eq))


class Turning(ThreeDScene):
    def construct(self):
        title = Text("Sphere")
        self.camera.add_fixed_in_frame_mobjects(title)
        label = Text("r").to_corner(UL)
        self.camera.add_fixed_in_frame_mobjects(label)
        self.set_camera_orientation(phi=60 * DEGREES)
        self.play(Write(title), Write(label))
"""

# ManimGL's 3D camera idiom in a Scene: the camera rewrite makes it a ThreeDScene first.
GL_FRAME = """from manimlib import *


class Orbit(Scene):
    def construct(self):
        frame = self.camera.frame
        frame.reorient(20, 70)
        title = Text("Axes")
        title.fix_in_frame()
        self.add(ThreeDAxes(), title)
"""


def test_each_call_is_a_fixable_error(api_index: ApiIndex) -> None:
    found = [p for p in check_code(GL, api_index).problems if p.code == "gl-fix-in-frame"]
    assert [(p.line, p.severity, p.fixable) for p in found] == [
        (6, "error", True),
        (7, "error", True),
        (9, "error", True),
        (16, "error", True),
        (17, "error", True),
    ]
    assert found[0].suggestion == "remove it: this scene's frame never moves"
    assert "not the scene's own" in (found[3].suggestion or "")


def test_the_fix_fixes_them_in_a_3d_scene_and_drops_them_in_a_still_one(
    api_index: ApiIndex,
) -> None:
    result = fix_code(GL, api_index)
    assert result.code == FIXED
    assert result.remaining == []


def test_a_manim_gl_3d_scene_gets_the_camera_first(api_index: ApiIndex) -> None:
    result = fix_code(GL_FRAME, api_index)
    assert "class Orbit(ThreeDScene):" in result.code
    assert "        self.camera.add_fixed_in_frame_mobjects(title)\n" in result.code
    assert result.remaining == []


def test_where_the_frame_moves_otherwise_it_stays_reported(api_index: ApiIndex) -> None:
    code = GL.replace("class Flat(Scene)", "class Flat(MovingCameraScene)")
    found = [p for p in fix_code(code, api_index).remaining if p.code == "gl-fix-in-frame"]
    assert [(p.line, p.fixable) for p in found] == [(6, False), (7, False), (9, False)]
    assert found[0].suggestion == "in a ThreeDScene: self.camera.add_fixed_in_frame_mobjects(mob)"


@pytest.mark.render
def test_the_fixed_titles_stay_put_and_show_only_when_written(
    api_index: ApiIndex, tmp_path: Path
) -> None:
    code = fix_code(GL, api_index).code.replace(
        "        self.set_camera_orientation(",
        "        assert title not in self.mobjects\n        self.set_camera_orientation(",
    ) + (
        "        fixed = self.camera.fixed_in_frame_mobjects\n"
        "        assert title in fixed and label in fixed and set(title.submobjects) <= fixed\n"
    )
    assert_renders(code, tmp_path, scenes=2)
