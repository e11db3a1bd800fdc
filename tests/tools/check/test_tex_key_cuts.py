"""Tex colour or isolation keys that would cut a LaTeX command are errors before a render."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.check.helpers import raw_render, scene
from tools.check import ApiIndex, check_code

BODY = 6

CUTS = [
    ('MathTex(r"\\frac{a}{b}", tex_to_color_map={"a": RED})', "a", "\\frac"),
    ('MathTex(r"\\sin(x)", substrings_to_isolate=["in"])', "in", "\\sin"),
    ('Tex(r"$\\theta$ and $x$", tex_to_color_map={"ta": BLUE})', "ta", "\\theta"),
]
WHOLE = [
    'MathTex(r"\\theta + x", tex_to_color_map={"x": RED, r"\\theta": BLUE})',
    'MathTex(r"\\frac{a}{b}", tex_to_color_map={r"\\frac{a}": RED})',  # the whole word and more
    'MathTex(r"a^2 + b^2", tex_to_color_map={"a": RED})',
    'MathTex(r"\\frac{a}{b}", tex_to_color_map=COLOURS)',  # keys known only at run time
]


def cuts(code: str, index: ApiIndex) -> list[tuple[int, str]]:
    return [
        (p.line, p.message)
        for p in check_code(code, index).problems
        if p.code == "tex-key-cuts-command"
    ]


@pytest.mark.parametrize(("call", "key", "word"), CUTS)
def test_a_key_inside_a_control_word_is_an_error(
    call: str, key: str, word: str, api_index: ApiIndex
) -> None:
    [(line, message)] = cuts(scene(f"t = {call}"), api_index)
    assert line == BODY
    assert f"the key {key!r} also occurs inside {word}" in message


def test_manim_gl_t2c_is_checked_too(api_index: ApiIndex) -> None:
    code = scene('t = Tex(R"\\substack{-1 \\\\ 1} a", t2c={"a": RED})', "from manimlib import *\n")
    assert [line for line, _ in cuts(code, api_index)] == [BODY]


@pytest.mark.parametrize("call", WHOLE)
def test_keys_that_keep_commands_whole_pass(call: str, api_index: ApiIndex) -> None:
    code = scene(f"COLOURS = {{}}\nt = {call}")
    assert cuts(code, api_index) == []


@pytest.mark.render
def test_raw_manim_fails_on_such_a_key(tmp_path: Path) -> None:
    # What the error saves the user from: LaTeX stops at render time.
    proc = raw_render(scene(f"self.add({CUTS[0][0]})"), tmp_path, "cut")
    assert proc.returncode != 0
    assert "Undefined control sequence" in proc.stdout + proc.stderr
