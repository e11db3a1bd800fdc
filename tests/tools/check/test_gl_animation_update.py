"""ManimGL's `anim.update(alpha)` (an alias of interpolate): reported before a render, renamed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.check.helpers import assert_renders
from tools.check import ApiIndex, check_code, fix_code
from tools.check.gl_api import load_gl_api

GL = """from manimlib import *


class Halfway(Scene):
    def construct(self):
        square = Square()
        morph = Transform(square, Circle())
        morph.begin()
        morph.update(0.5)
        grow = ShowCreation(Circle())
        grow.begin()
        grow.update(1)
        square.update(0)
        self.add(square, grow.mobject)
        self.wait(0.2)
"""


def test_the_table_knows_which_manim_gl_classes_are_animations() -> None:
    gl = load_gl_api()
    assert gl.descends("ShowCreation", "Animation")
    assert not gl.descends("Square", "Animation")


def test_an_animations_update_is_an_error_before_a_render(api_index: ApiIndex) -> None:
    found = [
        (p.line, p.severity, p.fixable)
        for p in check_code(GL, api_index).problems
        if "update(alpha)" in p.message
    ]
    assert found == [(9, "error", True), (12, "error", True)]  # not the square's own update


@pytest.mark.render
def test_the_fix_calls_interpolate_and_the_scene_renders(
    api_index: ApiIndex, tmp_path: Path
) -> None:
    result = fix_code(GL, api_index)
    lines = result.code.splitlines()
    assert [lines[8], lines[11], lines[12]] == [
        "        morph.interpolate(0.5)",
        "        grow.interpolate(1)",
        "        square.update(0)",
    ]
    assert result.remaining == []
    assert_renders(result.code, tmp_path)


@pytest.mark.parametrize(
    "code",
    [
        "fade = FadeIn(Dot())\nfade.update(1)",  # CE code: certainly an AttributeError too
        "FadeIn(Dot()).update(1)",
    ],
)
def test_in_manim_ce_code_too(code: str, api_index: ApiIndex) -> None:
    source = "from manim import *\n" + code + "\n"
    assert any("update(alpha)" in p.message for p in check_code(source, api_index).problems)


@pytest.mark.parametrize(
    "code",
    [
        "dot = Dot()\ndot.update(0)",  # a mobject's update runs its updaters
        "class Wave(Animation):\n    pass\n\n\nw = Wave(Dot())\nw.update(1)",  # the user's own
        "fade = FadeIn(Dot())\nfade.update()",  # not ManimGL's one-argument form
    ],
)
def test_other_updates_are_left_alone(code: str, api_index: ApiIndex) -> None:
    source = "from manim import *\n" + code + "\n"
    assert not any("update(alpha)" in p.message for p in check_code(source, api_index).problems)


POPPED = """from manimlib import *


class Fireworks(Scene):
    def pop_anim(self, anim):
        anim.update(1)
        anim.finish()
"""


def test_in_manim_gl_code_a_name_begun_or_finished_in_the_same_function_is_an_animation(
    api_index: ApiIndex,
) -> None:
    result = fix_code(POPPED, api_index)
    assert result.code.splitlines()[5] == "        anim.interpolate(1)"
    assert result.remaining == []


@pytest.mark.parametrize(
    "source",
    [
        POPPED.replace("from manimlib import *", "from manim import *"),  # CE code: unknown
        POPPED + "\n\nclass Timer:\n    def finish(self):\n        pass\n",  # the file's own
        POPPED.replace("anim.finish()", "anim.shift(UP)"),  # nothing says it is an animation
    ],
)
def test_without_that_evidence_the_name_is_left_alone(source: str, api_index: ApiIndex) -> None:
    assert not any("update(alpha)" in p.message for p in check_code(source, api_index).problems)
