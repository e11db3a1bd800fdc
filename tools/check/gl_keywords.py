"""ManimGL call shapes that Manim CE takes without complaint and fails on at run time.

A CE class whose **kwargs travel on (an animation handing them to `Animation`, an `Axes` handing
its `*_axis_config` dicts to `NumberLine`) cannot be checked by its signature, so these are
looked for by name:

    TransformMatchingStrings(a, b, matched_keys=[...])  -> the keyword goes: CE's matching
                                                           animations pair the parts themselves
    Axes(..., y_axis_config=dict(big_tick_numbers=[2]))  -> numbers_with_elongated_ticks=[2]; a key
                                                           CE's NumberLine lacks is an error
    Axes((-3, 3), (-3, 3), unit_size=2)                  -> Axes((-3, 3), (-3, 3), x_length=None,
                                                           y_length=None, axis_config={"unit_size": 2})
    always_redraw(Brace, square, UP)                     -> always_redraw(lambda: Brace(square, UP))
                                                           (CE's takes the function alone)
    sq.set_width(5, stretch=True)                        -> sq.stretch_to_fit_width(5)
    Circle(start_angle=2)                                -> Circle().rotate(2) (CE's Circle passes
                                                           start_angle=0 to Arc itself)
    TransformMatchingTex(text, Text("b"))                -> TransformMatchingShapes(...) (CE's
                                                           pairs MathTex parts only)
"""

from __future__ import annotations

import ast
import difflib

from tools.check.findings import CheckContext, Finding, RenameKeyword, ReplaceText
from tools.check.gl_migrations import KeywordMigration, keyword_migrations
from tools.check.gl_patterns import constructed_class, stable
from tools.check.scene_check import CHANGES
from tools.check.source import Source

COORDINATE_SYSTEMS = frozenset({"Axes", "ThreeDAxes", "NumberPlane", "ComplexPlane", "PolarPlane"})
AXIS_CONFIGS = ("axis_config", "x_axis_config", "y_axis_config", "z_axis_config")
LENGTHS = ("x_length", "y_length", "z_length")
MATCHING = frozenset(
    {"TransformMatchingStrings", "TransformMatchingTex", "TransformMatchingShapes"}
)
_TO_ANIMATION = "passes it on to Animation, which fails on it at run time"
# ManimGL keyword -> (the classes taking it, what CE does with it, why Manim CE does without it)
DROPPED: dict[str, tuple[frozenset[str], str, str]] = {
    "matched_keys": (
        MATCHING,
        _TO_ANIMATION,
        "CE's TransformMatchingShapes / TransformMatchingTex pair the matching parts themselves",
    ),
    # ManimGL's arrows are filled shapes whose width it caps; CE's are stroked lines, capped
    # by max_stroke_width_to_length_ratio, in stroke-width units: the value cannot carry over.
    "max_width_to_length_ratio": (
        frozenset({"Arrow", "Vector"}),
        "has no such keyword (a TypeError at run time)",
        "CE's Arrow caps its own width, by max_stroke_width_to_length_ratio in stroke units",
    ),
}
# ManimGL's sizing methods, with CE's for stretch=False and stretch=True (CE's scale_to_fit_*
# passes stretch= on once more: a TypeError)
SIZING = {
    f"{verb}_{dim}": (f"scale_to_fit_{dim}", f"stretch_to_fit_{dim}")
    for dim in ("width", "height", "depth")
    for verb in ("set", "scale_to_fit")
}
# What ManimGL's TransformMatchingTex (any string mobject) takes and CE's (MathTex parts) does not
NOT_TEX = frozenset({"Text", "MarkupText", "Paragraph", "DecimalNumber", "Integer"})
# NumberLine keywords ManimGL has and Manim CE has no setting for
NUMBER_LINE_GL_ONLY = frozenset({"big_tick_spacing", "tick_offset"})


