"""Deprecated calls CE mobjects still answer (`set_width(2)`, `get_height()`) are warnings."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest

from tests.tools.check.helpers import problems, scene
from tools.check import ApiIndex, check_code, fix_code
from tools.check.accessors import dynamic_accessor
from tools.check.gl_migrations import METHODS

BODY = 6  # line of the first body line in `scene(...)`


def call(text: str) -> ast.Call:
    node = ast.parse(text, mode="eval").body
    assert isinstance(node, ast.Call)
    return node


@pytest.mark.parametrize(
    "text",
    ["sq.set_width(2)", "sq.set_height(2)", "w = sq.get_width()", "h = sq.get_height()"],
)
def test_working_deprecated_accessors_warn_and_still_fix(text: str, api_index: ApiIndex) -> None:
    code = scene(f"sq = Square()\n{text}\nself.add(sq)")
    result = check_code(code, api_index)
    assert result.ok
    (problem,) = result.problems
    assert (problem.line, problem.code, problem.severity) == (BODY + 1, "removed-api", "warning")
    assert (
        problem.fixable
        and "is deprecated in manim" in problem.message
        and "still works" in problem.message
    )
    fixed = fix_code(code, api_index)
    assert fixed.changes and fixed.remaining == []
    assert "set_" not in fixed.code and "get_" not in fixed.code


@pytest.mark.parametrize(
    "text",
    [
        "axes.get_graph(lambda x: x)",  # a getter takes no argument
        "axes.get_v_line()",  # no mobject has a v_line attribute
        "sq.set_width(2, stretch=True)",  # a setter takes one value, no keywords
    ],
)
def test_accessors_that_fail_at_run_time_stay_errors(text: str, api_index: ApiIndex) -> None:
    code = scene(f"axes = Axes()\nsq = Square()\n{text}")
    (problem,) = [p for p in problems(code, api_index) if p.line == BODY + 2]
    assert (problem.code, problem.severity) == ("removed-api", "error")
    assert not check_code(code, api_index).ok


def test_a_gl_getter_with_arguments_is_no_accessor(api_index: ApiIndex) -> None:
    # ManimGL's text.get_part_by_text("x"): CE's getter() takes no argument (TypeError).
    assert dynamic_accessor("get_part_by_text", call('t.get_part_by_text("x")'), api_index) is None
    code = scene('t = Text("ab")\nt.get_part_by_text("a")')
    assert all(p.severity == "error" for p in problems(code, api_index))


def test_a_setter_manim_never_reads_warns_that_it_does_nothing(api_index: ApiIndex) -> None:
    code = scene("sq = Square()\nsq.set_backstroke(BLACK)\nself.add(sq)")
    (problem,) = problems(code, api_index)
    assert problem.severity == "warning" and "has no effect" in problem.message


# What manim itself does with each get_/set_ name of the table, called as the rule expects to run.
PROBE = """
import json, sys, warnings
warnings.simplefilter("ignore")
from manim import Axes
outcome = {}
for name in json.loads(sys.argv[1]):
    try:
        method = getattr(Axes(), name)
        method() if name.startswith("get_") else method(1)
        outcome[name] = True
    except Exception:
        outcome[name] = False
print(json.dumps(outcome))
"""


def test_the_accessor_rule_matches_what_manim_does(api_index: ApiIndex) -> None:
    names = sorted(n for n in METHODS if n.startswith(("get_", "set_")))
    run = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(names)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    runs = json.loads(run.stdout.strip().splitlines()[-1])
    for name in names:
        shape = call(f"m.{name}()" if name.startswith("get_") else f"m.{name}(1)")
        predicted = dynamic_accessor(name, shape, api_index) is not None
        assert predicted == runs[name], name
    assert runs["set_width"] and runs["get_height"] and not runs["get_graph"]
