"""What the safety check lets through, with or without a warning, because the renderer makes it
harmless: module-level config writes it overrides, `if __name__ == "__main__":` launcher blocks
and their imports, and lookups by name in manim's name tables. And what stays refused."""

from __future__ import annotations

import ast

import pytest

from tests.tools.check.helpers import problems
from tools.check import ApiIndex, Problem, check_code
from tools.check.launcher import is_main_block
from tools.check.safety_rules import LOOKUP_MODULES
from tools.render import runner_guards

HEAD = "from manim import *\n"
SCENE = "\n\nclass S(Scene):\n    def construct(self):\n        self.play(Create(Circle()))\n"


def found(code: str, index: ApiIndex) -> list[tuple[int, str, str]]:
    """(line, code, severity) of every safety-related problem."""
    return [
        (p.line, p.code, p.severity)
        for p in problems(code, index)
        if p.kind == "unsafe" or p.code == "config-ignored"
    ]


# module-level config writes


@pytest.mark.parametrize(
    "statement",
    [
        "config.pixel_height = 1080",
        "config.pixel_width = 3840",
        "config.frame_rate = 60",
        "config.quality = 'high_quality'",
        "config.frame_size = (1920, 1080)",
        "config.disable_caching = True",
        'config["pixel_height"] = 1080',
        "config.frame_rate += 30",
        "manim.config.pixel_height = 1080",
    ],
)
def test_module_level_settings_the_renderer_pins_are_a_warning(
    statement: str, api_index: ApiIndex
) -> None:
    code = f"import manim\n{HEAD}{statement}\n{SCENE}"
    result = check_code(code, api_index)
    assert result.ok, result.problems
    (problem,) = [p for p in result.problems if p.code == "config-ignored"]
    assert (problem.line, problem.kind, problem.severity) == (3, "api", "warning")
    assert "is ignored" in problem.message and "renderer" in problem.message


def test_a_class_body_runs_at_module_level_too(api_index: ApiIndex) -> None:
    code = HEAD + "class S(Scene):\n    config.pixel_height = 1080\n"
    assert found(code, api_index) == [(3, "config-ignored", "warning")]


def test_set_while_the_scene_runs_they_stay_refused(api_index: ApiIndex) -> None:
    code = HEAD + SCENE + "        config.pixel_height = 1080\n"
    assert found(code, api_index) == [(7, "config-cap", "error")]
    code = HEAD + "def setup():\n    config.frame_rate = 60\n"
    assert found(code, api_index) == [(3, "config-cap", "error")]


@pytest.mark.parametrize(
    "statement",
    [
        "config.media_dir = '/tmp/x'",
        "config.output_file = 'x'",
        "config.video_dir = 'x'",
        "config.preview = True",
        "config.show_in_file_browser = True",
        "config.write_to_movie = False",
        "config.save_last_frame = True",
        "config.save_as_gif = True",
        "config.format = 'gif'",
        "config.transparent = True",
        "config.renderer = 'opengl'",
        "config.dry_run = True",
        "config.update({'pixel_height': 1080})",
        "config._d['pixel_height'] = 1080",
    ],
)
def test_module_level_settings_that_choose_output_stay_refused(
    statement: str, api_index: ApiIndex
) -> None:
    result = check_code(f"{HEAD}{statement}\n{SCENE}", api_index)
    assert not result.ok
    assert (2, "config-cap", "error") in found(f"{HEAD}{statement}\n", api_index)


@pytest.mark.parametrize(
    "statement",
    ["config.renderer = 'cairo'", "config.preview = False", 'config["write_to_movie"] = True'],
)
def test_module_level_output_settings_at_the_pinned_value_are_a_warning(
    statement: str, api_index: ApiIndex
) -> None:
    assert found(f"{HEAD}{statement}\n", api_index) == [(2, "config-ignored", "warning")]
    assert check_code(f"{HEAD}{statement}\n{SCENE}", api_index).ok
    # while the scene runs, even that value is refused, as every pinned setting is
    assert (7, "config-cap", "error") in found(HEAD + SCENE + f"        {statement}\n", api_index)


