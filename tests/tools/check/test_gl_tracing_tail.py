"""ManimGL's TracingTail becomes Manim CE's TracedPath."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.check.helpers import assert_renders
from tools.check import ApiIndex, check_code, fix_code

GL = """from manimlib import *


def orbit():
    return np.array([1.0, 0.0, 0.0])


class Trails(Scene):
    def construct(self):
        dot = Dot()
        short = TracingTail(dot, time_traced=0.25).set_stroke(RED)
        tapered = TracingTail(
            lambda: dot.get_center(),
            stroke_width=(0, 5),
            stroke_opacity=[0, 1],
        )
        sampled = TracingTail(orbit, time_per_anchor=0.1)
        lasting = TracedPath(dot.get_center, time_traced=3)
        self.add(dot, short, tapered, sampled, lasting)
        self.play(dot.animate.shift(2 * RIGHT), run_time=1, rate_func=linear)
"""

FIXED_LINES = [
    "        short = TracedPath(dot.get_center, dissipating_time=0.25, stroke_width=3).set_stroke(RED)",
    "        tapered = TracedPath(",
    "            lambda: dot.get_center(),",
    "            stroke_width=5,",
    "            stroke_opacity=1, dissipating_time=1.0,",
    "        )",
    "        sampled = TracedPath(orbit, dissipating_time=1.0, stroke_width=3)",
    "        lasting = TracedPath(dot.get_center, dissipating_time=3)",
]


def test_each_tracing_tail_is_one_fixable_error(api_index: ApiIndex) -> None:
    problems = check_code(GL, api_index).problems
    tails = [(p.line, p.severity, p.fixable) for p in problems if p.code == "gl-tracing-tail"]
    assert tails == [(11, "error", True), (12, "error", True), (17, "error", True)]
    # its keywords are the rewrite's: not reported again as renamed keywords
    assert [p.line for p in problems if p.code == "removed-kwarg"] == [18]


def test_the_fix_follows_the_point_with_manim_gls_defaults(api_index: ApiIndex) -> None:
    result = fix_code(GL, api_index)
    lines = result.code.splitlines()
    assert lines[10:18] == FIXED_LINES
    assert result.remaining == []
    assert fix_code(result.code, api_index).code == result.code


@pytest.mark.parametrize(
    "call",
    ["TracingTail(dot, **style)", "TracingTail()", "TracingTail(dot, 2)"],
)
def test_other_call_shapes_stay_errors_with_advice(call: str, api_index: ApiIndex) -> None:
    code = GL.replace("TracingTail(dot, time_traced=0.25)", call).replace(
        "dot = Dot()", "dot = Dot()\n        style = {}"
    )
    found = [p for p in check_code(code, api_index).problems if p.code == "gl-tracing-tail"]
    assert (found[0].fixable, found[0].suggestion) == (
        False,
        "TracedPath(mob.get_center, dissipating_time=1.0, stroke_width=3)",
    )


@pytest.mark.render
def test_the_fixed_trails_fade_as_manim_gls_did(api_index: ApiIndex, tmp_path: Path) -> None:
    # After 1 s at constant speed, a 0.25 s trail spans a quarter of the 2-unit path; a 3 s one
    # all of it.
    code = fix_code(GL, api_index).code + (
        "        assert 0.3 < short.width < 0.7, short.width\n"
        "        assert abs(lasting.width - 2) < 0.1, lasting.width\n"
        "        assert tapered.get_stroke_width() == 5 and short.get_stroke_color() == RED\n"
    )
    assert_renders(code, tmp_path)
