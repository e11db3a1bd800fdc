"""The statements that rebuild GraphScene's axes in setup(): `self.axes = Axes(...)` and friends."""

from __future__ import annotations

import ast

from tools.check import ast_guard
from tools.check.source import Source

# GraphScene's CONFIG defaults for what the axes need.
DEFAULTS: dict[str, str] = {
    "x_min": "-1",
    "x_max": "10",
    "x_tick_frequency": "1",
    "x_axis_width": "9",
    "y_min": "-1",
    "y_max": "10",
    "y_tick_frequency": "1",
    "y_axis_height": "6",
    "axes_color": "GREY",
    "graph_origin": "2.5 * DOWN + 4 * LEFT",
    "include_tip": "False",
}
# Names the statements use; the fix requires them to be manim's (`from manim import *`).
EMITTED_NAMES = ("Scene", "Axes", "Tex", "GREY", "DOWN", "LEFT")


def setup_lines(src: Source, found: dict[str, ast.expr]) -> list[str]:
    """setup()'s statements (unindented), from CONFIG values and GraphScene's defaults."""
    v = {**DEFAULTS, **{key: src.text(node) for key, node in found.items()}}
    origin = v["graph_origin"]
    if not isinstance(found.get("graph_origin"), ast.Name | ast.Attribute | ast.Call):
        origin = (
            f"({origin})"  # `2.5 * DOWN + 4 * LEFT - ...` would still parse, `a if b else c` not
        )
    lines = [
        "self.axes = Axes(",
        f"    x_range=[{v['x_min']}, {v['x_max']}, {v['x_tick_frequency']}],",
        f"    y_range=[{v['y_min']}, {v['y_max']}, {v['y_tick_frequency']}],",
        f"    x_length={v['x_axis_width']},",
        f"    y_length={v['y_axis_height']},",
        f'    axis_config={{"color": {v["axes_color"]}}},',
        f"    tips={v['include_tip']},",
        ")",
        # GraphScene put the point where its axes cross at graph_origin.
        f"self.axes.shift({origin} - self.axes.c2p("
        f"{_crossing(v['x_min'], v['x_max'])}, {_crossing(v['y_min'], v['y_max'])}))",
    ]
    # GraphScene typeset labels with Tex (text mode, "$x$"); CE's get_axis_labels would use MathTex.
    labels = {
        k[0]: src.text(found[k]) for k in ("x_axis_label", "y_axis_label") if _given(found, k)
    }
    if len(labels) == 2:
        lines.append(
            "self.axes.add(self.axes.get_axis_labels("
            f"x_label=Tex({labels['x']}), y_label=Tex({labels['y']})))"
        )
    elif labels:
        ((axis, text),) = labels.items()
        lines.append(f"self.axes.add(self.axes.get_{axis}_axis_label(Tex({text})))")
    exclude = found.get("exclude_zero_label")
    excluding = (
        "" if isinstance(exclude, ast.Constant) and exclude.value is False else ", excluding=[0]"
    )
    for axis in ("x", "y"):
        if _given(found, f"{axis}_labeled_nums"):
            numbers = src.text(found[f"{axis}_labeled_nums"])
            lines.append(f"self.axes.{axis}_axis.add_numbers({numbers}{excluding})")
    return lines


def _given(found: dict[str, ast.expr], key: str) -> bool:
    """Set to something other than None / "" / [] (GraphScene's way of saying "none")."""
    node = found.get(key)
    if node is None:
        return False
    if isinstance(node, ast.Constant):
        return bool(node.value)
    return not (isinstance(node, ast.List | ast.Tuple) and not node.elts)


def _crossing(low: str, high: str) -> str:
    """Where GraphScene crossed its axes: at 0, or at the minimum when 0 is out of range."""
    try:
        low_value, high_value = ast_guard.literal_eval(low), ast_guard.literal_eval(high)
        return "0" if low_value <= 0 <= high_value else low
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return "0"  # not a literal: the axes' own origin is the best static guess
