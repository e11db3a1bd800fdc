"""Tex colour or isolation keys that would cut a LaTeX command are errors before a render."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.tools.check.helpers import raw_render, scene
from tools.check import ApiIndex, check_code, fix_code

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


GL = "from manimlib import *\n"
DROPPED = [
    ('Tex(R"A \\sin\\theta", t2c={"A": RED, "theta": YELLOW})', 'tex_to_color_map={"A": RED})'),
    ('Tex(R"\\sin\\theta + A", t2c={"theta": YELLOW, "A": RED})', 'tex_to_color_map={"A": RED})'),
    ('Tex(R"\\theta", t2c={"theta": YELLOW})', "tex_to_color_map={})"),
    ('Tex(R"\\theta x", isolate=["x", "theta"])', '=["x"])'),
    ('Tex(R"\\theta x", isolate=("theta",))', "=())"),
]


@pytest.mark.parametrize(("call", "kept"), DROPPED)
def test_in_manim_gl_a_key_found_only_inside_commands_is_dropped(
    call: str, kept: str, api_index: ApiIndex
) -> None:
    """ManimGL skips what is inside a command, so the key coloured nothing: dropping it keeps
    the picture ManimGL drew."""
    fixed = fix_code(scene(f"t = {call}", GL), api_index)
    assert kept in fixed.code and '"theta"' not in fixed.code
    assert any("dropped the key 'theta'" in change for change in fixed.changes)
    assert cuts(fixed.code, api_index) == []
    ast.parse(fixed.code)


def test_a_key_also_found_outside_commands_or_in_ce_code_is_not_dropped(
    api_index: ApiIndex,
) -> None:
    coloured = 'Tex(R"\\substack{-1 \\\\ 1} a", t2c={"a": RED})'  # "a" coloured that a in GL
    ce = 'MathTex(r"\\sin\\theta", tex_to_color_map={"theta": YELLOW})'  # CE: the user decides
    for code, key in ((scene(f"t = {coloured}", GL), '"a": RED'), (scene(f"t = {ce}"), '"theta"')):
        [problem] = [
            p for p in check_code(code, api_index).problems if p.code == "tex-key-cuts-command"
        ]
        assert not problem.fixable
        assert key in fix_code(code, api_index).code


@pytest.mark.render
def test_the_dropped_key_renders(api_index: ApiIndex, tmp_path: Path) -> None:
    fixed = fix_code(scene(f"self.add({DROPPED[0][0]})", GL), api_index)
    assert check_code(fixed.code, api_index).ok, check_code(fixed.code, api_index).problems
    proc = raw_render(fixed.code, tmp_path, "dropped")
    assert proc.returncode == 0, proc.stderr[-2000:]
