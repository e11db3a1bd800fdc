"""Colour commands of LaTeX's xcolor package in a Tex, which Manim CE's default template lacks.

    Tex(R"\\sqrt{6} = \\textcolor{red}{2.449}")  ->  MathTex(..., tex_template=XCOLOR_TEX)

ManimGL's default template loads xcolor, and so do many users' own; Manim CE's loads babel,
amsmath and amssymb only, so LaTeX stops at `\\textcolor` with "Undefined control sequence".
The fix adds a template that loads xcolor, once, after the imports: the colours then come
through dvisvgm as they do in ManimGL.
"""

from __future__ import annotations

import ast
import re

from tools.check.findings import CheckContext, Finding, ReplaceText

TEX_CLASSES = frozenset(
    {"Tex", "MathTex", "SingleStringMathTex", "TexText", "TexMobject", "TextMobject", "MTex"}
)
XCOLOR_COMMAND = re.compile(r"\\(textcolor|colorbox|fcolorbox|definecolor|color)(?![A-Za-z])")
TEMPLATE = "XCOLOR_TEX"
DEFINITION = (
    f'\n\n{TEMPLATE} = TexTemplate()\n{TEMPLATE}.add_to_preamble(r"\\usepackage{{xcolor}}")'
)


def find_tex_colour(ctx: CheckContext) -> list[Finding]:
    calls = [
        (node, command)
        for node in ctx.nodes
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in TEX_CLASSES
        and ctx.bindings.manim_name(node.func.id) == node.func.id
        and not any(k.arg == "tex_template" for k in node.keywords)  # its own may load it
        and (command := _xcolor_command(node)) is not None
    ]
    # The template goes in once, with the first call's fix; it needs manim's names unqualified.
    at = _after_imports(ctx) if ctx.bindings.star_manim and not _bound(ctx) else None
    findings: list[Finding] = []
    for n, (call, command) in enumerate(sorted(calls, key=lambda c: ctx.source.start(c[0]))):
        problem = ctx.problem(
            call.args[0] if call.args else call,
            "tex-xcolor",
            f"\\{command} needs LaTeX's xcolor package, which manim {ctx.index.version}'s "
            "default template does not load (LaTeX stops: 'Undefined control sequence')",
            f"pass tex_template= a TexTemplate that loads xcolor ({TEMPLATE} = TexTemplate(); "
            f'{TEMPLATE}.add_to_preamble(r"\\usepackage{{xcolor}}")), or colour the part '
            'with tex_to_color_map={"...": RED}',
            fixable=at is not None,
        )
        if at is None:
            findings.append(Finding(problem))
            continue
        last = max(ctx.source.end(a) for a in [*call.args, *call.keywords])
        edits = [(last, last, f", tex_template={TEMPLATE}")]
        if n == 0:
            edits.insert(0, (at, at, DEFINITION))
        findings.append(Finding(problem, ReplaceText(tuple(edits), f"+ tex_template={TEMPLATE}")))
    return findings


def _xcolor_command(call: ast.Call) -> str | None:
    for arg in call.args:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            found = XCOLOR_COMMAND.search(arg.value)
            if found:
                return found[1]
    return None


def _after_imports(ctx: CheckContext) -> int | None:
    """Where the template's definition goes: after the module's last top-level import."""
    imports = [s for s in ctx.tree.body if isinstance(s, ast.Import | ast.ImportFrom)]
    return ctx.source.end(imports[-1]) if imports else None


def _bound(ctx: CheckContext) -> bool:
    """Whether the module already uses the name (the fix would shadow or repeat it)."""
    return any(isinstance(n, ast.Name) and n.id == TEMPLATE for n in ctx.nodes)