def find_gl_keywords(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for node in ctx.nodes:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            findings.extend(_stretch(ctx, node, node.func))
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        name = ctx.bindings.manim_name(node.func.id)
        if name is None:
            continue
        if name == "always_redraw" and len(node.args) > 1 and id(node.func) not in ctx.reported:
            findings.append(_redraw(ctx, node, node.func))
        if name == "TransformMatchingTex" and id(node.func) not in ctx.reported:
            findings.extend(_matching_text(ctx, node, node.func))
        for keyword in node.keywords:
            if id(keyword) in ctx.reported:
                continue
            if keyword.arg in DROPPED and name in DROPPED[keyword.arg][0]:
                findings.extend(_dropped(ctx, node, name, keyword))
            elif name in COORDINATE_SYSTEMS and keyword.arg in AXIS_CONFIGS:
                findings.extend(_axis_config(ctx, name, keyword))
            elif name in COORDINATE_SYSTEMS and keyword.arg == "unit_size":
                findings.append(_unit_size(ctx, node, name, keyword))
            elif name == "Circle" and keyword.arg == "start_angle":
                findings.append(_circle_start(ctx, node, keyword))
    return findings


def _matching_text(ctx: CheckContext, call: ast.Call, func: ast.Name) -> list[Finding]:
    texts = [ctx.source.text(a) for a in call.args[:2] if _makes_text(ctx, a)]
    if not texts:
        return []
    problem = ctx.problem(
        func,
        "matching-tex",
        f"TransformMatchingTex pairs the parts of MathTex in manim {ctx.index.version}; "
        f"{texts[0]} is not one (an AssertionError at run time; ManimGL's takes any text)",
        "TransformMatchingShapes(a, b) pairs the matching shapes of any mobjects",
        fixable=True,
    )
    edit = (ctx.source.start(func), ctx.source.end(func), "TransformMatchingShapes")
    return [
        Finding(problem, ReplaceText((edit,), "TransformMatchingTex → TransformMatchingShapes"))
    ]


def _makes_text(ctx: CheckContext, node: ast.expr) -> bool:
    """Whether the expression is certainly a Text-like mobject (made, or bound only to one)."""
    if constructed_class(ctx, node) in NOT_TEX:
        return True
    if isinstance(node, ast.NamedExpr):
        return _text_chain(ctx, node.value)
    if not isinstance(node, ast.Name):
        return False
    stores = 0
    values: list[ast.expr] = []
    for other in ctx.nodes:
        if isinstance(other, ast.arg) and other.arg == node.id:
            return False  # a parameter of that name: another variable
        if (
            isinstance(other, ast.Name)
            and other.id == node.id
            and not isinstance(other.ctx, ast.Load)
        ):
            stores += 1
        if (
            isinstance(other, ast.Assign)
            and len(other.targets) == 1
            and isinstance(other.targets[0], ast.Name)
            and other.targets[0].id == node.id
        ) or (isinstance(other, ast.NamedExpr) and other.target.id == node.id):
            values.append(other.value)
    return bool(values) and len(values) == stores and all(_text_chain(ctx, v) for v in values)


def _text_chain(ctx: CheckContext, node: ast.expr) -> bool:
    """`Text(...)` or `Text(...).next_to(...).set_color(...)`: methods that return the text."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr not in CHANGES:
            return False
        node = node.func.value
    return constructed_class(ctx, node) in NOT_TEX


def _dropped(ctx: CheckContext, call: ast.Call, name: str, keyword: ast.keyword) -> list[Finding]:
    arg = keyword.arg or ""
    if arg in ctx.index.init_param_names(name):
        return []
    problem = ctx.problem(
        keyword,
        "gl-only",
        f"{name}({arg}=...) is ManimGL's; manim {ctx.index.version} {DROPPED[arg][1]}",
        f"remove {arg}= ({DROPPED[arg][2]})",
        fixable=True,
    )
    edit = drop_keyword(ctx.source, call, keyword)
    return [Finding(problem, ReplaceText((edit,), f"{name}({arg}=...) → {arg}= removed"))]


def drop_keyword(src: Source, call: ast.Call, keyword: ast.keyword) -> tuple[int, int, str]:
    """The edit removing one keyword argument and the comma that separates it."""
    arguments = sorted([*call.args, *call.keywords], key=lambda n: (n.lineno, n.col_offset))
    at = next(i for i, a in enumerate(arguments) if a is keyword)
    if at > 0:
        return (src.end(arguments[at - 1]), src.end(keyword), "")
    if at + 1 < len(arguments):
        return (src.start(keyword), src.start(arguments[at + 1]), "")
    return (src.start(keyword), src.end(keyword), "")


Entry = tuple[str, ast.keyword | ast.Constant]


def _entries(ctx: CheckContext, value: ast.expr) -> list[Entry] | None:
    """(key, node holding the key) of a `dict(k=v)` or `{"k": v}` literal, else None."""
    if (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id == "dict"
        and "dict" not in ctx.bindings.user
        and not value.args
    ):
        keywords = value.keywords
        if any(k.arg is None for k in keywords):
            return None
        return [(k.arg or "", k) for k in keywords]
    if isinstance(value, ast.Dict):
        keys = value.keys
        found = [(k.value, k) for k in keys if isinstance(k, ast.Constant)]
        strings: list[Entry] = [(key, k) for key, k in found if isinstance(key, str)]
        return strings if len(strings) == len(keys) else None
    return None


def _axis_config(ctx: CheckContext, name: str, keyword: ast.keyword) -> list[Finding]:
    entries = _entries(ctx, keyword.value)
    accepted = ctx.index.accepted_kwargs("NumberLine")
    if entries is None or accepted is None:
        return []
    present = {key for key, _ in entries}
    renames = {m.old: m for m in keyword_migrations("NumberLine", None)}
    findings: list[Finding] = []
    for key, node in entries:
        if key in accepted or id(node) in ctx.reported:
            continue
        rename = renames.get(key)
        where = f"{name}({keyword.arg}=...) configures each NumberLine"
        if rename is not None and rename.new not in present:
            problem = ctx.problem(
                node,
                "removed-kwarg",
                f"{where}; manim {ctx.index.version}'s NumberLine takes no {key}= "
                "(a TypeError at run time)",
                f"{rename.new}=...",
                fixable=True,
            )
            findings.append(Finding(problem, _rename_key(ctx.source, node, rename)))
            continue
        if key in NUMBER_LINE_GL_ONLY:
            how = f"ManimGL-only: no Manim CE equivalent — remove {key!r}"
        else:
            match = difflib.get_close_matches(key, sorted(accepted), n=1, cutoff=0.75)
            how = (
                f"did you mean {match[0]!r}?" if match else f"remove {key!r}; see NumberLine's docs"
            )
        problem = ctx.problem(
            node,
            "unknown-kwarg",
            f"{where}; manim {ctx.index.version}'s NumberLine has no keyword {key!r} "
            "(a TypeError at run time)",
            how,
        )
        findings.append(Finding(problem))
    return findings


def _rename_key(
    src: Source, node: ast.keyword | ast.Constant, rename: KeywordMigration
) -> RenameKeyword | ReplaceText:
    if isinstance(node, ast.keyword):
        return RenameKeyword(node, rename)
    text = src.text(node)
    quote = text[-1]
    edit = (src.start(node), src.end(node), f"{text[: -len(rename.old) - 1]}{rename.new}{quote}")
    return ReplaceText((edit,), f"{rename.old!r} → {rename.new!r}")


def _unit_size(ctx: CheckContext, call: ast.Call, name: str, keyword: ast.keyword) -> Finding:
    """ManimGL sizes an axis by unit_size when no width is given; CE's NumberLine does that when
    its length is None, and Axes passes axis_config on to every NumberLine."""
    lengths = LENGTHS if name == "ThreeDAxes" else LENGTHS[:2]
    taken = {k.arg for k in call.keywords}
    fixable = not taken & {*lengths, *AXIS_CONFIGS, None} and name != "PolarPlane"
    value = ctx.source.text(keyword.value)
    text = ", ".join(f"{length}=None" for length in lengths)
    text += f", axis_config={{'unit_size': {value}}}"
    problem = ctx.problem(
        keyword,
        "removed-kwarg",
        f"{name}() takes no unit_size= in manim {ctx.index.version} (ManimGL API)",
        text if fixable else "axis_config={'unit_size': ...} with x_length=None, y_length=None",
        fixable=fixable,
    )
    if not fixable:
        return Finding(problem)
    edit = (ctx.source.start(keyword), ctx.source.end(keyword), text)
    return Finding(problem, ReplaceText((edit,), "unit_size= → axis_config={'unit_size': ...}"))


def _redraw(ctx: CheckContext, call: ast.Call, func: ast.Name) -> Finding:
    """ManimGL's always_redraw(f, *args) calls f(*args) each frame, with args evaluated once."""
    src = ctx.source
    inner, rest = call.args[0], call.args[1:]
    values = [*rest, *(k.value for k in call.keywords)]
    fixable = all(stable(v) for v in values) and not isinstance(inner, ast.Starred)
    arguments = ", ".join([*(src.text(a) for a in rest), *(src.text(k) for k in call.keywords)])
    text = f"{func.id}(lambda: {src.text(inner)}({arguments}))"
    problem = ctx.problem(
        func,
        "gl-only",
        f"{func.id}(f, *args) is ManimGL's; manim {ctx.index.version}'s always_redraw takes the "
        "function alone (a TypeError at run time)",
        text if fixable else f"{func.id}(lambda: f(...))",
        fixable=fixable,
    )
    if not fixable:
        return Finding(problem)
    edit = (src.start(call), src.end(call), text)
    return Finding(
        problem, ReplaceText((edit,), f"{func.id}(f, args) → {func.id}(lambda: f(args))")
    )


def _stretch(ctx: CheckContext, call: ast.Call, func: ast.Attribute) -> list[Finding]:
    stretch = next((k for k in call.keywords if k.arg == "stretch"), None)
    if (
        stretch is None
        or func.attr not in SIZING
        or func.attr in ctx.bindings.functions
        or id(func) in ctx.reported
        or len(call.args) != 1
    ):
        return []
    value = stretch.value
    flag = value.value if isinstance(value, ast.Constant) else None
    known = isinstance(flag, bool)
    new = SIZING[func.attr][1 if flag is True else 0]
    problem = ctx.problem(
        func,
        "removed-api",
        f".{func.attr}(..., stretch=...) is ManimGL's; in manim {ctx.index.version} "
        "scale_to_fit_* keeps the proportions and stretch_to_fit_* stretches",
        f".{new}(...)" if known else f".{SIZING[func.attr][1]}(...) to stretch, else .{new}(...)",
        fixable=known,
    )
    if not known:
        return [Finding(problem)]
    src = ctx.source
    start = src.end(func) - len(func.attr)
    edits = ((start, src.end(func), new), drop_keyword(src, call, stretch))
    return [Finding(problem, ReplaceText(edits, f".{func.attr}(stretch=) → .{new}()"))]


def _circle_start(ctx: CheckContext, call: ast.Call, keyword: ast.keyword) -> Finding:
    angle = ctx.source.text(keyword.value)
    problem = ctx.problem(
        keyword,
        "gl-only",
        f"Circle(start_angle=...) is ManimGL's; manim {ctx.index.version}'s Circle sets "
        "start_angle itself (a TypeError: multiple values for 'start_angle')",
        f"Circle(...).rotate({angle}): the same circle, starting at that angle",
        fixable=True,
    )
    src = ctx.source
    end = src.end(call)
    edits = (drop_keyword(src, call, keyword), (end, end, f".rotate({angle})"))
    return Finding(problem, ReplaceText(edits, f"Circle(start_angle=) → Circle().rotate({angle})"))
