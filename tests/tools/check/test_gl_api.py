"""The ManimGL API table: built from ManimGL's source by `ast`, committed with its provenance."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tools.check.gl_api import TABLE, load_gl_api
from tools.check.gl_api_build import build

FAKE_MANIMLIB = {
    "manimlib/__init__.py": (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from manimlib.typing import *\n"
        "from manimlib.constants import *\n"
        "from manimlib.mobject.mobject import *\n"
    ),
    "manimlib/typing.py": "Hidden = int\n",
    "manimlib/constants.py": (
        "import numpy as np\nfrom typing import TypeVar\nT = TypeVar('T')\n"
        "X_COLOR = '#00FF00'\n_PRIVATE = 1\n"
    ),
    "manimlib/mobject/mobject.py": (
        "import operator as op\nfrom functools import reduce\n"
        "from manimlib.constants import X_COLOR\n"
        "class Mobject:\n"
        "    def replicate(self, n): ...\n"
        "    def copy(self): ...\n"  # a list method too: left out
        "    @property\n    def always(self): ...\n"
        "class Square(Mobject):\n    def get_side(self): ...\n"
        "class Helper:\n    def not_a_mobject_method(self): ...\n"
        "def get_norm(v): ...\n"
    ),
}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_the_builder_reads_what_the_star_import_binds(tmp_path: Path) -> None:
    for path, text in FAKE_MANIMLIB.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "fake")
    table = build(tmp_path / ".git", ("HEAD",))
    names = table["names"]
    assert isinstance(names, dict)
    assert names["Mobject"] == "class" and names["Square"] == "class"
    assert names["get_norm"] == "function" and names["X_COLOR"] == "constant"
    assert names["op"] == "module" and names["reduce"] == "function"
    assert names["Helper"] == "class"  # exported, though no mobject: its methods are not listed
    for hidden in ("Hidden", "T", "TYPE_CHECKING", "_PRIVATE", "TypeVar"):
        assert hidden not in names, hidden
    assert table["imports"] == {
        "np": "import numpy as np",
        "op": "import operator as op",
        "reduce": "from functools import reduce",
    }
    assert table["methods"] == {
        "always": ["Mobject"],
        "get_side": ["Square"],
        "replicate": ["Mobject"],
    }
    sources = table["sources"]
    assert isinstance(sources, list) and len(sources[0]["commit"]) == 40
    assert "MIT" in str(table["about"])


def test_the_committed_table_names_its_source_and_licence() -> None:
    data = json.loads(TABLE.read_text())
    assert data["license"] == "MIT" and data["repository"] == "https://github.com/3b1b/manim"
    assert all(len(s["commit"]) == 40 for s in data["sources"])
    assert "3Blue1Brown" in data["about"] and "gl_api_build.py" in data["about"]


def test_the_table_knows_the_manimgl_api_the_issue_names() -> None:
    gl = load_gl_api()
    assert len(gl.names) > 800 and len(gl.methods) > 1000
    assert gl.names["Tex"] == "class" and gl.names["TexText"] == "class"
    assert gl.names["X_COLOR"] == "constant"
    assert gl.imports["op"] == "import operator as op"
    assert {"replicate", "get_part_by_text", "make_number_changeable"} <= set(gl.methods)
    assert gl.owner("replicate") == "Mobject"
    assert "append" not in gl.methods and "copy" not in gl.methods  # list methods: left out
