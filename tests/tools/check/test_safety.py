"""Safety rules: what scene code may import, call and touch."""

from __future__ import annotations

import pytest

from tests.tools.check.helpers import problems, scene
from tools.check import ApiIndex, check_code
from tools.check.safety_rules import module_allowed

BODY = 6  # line of the first body line in `scene(...)`


def unsafe(code: str, index: ApiIndex) -> list[tuple[int, str]]:
    return [(p.line, p.code) for p in problems(code, index) if p.kind == "unsafe"]


@pytest.mark.parametrize(
    "statement",
    [
        "import os",
        "import os.path",
        "from os import path",
        "import subprocess as sp",
        "import sys",
        "import socket",
        "import time",
        "from pathlib import Path",
        "import shutil",
        "import importlib",
        "import ctypes",
        "import pickle",
        "import builtins",
        "import io",
        "import urllib.request",
        "import requests",
        "import threading",
        "import tempfile",
        "import glob",
        "import manim.utils.file_ops",
        "from manim.utils.file_ops import *",
        "from manim.utils import file_ops",
        "from manim.utils.commands import capture",
        "import manim._config",
        "from manim import _config",
        "from manim import cli",
        "import manim.cli",
        "from manim.scene import scene_file_writer",
        "import numpy.ctypeslib",
        "from numpy import load",
        "from numpy import lib",
        "from scipy import io",
        "import networkx.readwrite",
        "from manim import capture",
        "from . import helpers",
    ],
)
def test_forbidden_imports_are_refused_at_their_line(statement: str, api_index: ApiIndex) -> None:
    code = f"from manim import *\n{statement}\n"
    found = [p for p in problems(code, api_index) if p.kind == "unsafe"]
    assert [(p.line, p.code) for p in found] == [(2, "forbidden-import")]
    assert found[0].message.startswith("line 2: ")
    assert "not allowed in scene code" in found[0].message


def test_import_message_names_the_module(api_index: ApiIndex) -> None:
    (problem,) = problems("import subprocess\n", api_index)
    assert problem.message == "line 1: import of subprocess is not allowed in scene code"
    assert problem.suggestion


def test_time_import_suggests_self_wait(api_index: ApiIndex) -> None:
    (problem,) = problems("import time\n", api_index)
    assert "self.wait" in (problem.suggestion or "")


@pytest.mark.parametrize(
    "statement",
    [
        "from __future__ import annotations",
        "import numpy as np",
        "import numpy.linalg",
        "from numpy.random import default_rng",
        "import math, cmath, random, itertools, functools, operator",
        "from collections import defaultdict, OrderedDict",
        "from collections.abc import Iterable",
        "from typing import Callable",
        "from dataclasses import dataclass",
        "from fractions import Fraction",
        "from decimal import Decimal",
        "import statistics, string, colorsys, enum, copy, abc, re, textwrap, heapq, bisect",
        "from scipy.integrate import quad",
        "import scipy.special",
        "import networkx as nx",
        "from manim.mobject.geometry.arc import Circle",
        "from manim.animation.creation import Create",
        "from manim.utils import rate_functions",
        "from manim.utils.color import RED",
        "from manim import Scene, Circle, config",
        "import manim",
    ],
)
def test_allowed_imports_pass(statement: str, api_index: ApiIndex) -> None:
    assert unsafe(f"{statement}\n", api_index) == []


def test_module_allowed_table() -> None:
    assert module_allowed("manim")
    assert module_allowed("manim.mobject.text.tex_mobject")
    assert not module_allowed("manim.utils.file_ops")
    assert not module_allowed("manim._config")
    assert not module_allowed("numpy._core")
    assert not module_allowed("os")


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ('open("/etc/passwd")', "forbidden-builtin"),
        ('eval("1 + 1")', "forbidden-builtin"),
        ('exec("x = 1")', "forbidden-builtin"),
        ('compile("1", "f", "eval")', "forbidden-builtin"),
        ('__import__("os")', "forbidden-builtin"),
        ("globals()", "forbidden-builtin"),
        ("locals()", "forbidden-builtin"),
        ("vars(self)", "forbidden-builtin"),
        ('setattr(self, "x", 1)', "forbidden-builtin"),
        ('delattr(self, "x")', "forbidden-builtin"),
        ("breakpoint()", "forbidden-builtin"),
        ("input()", "forbidden-builtin"),
        ("exit()", "forbidden-builtin"),
        ("quit()", "forbidden-builtin"),
        ("help(Circle)", "forbidden-builtin"),
        ("memoryview(b'x')", "forbidden-builtin"),
        ("reader = open", "forbidden-builtin"),
        ('open_file("x.mp4")', "forbidden-name"),
        ('capture("ls")', "forbidden-name"),
        ('guarantee_empty_existence("/tmp")', "forbidden-name"),
    ],
)
def test_forbidden_builtins_and_helpers(line: str, code: str, api_index: ApiIndex) -> None:
    assert (BODY, code) in unsafe(scene(line), api_index)


