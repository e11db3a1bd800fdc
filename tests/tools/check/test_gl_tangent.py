"""ManimGL's coordinate-system methods: get_tangent_line spelled out, get_v_line renamed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.check.helpers import assert_renders
from tools.check import ApiIndex, check_code, fix_code
from tools.check.gl_api import load_gl_api

GL = """from manimlib import *


class Tangents(Scene):
    def construct(self):
        axes = Axes((-3, 3), (-2, 4))
        graph = axes.get_graph(lambda x: x**2 / 4)
        t = ValueTracker(1)
        moving = always_redraw(lambda: axes.get_tangent_line(t.get_value(), graph, length=3))
        fixed = axes.get_tangent_line(2, graph)
        drop = axes.get_v_line(axes.i2gp(2, graph))
        self.add(axes, graph, moving, fixed, drop)
        self.play(t.animate.set_value(2))
"""


def test_the_table_knows_manim_gls_coordinate_system_methods() -> None:
    gl = load_gl_api()
    for method in ("get_tangent_line", "get_v_line", "get_scatterplot", "bind_graph_to_func"):
        assert "CoordinateSystem" in gl.methods[method], method


def test_they_are_errors_before_a_render(api_index: ApiIndex) -> None:
    found = [
        (p.line, p.severity, p.fixable)
        for p in check_code(GL, api_index).problems
        if p.code == "removed-api" and p.line >= 9
    ]
    assert found == [(9, "error", True), (10, "error", True), (11, "error", True)]


def test_the_fix_writes_out_manim_gls_tangent(api_index: ApiIndex) -> None:
    result = fix_code(GL, api_index)
    lines = result.code.splitlines()
    assert lines[8] == (
        "        moving = always_redraw(lambda: Line(1.5 * LEFT, 1.5 * RIGHT).rotate("
        "angle_of_vector(axes.i2gp(t.get_value() + 1e-6, graph) - axes.i2gp(t.get_value(), "
        "graph))).move_to(axes.i2gp(t.get_value(), graph)))"
    )
    assert lines[9].startswith("        fixed = Line(2.5 * LEFT, 2.5 * RIGHT).rotate(")
    assert lines[10] == "        drop = axes.get_vertical_line(axes.i2gp(2, graph))"
    assert result.remaining == []


@pytest.mark.parametrize(
    "call",
    [
        "axes.get_tangent_line(next(xs), graph)",
        "axes.get_tangent_line(1, graph, line_func=DashedLine)",
    ],
)
def test_other_calls_stay_errors_with_the_recipe(call: str, api_index: ApiIndex) -> None:
    code = GL.replace("axes.get_tangent_line(2, graph)", call)
    found = [p for p in fix_code(code, api_index).remaining if "get_tangent_line" in p.message]
    assert [(p.line, p.fixable) for p in found] == [(10, False)]
    assert "angle_of_vector" in (found[0].suggestion or "")


@pytest.mark.render
def test_the_tangent_touches_the_graph_at_its_slope(api_index: ApiIndex, tmp_path: Path) -> None:
    code = fix_code(GL, api_index).code + (
        "        slope = (fixed.get_end() - fixed.get_start())\n"
        "        assert abs(fixed.get_length() - 5) < 1e-6\n"
        "        assert np.allclose(fixed.get_center(), axes.i2gp(2, graph))\n"
        "        scale = axes.y_axis.get_unit_size() / axes.x_axis.get_unit_size()\n"
        "        assert abs(slope[1] / slope[0] - 1.0 * scale) < 1e-3  # y' = x / 2 = 1 at x = 2\n"
        "        self.wait(0.1)\n"
    )
    assert_renders(code, tmp_path)
