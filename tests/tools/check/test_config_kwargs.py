"""Keywords that set a ManimGL CONFIG entry of the file's own mobject class (digest_config)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.check.helpers import assert_renders
from tools.check import ApiIndex, check_code, fix_code

# The scene, the same before and after the fix: the class and its keywords are what change.
SCENE = """

class Tiles(Scene):
    def construct(self):
        big = Tile(side=3, tint=RED)
        small = Tile()
        self.add(big, small)
        self.wait(0.1)
"""

GL = (
    """from manimlib import *


class Tile(VGroup):
    CONFIG = {
        "side": 1.0,
        "tint": BLUE,
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add(Square(self.side).set_fill(self.tint, 1))
"""
    + SCENE
)

FIXED = (
    """from manim import *


class Tile(VGroup):
    side = 1.0
    tint = BLUE

    def __init__(self, **kwargs):
        # ManimGL's digest_config: a keyword beats the class's own value
        if "side" in kwargs:
            self.side = kwargs.pop("side")
        if "tint" in kwargs:
            self.tint = kwargs.pop("tint")
        super().__init__(**kwargs)
        self.add(Square(self.side).set_fill(self.tint, 1))
"""
    + SCENE
)


def test_the_keywords_are_errors_where_they_are_passed(api_index: ApiIndex) -> None:
    found = [p for p in check_code(GL, api_index).problems if p.code == "config-keyword"]
    assert [(p.line, p.severity, p.fixable) for p in found] == [
        (17, "error", True),
        (17, "error", True),
    ]
    assert "side= sets Tile.side the ManimGL way" in found[0].message


def test_the_fix_takes_them_out_of_kwargs_first(api_index: ApiIndex) -> None:
    result = fix_code(GL, api_index)
    assert result.code == FIXED
    assert result.remaining == []
    assert fix_code(result.code, api_index).code == result.code


def test_a_class_without_its_own_init_gets_one(api_index: ApiIndex) -> None:
    code = GL.replace(
        "\n    def __init__(self, **kwargs):\n        super().__init__(**kwargs)\n"
        "        self.add(Square(self.side).set_fill(self.tint, 1))\n",
        "",
    )
    fixed = fix_code(code, api_index).code
    assert (
        "    tint = BLUE\n    def __init__(self, **kwargs):\n        # ManimGL's digest_config"
        in fixed
    )
    assert '        if "tint" in kwargs:\n            self.tint = kwargs.pop("tint")\n' in fixed
    assert "        super().__init__(**kwargs)\n" in fixed
    compile(fixed, "<fixed>", "exec")


@pytest.mark.parametrize(
    "change",
    [
        ("Tile(side=3, tint=RED)", "Tile(color=RED)"),  # VGroup takes color itself
        ("def __init__(self, **kwargs):", "def __init__(self, side=1.0, tint=BLUE, **kwargs):"),
        (  # read out of kwargs by the class itself
            "        super().__init__(**kwargs)\n",
            '        self.side = kwargs.pop("side", 1.0)\n        self.tint = kwargs.pop("tint", BLUE)\n'
            "        super().__init__(**kwargs)\n",
        ),
    ],
)
def test_keywords_that_reach_their_place_are_fine(
    change: tuple[str, str], api_index: ApiIndex
) -> None:
    code = GL.replace(*change)
    assert [p for p in check_code(code, api_index).problems if p.code == "config-keyword"] == []


@pytest.mark.render
def test_the_fixed_scene_renders_each_tile_as_asked(api_index: ApiIndex, tmp_path: Path) -> None:
    code = fix_code(GL, api_index).code + (
        "        assert abs(big.width - 3) < 1e-6 and abs(small.width - 1) < 1e-6\n"
        "        assert big[0].get_fill_color() == RED and small[0].get_fill_color() == BLUE\n"
    )
    assert_renders(code, tmp_path)


# A class calling digest_config itself, with locals() to keep its parameters as attributes too
DIGESTING = GL.replace(
    """    def __init__(self, **kwargs):
        super().__init__(**kwargs)
""",
    """    def __init__(self, label="", **kwargs):
        digest_config(self, kwargs, locals())
        super().__init__(**kwargs)
""",
)


def test_a_digest_config_call_is_one_error_at_its_line(api_index: ApiIndex) -> None:
    problems = check_code(DIGESTING, api_index).problems
    # the keywords passed to Tile(...) are its to fix; locals() goes with it
    assert [(p.line, p.code, p.fixable) for p in problems if p.severity == "error"][1:] == [
        (11, "gl-digest-config", True),
        (11, "forbidden-builtin", False),
    ]


def test_the_fix_writes_out_what_digest_config_did(api_index: ApiIndex) -> None:
    result = fix_code(DIGESTING, api_index)
    assert (
        '    def __init__(self, label="", **kwargs):\n'
        "        # ManimGL's digest_config: a keyword beats the class's own value\n"
        '        if "side" in kwargs:\n            self.side = kwargs.pop("side")\n'
        '        if "tint" in kwargs:\n            self.tint = kwargs.pop("tint")\n'
        "        self.label = label\n"
        "        super().__init__(**kwargs)\n"
    ) in result.code
    assert result.remaining == []


@pytest.mark.parametrize(
    "change",
    [
        ("digest_config(self, kwargs, locals())", "digest_config(self, {})"),
        ("class Tile(VGroup):", "class Tile(MyGroup):"),  # what the base takes is unknown
    ],
)
def test_other_digest_config_calls_stay_errors_with_advice(
    change: tuple[str, str], api_index: ApiIndex
) -> None:
    code = DIGESTING.replace(*change).replace("class Tile", "MyGroup = VGroup\n\n\nclass Tile")
    found = [p for p in check_code(code, api_index).problems if p.code == "gl-digest-config"]
    assert [(p.fixable, p.suggestion) for p in found] == [
        (
            False,
            'set each attribute from kwargs yourself: if "k" in kwargs: self.k = kwargs.pop("k")',
        )
    ]


@pytest.mark.render
def test_the_written_out_digest_renders_each_tile_as_asked(
    api_index: ApiIndex, tmp_path: Path
) -> None:
    code = fix_code(
        DIGESTING.replace("Tile(side=3, tint=RED)", 'Tile("A", side=3, tint=RED)'), api_index
    ).code
    code += (
        "        assert abs(big.width - 3) < 1e-6 and abs(small.width - 1) < 1e-6\n"
        "        assert big[0].get_fill_color() == RED and small[0].get_fill_color() == BLUE\n"
        '        assert (big.label, small.label) == ("A", "")\n'
    )
    assert_renders(code, tmp_path)