def test_getattr_with_a_constant_name_is_judged_as_the_attribute(api_index: ApiIndex) -> None:
    # `getattr(obj, "name")` is `obj.name`: refused exactly when the attribute would be.
    assert unsafe(scene('f = getattr(self, "__globals__")'), api_index) == [(BODY, "dunder-access")]
    found = unsafe(scene('f = getattr(np, "load")'), api_index)
    assert found == [(BODY, "dangerous-attribute")]
    assert unsafe(scene('f = getattr(config, "_d")'), api_index) == [(BODY, "config-cap")]
    assert unsafe(scene('c = getattr(self, "camera", None)'), api_index) == []


@pytest.mark.parametrize(
    "expression",
    [
        "getattr(self, name)",
        "getattr(np, name)",
        'getattr(self, "x" + "y")',
        'getattr(self, name="x")',
        "get = getattr",
        "list(map(getattr, [self], ['camera']))",
    ],
)
def test_getattr_with_a_computed_name_is_refused(expression: str, api_index: ApiIndex) -> None:
    assert (BODY, "forbidden-builtin") in unsafe(scene(expression), api_index)


def test_print_and_ordinary_builtins_are_allowed(api_index: ApiIndex) -> None:
    code = scene("print(len([1, 2]), sorted({3, 1}), isinstance(1, int), range(3), zip([], []))")
    assert unsafe(code, api_index) == []


@pytest.mark.parametrize(
    "expression",
    [
        "().__class__.__bases__[0].__subclasses__()",
        "self.__class__",
        "self.__dict__",
        "Circle.__init__.__globals__",
        "Circle.__mro__",
        "x = __builtins__",
        "print(__file__)",
        "__loader__",
        "__spec__",
    ],
)
def test_dunder_access_is_refused(expression: str, api_index: ApiIndex) -> None:
    found = unsafe(scene(expression), api_index)
    assert found
    assert all(line == BODY for line, _ in found)
    assert {code for _, code in found} <= {"dunder-access", "forbidden-builtin"}


def test_subclasses_escape_reports_each_dunder_once(api_index: ApiIndex) -> None:
    found = unsafe(scene("().__class__.__bases__[0].__subclasses__()"), api_index)
    assert found == [(BODY, "dunder-access"), (BODY, "dunder-access")]


def test_allowed_dunders(api_index: ApiIndex) -> None:
    code = (
        "from manim import *\n\n\n"
        "class Labeled(VGroup):\n"
        "    def __init__(self, **kwargs):\n"
        "        super().__init__(**kwargs)\n"
        "        self.label = type(self).__name__\n\n\n"
        'if __name__ == "__main__":\n'
        "    print('run me with manim')\n"
    )
    assert unsafe(code, api_index) == []


@pytest.mark.parametrize(
    ("expression", "reached"),
    [
        ('utils.file_ops.os.system("ls")', "file_ops"),
        ("dict(utils.file_ops.os.environ)", "file_ops"),
        ('np.load("data.npy")', "load"),
        ('np.save("x.npy", np.zeros(3))', "save"),
        ('np.loadtxt("x.csv")', "loadtxt"),
        ("np.zeros(3).tofile('x')", "tofile"),
        ("np.ctypeslib", "ctypeslib"),
        ('config.get_dir("media_dir").iterdir()', "iterdir"),
        ("frame.f_globals", "f_globals"),
        ("(x for x in []).gi_frame.f_back", "gi_frame"),
        ('operator.attrgetter("x")', "attrgetter"),
        ("scene.scene_file_writer.shutil.rmtree", "shutil"),
        ("utils.commands.capture", "commands"),
    ],
)
def test_dangerous_attributes_are_refused(
    expression: str, reached: str, api_index: ApiIndex
) -> None:
    (problem,) = [p for p in problems(scene(expression), api_index) if p.kind == "unsafe"]
    assert (problem.line, problem.code) == (BODY, "dangerous-attribute")
    assert f"reaches {reached}" in problem.message


