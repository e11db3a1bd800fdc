"""Chinese, Japanese or Korean words in a Tex become a Text; LaTeX here cannot typeset them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.tools.check.helpers import assert_renders, scene
from tools.check import ApiIndex, check_code, fix_code

BODY = 6
GL = "from manimlib import *\n"

FIXES: list[tuple[str, str, str]] = [
    ('t = Tex("君安。")', GL, 't = Text("君安。")'),  # ManimGL's Tex, math mode
    ('t = TexText("你好", font_size=60)', GL, 't = Text("你好", font_size=60)'),
    (
        't = Tex("こんにちは", color=BLUE)',
        "from manim import *\n",
        't = Text("こんにちは", color=BLUE)',
    ),
    ('t = MathTex("안녕")', "from manim import *\n", 't = Text("안녕")'),
    (  # ManimGL's parts of one line, each still t[i]
        't = TexText("层次一 : 欣赏", "层次二", color=RED)',
        GL,
        't = VGroup(Text("层次一 : 欣赏", color=RED), Text("层次二", color=RED))'
        ".arrange(RIGHT, buff=0.1)",
    ),
]


@pytest.mark.parametrize(("body", "header", "after"), FIXES)
def test_cjk_words_in_a_tex_become_a_text(
    body: str, header: str, after: str, api_index: ApiIndex
) -> None:
    found = [p for p in check_code(scene(body, header), api_index).problems if p.code == "cjk-tex"]
    assert [(p.line, p.severity, p.fixable) for p in found] == [(BODY, "error", True)]
    result = fix_code(scene(body, header), api_index)
    assert result.code == scene(after)
    assert result.remaining == []


UNFIXABLE = [
    'MathTex(r"\\text{面积} = \\pi r^2")',  # LaTeX markup beside the words
    'Tex("你好", WORLD)',  # a string only known at run time
]


@pytest.mark.parametrize("call", UNFIXABLE)
def test_cjk_beside_latex_is_an_error_with_advice(call: str, api_index: ApiIndex) -> None:
    result = fix_code(scene(f'WORLD = "世界"\nt = {call}'), api_index)
    found = [p for p in result.remaining if p.code == "cjk-tex"]
    assert [(p.line, p.severity, p.fixable) for p in found] == [(BODY + 1, "error", False)]
    assert "VGroup(MathTex(...), Text(" in (found[0].suggestion or "")


def test_latin_tex_and_a_tex_with_its_own_template_are_left_alone(api_index: ApiIndex) -> None:
    body = (
        't = Tex("caf\\u00e9 na\\u00efve")\nm = MathTex(r"x^2")\n'
        'c = Tex("你好", tex_template=TexTemplateLibrary.ctex)'  # a template of its own may work
    )
    assert [p for p in check_code(scene(body), api_index).problems if p.code == "cjk-tex"] == []


def test_setup_installs_a_cjk_font() -> None:
    # The Text the rule writes needs a font with CJK glyphs, or it shows empty boxes.
    fc_list = shutil.which("fc-list")
    assert fc_list is not None
    listed = subprocess.run([fc_list, ":lang=zh"], capture_output=True, text=True, check=True)
    assert listed.stdout.strip(), "no CJK font: `make setup` installs fonts-wqy-zenhei"


@pytest.mark.render
def test_the_cjk_text_renders(api_index: ApiIndex, tmp_path: Path) -> None:
    body = (
        't = Tex("君安。")\nassert len(t) == 3\nself.play(Write(t))\n'
        'parts = TexText("层次一", "欣赏音乐").arrange(DOWN)\n'
        "assert [len(p) for p in parts] == [3, 4] and parts[0].get_y() > parts[1].get_y()\n"
        "self.play(Write(parts[1]))"
    )
    assert_renders(fix_code(scene(body, GL), api_index).code, tmp_path, "cjk")