def test_look_settings_pass_silently(api_index: ApiIndex) -> None:
    code = HEAD + "config.background_color = WHITE\nconfig.frame_width = 16\n" + SCENE
    assert found(code, api_index) == []


# `if __name__ == "__main__":` launcher blocks

LAUNCHER = """import os
import subprocess
import sys
from pathlib import Path

from manim import *


class Hello(Scene):
    def construct(self):
        self.play(Create(Circle()))


if __name__ == "__main__":
    os.system(f"manim -pql {__file__} Hello")
    subprocess.run([sys.executable, "-m", "manim", Path(__file__).name])
    with tempconfig({"quality": "medium_quality", "preview": True}):
        Hello().render()
"""


def test_a_launcher_block_and_its_imports_are_warnings(api_index: ApiIndex) -> None:
    result = check_code(LAUNCHER, api_index)
    assert result.ok, [p.message for p in result.problems if p.severity == "error"]
    unsafe = [p for p in result.problems if p.kind == "unsafe"]
    assert {p.severity for p in unsafe} == {"warning"}
    assert [(p.line, p.code) for p in unsafe if p.code == "launcher-import"] == [
        (1, "launcher-import"),
        (2, "launcher-import"),
        (3, "launcher-import"),
        (4, "launcher-import"),
    ]
    inside = [p for p in unsafe if p.line >= 15]
    assert {p.line for p in inside} == {15, 16, 17}
    assert all("manim never runs" in p.message for p in unsafe)


def test_the_mirrored_test_is_a_launcher_too(api_index: ApiIndex) -> None:
    code = HEAD + "if '__main__' == __name__:\n    print(__file__)\n"
    assert found(code, api_index) == [(3, "dunder-access", "warning")]


@pytest.mark.parametrize(
    "block",
    [
        "if __name__ == '__main__' and True:\n    print(__file__)\n",
        "if __name__ != '__main__':\n    print(__file__)\n",
        "if __name__ == '__main__':\n    pass\nelse:\n    print(__file__)\n",
        "if __name__ == '__main__':\n    print(__file__)\nelse:\n    pass\n",
        "if True:\n    if __name__ == '__main__':\n        print(__file__)\n",
        "def main():\n    if __name__ == '__main__':\n        print(__file__)\n",
        "if __name__ in ('__main__',):\n    print(__file__)\n",
    ],
)
def test_any_other_form_runs_and_stays_checked(block: str, api_index: ApiIndex) -> None:
    assert ("dunder-access", "error") in [(c, s) for _, c, s in found(HEAD + block, api_index)]


@pytest.mark.parametrize(
    "code",
    [
        # used outside the block as well
        "import os\nfrom manim import *\nx = os.getcwd()\nif __name__ == '__main__':\n    os.system('x')\n",
        "import os\nfrom manim import *\ndef f():\n    return os\nif __name__ == '__main__':\n    os.system('x')\n",
        "import os\nfrom manim import *\nclass S(Scene):\n    path = os\nif __name__ == '__main__':\n    pass\n",
        # no launcher block at all
        "import os\nfrom manim import *\n",
        # not a launcher module, or not a plain import
        "import time\nfrom manim import *\nif __name__ == '__main__':\n    time.sleep(1)\n",
        "import os, time\nfrom manim import *\nif __name__ == '__main__':\n    os.system('x')\n",
        "from os import *\nfrom manim import *\nif __name__ == '__main__':\n    system('x')\n",
    ],
)
def test_imports_used_outside_a_launcher_block_stay_refused(code: str, api_index: ApiIndex) -> None:
    assert (1, "forbidden-import", "error") in found(code, api_index)


