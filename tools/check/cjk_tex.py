"""Chinese, Japanese or Korean in a Tex: LaTeX here cannot typeset it, Pango's Text can.

    Tex("君安。")                    -> Text("君安。")
    TexText("你好", font_size=60)    -> Text("你好", font_size=60)
    TexText("一", "二", color=RED)   -> VGroup(Text("一", color=RED), Text("二", color=RED))
                                            .arrange(RIGHT, buff=0.1)

Manim CE's default TeX template is pdfLaTeX, which stops at the first CJK character ("Unicode
character ... not set up for use with LaTeX"); ManimGL users typeset it through a ctex template
of their own config file. Plain words (no LaTeX markup) mean the same as a Text, which renders
them with a CJK font; several strings are the parts of one line, each indexable as before (`t[1]`),
so they become Texts side by side. Anything else is reported at its line.
"""

from __future__ import annotations

import ast
import re

from tools.check.findings import CheckContext, Finding, ReplaceText

TEX_CLASSES = frozenset({"Tex", "MathTex", "TexText", "TexMobject", "TextMobject", "MTex"})
CJK = re.compile(
    r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]"
)
LATEX_MARKUP = re.compile(r"[\\$^_{}&%#~]")
TEXT_KEYWORDS = frozenset({"font_size", "color", "fill_opacity", "stroke_width"})


def find_cjk_tex(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for node in ctx.nodes:
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in TEX_CLASSES
            and id(node.func) not in ctx.reported
            and ctx.bindings.manim_name(node.func.id) == node.func.id
            and not any(k.arg == "tex_template" for k in node.keywords)  # its own: it may work
            and (text := _cjk_literal(node)) is not None
        ):
            findings.append(_finding(ctx, node, node.func, text))
    return findings


def _cjk_literal(call: ast.Call) -> str | None:
    """The call's text when a string literal of it holds CJK characters."""
    texts = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    joined = "".join(texts)
    return joined if CJK.search(joined) else None


def _finding(ctx: CheckContext, call: ast.Call, func: ast.Name, text: str) -> Finding:
    plain = (
        all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in call.args)
        and not LATEX_MARKUP.search(text)
        and all(k.arg in TEXT_KEYWORDS for k in call.keywords)
    )
    problem = ctx.problem(
        func,
        "cjk-tex",
        f"{func.id}({text[:20]!r}) holds Chinese, Japanese or Korean, which LaTeX here cannot "
        "typeset (its default template stops at the first such character)",
        f'Text("{text[:20]}") renders it with a CJK font'
        if plain
        else "put the words in a Text and the rest in a MathTex, side by side: "
        f'VGroup(MathTex(...), Text("{"".join(CJK.findall(text))[:20]}")).arrange(RIGHT)',
        fixable=plain,
    )
    if not plain:
        return Finding(problem)
    src = ctx.source
    if len(call.args) == 1:
        edit = (src.start(func), src.end(func), "Text")
        return Finding(problem, ReplaceText((edit,), f"{func.id} → Text (CJK words)"))
    keywords = "".join(f", {src.text(k)}" for k in call.keywords)
    parts = ", ".join(f"Text({src.text(a)}{keywords})" for a in call.args)
    edit = (src.start(call), src.end(call), f"VGroup({parts}).arrange(RIGHT, buff=0.1)")
    return Finding(problem, ReplaceText((edit,), f"{func.id} → Texts side by side (CJK words)"))