def test_format_string_escapes_are_refused(api_index: ApiIndex) -> None:
    found = unsafe(scene('text = "{0.__init__.__globals__}".format(self)'), api_index)
    assert found == [(BODY, "dunder-access")]


def test_docstrings_mentioning_dunders_are_inert(api_index: ApiIndex) -> None:
    code = scene('"""Uses __dict__ internally (just a docstring)."""\nself.add(Circle())')
    assert unsafe(code, api_index) == []


def test_match_class_patterns_cannot_read_dunders(api_index: ApiIndex) -> None:
    code = scene("match self:\n    case object(__class__=cls):\n        pass")
    assert (BODY + 1, "dunder-access") in unsafe(code, api_index)


@pytest.mark.parametrize(
    "statement",
    [
        "config.pixel_width = 3840",
        "config.pixel_height = 2160",
        "config.frame_rate = 120",
        "config.quality = 'production_quality'",
        "config.media_dir = '/tmp/elsewhere'",
        "config.output_file = 'x'",
        'config["pixel_width"] = 3840',
        "config.frame_rate += 60",
        "config.pixel_width, config.pixel_height = 1, 1",
        "config.update({'pixel_width': 3840})",
        "with tempconfig({'frame_rate': 120}):\n    pass",
    ],
)
def test_render_caps_cannot_be_raised(statement: str, api_index: ApiIndex) -> None:
    found = [p for p in problems(scene(statement), api_index) if p.kind == "unsafe"]
    assert found
    assert {(p.line, p.code) for p in found} == {(BODY, "config-cap")}
    assert "quality preset" in (found[0].message + (found[0].suggestion or ""))


def test_scene_settings_may_change(api_index: ApiIndex) -> None:
    code = scene("config.background_color = WHITE\nconfig.frame_width = 16\nw = config.pixel_width")
    assert unsafe(code, api_index) == []


def test_columns_count_characters_on_non_ascii_lines(api_index: ApiIndex) -> None:
    code = scene('t = Text("héllo wörld ✓"); f = open("x")')
    (problem,) = [p for p in problems(code, api_index) if p.kind == "unsafe"]
    line = code.splitlines()[BODY - 1]
    assert line[problem.col :].startswith("open(")


def test_safety_can_be_switched_off(api_index: ApiIndex) -> None:
    code = scene('open("x")')
    assert unsafe(code, api_index)
    assert check_code(code, api_index, safety=False).ok


@pytest.mark.parametrize(
    "tex",
    [
        r'Tex(r"\input{/etc/passwd}")',
        r'MathTex(r"\include{secret}")',
        r'Tex(r"\openin5=/etc/hostname \read5 to \x \x")',
        r'Tex(r"\immediate\write18{ls}")',
        r'Tex(r"\verbatiminput{/etc/passwd}")',
        r'Tex(r"^^5cinput{/etc/passwd}")',
        r'Tex(r"\csname input\endcsname{/etc/passwd}")',
    ],
)
def test_latex_that_reads_files_is_refused(tex: str, api_index: ApiIndex) -> None:
    assert (BODY, "latex-file-access") in unsafe(scene(f"t = {tex}"), api_index)


def test_ordinary_latex_is_fine(api_index: ApiIndex) -> None:
    body = (
        r't = MathTex(r"\int_0^1 \frac{x^2}{2}\,dx = \mathbb{R} \cdot \left( a \right)")'
        "\n"
        r'u = Tex(r"\textbf{Bold} \emph{it} \includegraphics \readable", tex_environment="center")'
    )
    assert unsafe(scene(body), api_index) == []


@pytest.mark.parametrize(
    "call",
    [
        'Code(code_file="/etc/passwd")',
        'ImageMobject("../secrets/key.png")',
        'SVGMobject("~/.ssh/id_rsa")',
        'self.add_sound("/dev/urandom")',
    ],
)
def test_file_readers_cannot_leave_the_scene_folder(call: str, api_index: ApiIndex) -> None:
    assert (BODY, "file-access") in unsafe(scene(call), api_index)


def test_file_readers_with_local_names_are_fine(api_index: ApiIndex) -> None:
    body = 'img = ImageMobject("assets/logo.png")\nself.add_sound("click.wav")'
    assert unsafe(scene(body), api_index) == []