def test_the_renderer_drops_exactly_the_blocks_the_check_calls_launchers() -> None:
    samples = [
        "if __name__ == '__main__':\n    pass",
        "if '__main__' == __name__:\n    pass",
        'if (__name__ == "__main__"):\n    pass',
        "if __name__ == '__main__':\n    pass\nelse:\n    pass",
        "if __name__ == '__main__' and x:\n    pass",
        "if __name__ != '__main__':\n    pass",
        "if __name__ == b'__main__':\n    pass",
        "if __name__ == __name__:\n    pass",
        "if '__main__' == '__main__':\n    pass",
        "if __name__ == '__main__' == __name__:\n    pass",
        "if __name__ is '__main__':\n    pass",
        "if name == '__main__':\n    pass",
        "x = 1",
    ]
    for sample in samples:
        (stmt,) = ast.parse(sample).body
        assert is_main_block(stmt) == runner_guards.is_main_block(stmt), sample
    dropped = runner_guards.without_main_blocks(LAUNCHER, "scene.py")
    assert not any(isinstance(s, ast.If) for s in dropped.body)
    assert [type(s).__name__ for s in dropped.body][-1] == "ClassDef"


# lookups by name


def test_manims_own_lookup_examples_pass(api_index: ApiIndex) -> None:
    colors = (
        "import manim.utils.color.manim_colors as Colors\n"
        "lines = [Line(color=getattr(Colors, name.upper())) for name in ['red', 'blue']]\n"
    )
    rates = (
        "for k, v in rate_functions.__dict__.items():\n"
        "    if 'function' in str(v) and not k.startswith('__'):\n"
        "        print(v.__name__)\n"
    )
    assert found(HEAD + colors, api_index) == []
    assert found(HEAD + rates, api_index) == []


@pytest.mark.parametrize(
    "line",
    [
        "c = [getattr(XKCD, n) for n in dir(XKCD) if n.isupper()]",
        "c = getattr(X11, name, WHITE)",
        "c = getattr(color.SVGNAMES, name)",
        "c = getattr(utils.rate_functions, name)",
        "names = [k for k in manim_colors.__dict__]",
        "smooth_ok = 'smooth' in rate_functions.__dict__",
        "f = rate_functions.__dict__['smooth']",
        "f = rate_functions.__dict__.get('np')",
        "values = list(XKCD.__dict__.values())",
    ],
)
def test_computed_lookups_in_manim_name_tables_pass(line: str, api_index: ApiIndex) -> None:
    assert found(f"{HEAD}{line}\n", api_index) == []


@pytest.mark.parametrize(
    ("code", "rule"),
    [
        ("getattr(rate_functions, '__builtins__')", "dunder-access"),
        ("getattr(np, name)", "forbidden-builtin"),
        ("getattr(color, name)", "forbidden-builtin"),  # the package holds `core` too
        ("getattr(rate_functions, name=x)", "forbidden-builtin"),
        ("rate_functions.__dict__['__builtins__']", "dunder-access"),
        ("rate_functions.__dict__.get('os')", "dunder-access"),
        ("rate_functions.__dict__['smooth'] = linear", "dunder-access"),
        ("rate_functions.__dict__.update({})", "dunder-access"),
        ("d = rate_functions.__dict__", "dunder-access"),
        ("items = rate_functions.__dict__.items", "dunder-access"),
        ("for k in np.__dict__: pass", "dunder-access"),
        ("for k in utils.file_ops.__dict__: pass", "dangerous-attribute"),
        ("rate_functions = np\nfor k in rate_functions.__dict__: pass", "dunder-access"),
        ("def f(XKCD):\n    return getattr(XKCD, name)", "forbidden-builtin"),
        ("import numpy as XKCD\nc = getattr(XKCD, name)", "forbidden-builtin"),
    ],
)
def test_other_lookups_stay_refused(code: str, rule: str, api_index: ApiIndex) -> None:
    result: list[Problem] = problems(HEAD + code + "\n", api_index)
    assert rule in {p.code for p in result if p.severity == "error"}, result


def test_the_renderer_hides_the_same_modules_internals() -> None:
    assert set(runner_guards.LOOKUP_MODULES) == LOOKUP_MODULES
