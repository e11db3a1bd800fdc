"""A keyword a manim class refuses, inside a fixed dict passed with **, is an error before a
render (Python would refuse it only when the call runs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.check.helpers import raw_render, scene
from tools.check import ApiIndex, check_code

BODY = 7  # the scene's first line, after one module-level line


def splat_errors(code: str, index: ApiIndex) -> list[tuple[int, str]]:
    return [
        (p.line, p.message)
        for p in check_code(code, index).problems
        if p.code == "unknown-kwarg" and "passed with **" in p.message
    ]


@pytest.mark.parametrize(
    ("module", "body"),
    [
        ("KW = dict(radius=2, colour=RED)", "c = Circle(**KW)"),
        ('KW = {"radius": 2, "colour": RED}', "c = Circle(**KW)"),
    ],
)
def test_a_refused_key_in_a_module_dict_is_an_error_at_the_call(
    module: str, body: str, api_index: ApiIndex
) -> None:
    code = scene(body, f"from manim import *\n{module}\n")
    [(line, message)] = splat_errors(code, api_index)
    assert line == BODY
    assert "Circle() has no keyword argument 'colour'" in message and "KW of line 2" in message


def test_a_class_attribute_naming_the_dict_is_followed(api_index: ApiIndex) -> None:
    code = (
        "from manim import *\nAXIS = dict(length=4, line_to_number_direction=UP)\n\n\n"
        "class S(Scene):\n    axis = AXIS\n\n    def construct(self):\n"
        "        self.add(NumberLine(**self.axis))\n"
    )
    [(line, message)] = splat_errors(code, api_index)
    assert line == 9 and "'line_to_number_direction'" in message and "AXIS of line 2" in message


@pytest.mark.parametrize(
    ("module", "body"),
    [
        ("KW = dict(radius=2)", "c = Circle(**KW)"),  # every key is taken
        ("KW = dict(colour=RED)\nKW['color'] = KW.pop('colour')", "c = Circle(**KW)"),  # changed
        ("KW = dict(colour=RED)\nKW = dict(color=RED)", "c = Circle(**KW)"),  # bound twice
        ("BASE = {}\nKW = {'colour': RED, **BASE}", "c = Circle(**KW)"),  # keys not all here
        ("KW = dict(colour=RED)", "c = helper(**KW)"),  # not a manim class
        ("", "kw = dict(colour=RED)\nc = Circle(**kw)"),  # a local: other rules' business
    ],
)
def test_dicts_whose_keys_are_not_known_for_sure_are_not_reported(
    module: str, body: str, api_index: ApiIndex
) -> None:
    code = scene(body, f"from manim import *\n{module}\ndef helper(**kw):\n    return kw\n")
    assert splat_errors(code, api_index) == []


@pytest.mark.render
def test_raw_manim_fails_on_such_a_dict(tmp_path: Path) -> None:
    code = scene("self.add(Circle(**KW))", "from manim import *\nKW = dict(colour=RED)\n")
    proc = raw_render(code, tmp_path, "splat")
    assert proc.returncode != 0
    assert "unexpected keyword argument 'colour'" in proc.stdout + proc.stderr
