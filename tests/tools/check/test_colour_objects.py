"""The colour package's `Color` (ManimGL's and old Manim CE's) becomes ManimColor where exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.check.helpers import assert_renders, scene
from tools.check import ApiIndex, check_code, fix_code

GL = "from manimlib import *\n"

# Each line of the scene asserts what the colour package's own Color would give.
COLOURS = r"""
assert list(Color("red").get_rgb()) == [1, 0, 0] and Color("Green").get_hex_l() == "#008000"
assert Color().hex_l == "#000000" and Color("#abc").get_hex() in ("#abc", "#AABBCC")
assert Color(rgb=(1, 0, 0)).hex_l == "#ff0000" or Color(rgb=(1, 0, 0)).hex_l == "#FF0000"
assert abs(Color(hsl=(0, 1, 0.25)).get_red() - 0.5) < 0.01
shade = Color(BLUE)
square = Square(fill_opacity=1).set_fill(shade)
self.add(square)
tint = Color("white")
def fade(mob, dt):
    tint.set_rgb((0.5, 0.5, 0.5))
    mob.set_fill(tint)
    assert tint.get_luminance() == 0.5 or abs(tint.get_luminance() - 0.5) < 0.01
square.add_updater(fade)
self.wait(0.2)
assert abs(square.get_fill_color().to_rgb()[0] - 0.5) < 0.01
"""

COLOURS_FIXED = r"""
assert list(ManimColor("#FF0000").to_rgb()) == [1, 0, 0] and ManimColor("#008000").to_hex() == "#008000"
assert ManimColor("#000000").to_hex() == "#000000" and ManimColor("#AABBCC").to_hex() in ("#abc", "#AABBCC")
assert ManimColor.from_rgb(np.array((1, 0, 0), dtype=float)).to_hex() == "#ff0000" or ManimColor.from_rgb(np.array((1, 0, 0), dtype=float)).to_hex() == "#FF0000"
assert abs(ManimColor.from_hsl((0, 1, 0.25)).to_rgb()[0] - 0.5) < 0.01
shade = ManimColor(BLUE)
square = Square(fill_opacity=1).set_fill(shade)
self.add(square)
tint = ManimColor("#FFFFFF")
def fade(mob, dt):
    tint = ManimColor.from_rgb(np.array((0.5, 0.5, 0.5), dtype=float))
    mob.set_fill(tint)
    assert tint.to_hsl()[2] == 0.5 or abs(tint.to_hsl()[2] - 0.5) < 0.01
square.add_updater(fade)
self.wait(0.2)
assert abs(square.get_fill_color().to_rgb()[0] - 0.5) < 0.01
"""


def test_colours_become_manim_colours(api_index: ApiIndex) -> None:
    result = fix_code(scene(COLOURS, GL), api_index)
    assert result.code == scene(COLOURS_FIXED)
    assert result.remaining == []
    assert fix_code(result.code, api_index).code == result.code


def test_each_colour_is_reported_before_the_fix(api_index: ApiIndex) -> None:
    found = [p for p in check_code(scene(COLOURS, GL), api_index).problems if "Color" in p.message]
    assert len(found) == 9 and all(p.severity == "error" and p.fixable for p in found)
    assert "#FC6255" in (found[0].suggestion or "")  # why "red" is not RED


UNFIXABLE: list[str] = [
    "c = Color(name)\nself.add(Dot(color=c))",  # what name holds is unknown here
    'c = Color("notacolour")',
    'c = Color("red")\nfor step in c.range_to("blue", 3):\n    pass',  # no ManimColor method
    'c = Color("red")\nd = c\nd.set_rgb((0, 1, 0))',  # an alias would see the change
    # the nested setter would leave the outer reader with the old colour
    'c = Color("red")\ndef f(m):\n    c.set_rgb((0, 1, 0))\nself.add(Dot(color=c))',
    # read before it is set: rebinding would make that read fail
    'c = Color("red")\ndef f(m):\n    m.set_color(c)\n    c.set_rgb((0, 1, 0))',
    # set in a branch: rebinding would leave it unset on the other path
    'c = Color("red")\ndef f(m):\n    if m:\n        c.set_rgb((0, 1, 0))\n    m.set_color(c)',
    'c = Color("red")\nc = Color("blue")',  # bound twice
    "ok = isinstance(name, Color)",
]


@pytest.mark.parametrize("body", UNFIXABLE)
def test_colours_without_an_exact_rewrite_stay_errors(body: str, api_index: ApiIndex) -> None:
    result = fix_code(scene('name = "red"\n' + body, GL), api_index)
    left = [p for p in result.remaining if "Color" in p.message]
    assert left and all(p.severity == "error" and not p.fixable for p in left), result.remaining
    assert "ManimColor(" not in result.code


def test_a_class_of_the_scene_named_color_is_left_alone(api_index: ApiIndex) -> None:
    code = "from manim import *\n\nclass Color:\n    pass\n\nc = Color()\n"
    assert not [p for p in check_code(code, api_index).problems if "Color" in p.message]


@pytest.mark.render
def test_the_manim_colours_render_with_the_colours_colour_gave(
    api_index: ApiIndex, tmp_path: Path
) -> None:
    assert_renders(fix_code(scene(COLOURS, GL), api_index).code, tmp_path, "colours")
