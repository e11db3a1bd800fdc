"""ManimGL's `make_number_changeable`, where the number ends the text: CE's DecimalNumber beside it.

    label = Tex("Width = 0.00")                -> label = VGroup(Tex("Width ="),
                                                      DecimalNumber(0.00, num_decimal_places=2)
                                                  ).arrange(RIGHT)
    number = label.make_number_changeable("0.00")  -> number = label[1]

ManimGL swaps the number's glyphs for a DecimalNumber inside the Tex; Manim CE's way is the
DecimalNumber next to the rest of the text. Only the plain shape is rewritten: one text literal
ending with the number (found once), a variable bound once and never indexed; the rest is reported
by `migration_check` with this advice.
"""

from __future__ import annotations

import ast

from tools.check.findings import CheckContext, Finding, ReplaceText
from tools.check.gl_patterns import STRING_MOBJECTS

METHOD = "make_number_changeable"
CARRIED = ("font_size", "color")  # keywords the number takes from the text


def find_changeable_numbers(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    if METHOD in ctx.bindings.functions:
        return findings
    for call, func in ctx.method_calls(METHOD):
        if isinstance(func.value, ast.Name):
            finding = _rewrite(ctx, call, func, func.value.id)
            if finding is not None:
                findings.append(finding)
    return findings


def _binding(ctx: CheckContext, name: str) -> ast.Call | None:
    """The one `name = Tex("...")` (or Text, MathTex, ...) binding `name`, if that is all."""
    stores = 0
    made: ast.Call | None = None
    for node in ctx.nodes:
        if isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load):
            stores += 1
        elif isinstance(node, ast.Subscript) and _is(node.value, name):
            return None  # indexed: its parts would change
        elif isinstance(node, ast.arg) and node.arg == name:
            return None
        elif (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and _is(node.targets[0], name)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
        ):
            made = node.value
    if stores != 1 or made is None or len(made.args) != 1:
        return None
    func = made.func
    assert isinstance(func, ast.Name)
    return made if ctx.bindings.manim_name(func.id) in STRING_MOBJECTS else None


def _is(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _rewrite(ctx: CheckContext, call: ast.Call, method: ast.Attribute, name: str) -> Finding | None:
    number = call.args[0] if len(call.args) == 1 and not call.keywords else None
    if not (isinstance(number, ast.Constant) and isinstance(number.value, str)):
        return None
    value = number.value
    try:
        float(value)
    except ValueError:
        return None
    made = _binding(ctx, name)
    if made is None or (made.lineno, made.col_offset) > (call.lineno, call.col_offset):
        return None
    text = made.args[0]
    src = ctx.source
    literal = src.text(text)
    if not (
        isinstance(text, ast.Constant)
        and isinstance(text.value, str)
        and text.value.count(value) == 1
        and text.value.rstrip().endswith(value)
        and text.value.rstrip()[: -len(value)].strip()
        and "\n" not in literal
        and literal.endswith(value + literal[-1])
    ):
        return None
    places = len(value.partition(".")[2])
    carried = [f"{k.arg}={src.text(k.value)}" for k in made.keywords if k.arg in CARRIED]
    decimal = ", ".join([value, f"num_decimal_places={places}", *carried])
    prefix = literal[: -len(value) - 1].rstrip() + literal[-1]
    rest = [src.text(k) for k in made.keywords]
    tex = f"{src.text(made.func)}({', '.join([prefix, *rest])})"
    group = f"VGroup({tex}, DecimalNumber({decimal})).arrange(RIGHT)"
    problem = ctx.problem(
        method,
        "removed-api",
        f".{METHOD}() is ManimGL API; manim {ctx.index.version}'s text has no changeable number",
        f"a DecimalNumber beside the text: {group}, then {name}[1]",
        fixable=True,
    )
    edits = (
        (src.start(made), src.end(made), group),
        (src.start(call), src.end(call), f"{name}[1]"),
    )
    return Finding(problem, ReplaceText(edits, f".{METHOD}() → VGroup(text, DecimalNumber)"))
