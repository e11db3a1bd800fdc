"""False-positive guard: every `.. manim::` example in the installed manim's docstrings checks clean.

The examples are read from manim's source files (never imported). A false positive blocks a
valid render, so the few examples that are refused are listed below, each with its reason.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools.check import ApiIndex, check_code

DIRECTIVE = re.compile(r"^(\s*)\.\. manim::\s*(\w+)")

# Safety refusals the examples earn honestly (they read files or the network). ColorsOverview
# (`getattr(Colors, name)`) and RateFuncExample (`rate_functions.__dict__`) pass: lookups.py.
EXPECTED_UNSAFE: dict[str, str] = {
    "mobject/geometry/labeled.py::LabeledCountryExample": "imports requests and json (network)",
}
# API problems that are real for a standalone render: manim's docs exec the examples inside
# the directive module's namespace, which happens to provide these names. Verified by hand:
# rendering the example as a file fails with the NameError.
EXPECTED_API: dict[str, str] = {
    "mobject/graph.py::CustomLayoutExample": "annotates with typing.Any without importing it",
    "mobject/opengl/opengl_mobject.py::Example": "uses OpenGLVGroup (not exported)",
    "mobject/opengl/opengl_mobject.py::ShuffleSubmobjectsExample": "uses OpenGLVGroup",
    "mobject/opengl/opengl_mobject.py::DotInterpolation": "uses OpenGLVMobject (not exported)",
    "mobject/opengl/opengl_vectorized_mobject.py::ArcShapeIris": "uses OpenGLVGroup",
    "mobject/opengl/opengl_vectorized_mobject.py::DashedVMobjectExample": "uses OpenGLVGroup",
    "mobject/opengl/opengl_vectorized_mobject.py::AddToOpenGLVGroup": "uses OpenGLVGroup",
}


def manim_source_dir() -> Path:
    spec = importlib.util.find_spec("manim")  # locates the package without importing it
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent


def _examples_in(doc: str) -> Iterator[tuple[str, str]]:
    lines = doc.splitlines()
    i = 0
    while i < len(lines):
        match = DIRECTIVE.match(lines[i])
        i += 1
        if not match:
            continue
        indent = len(match.group(1))
        block: list[str] = []
        while i < len(lines) and (
            not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent
        ):
            block.append(lines[i])
            i += 1
        body = textwrap.dedent("\n".join(block)).strip("\n").splitlines()
        while body and (not body[0].strip() or body[0].lstrip().startswith(":")):
            body.pop(0)  # directive options such as :save_last_frame:
        if body and body[0].startswith(">>> "):  # doctest-style, as manim's directive strips it
            body = [line[4:] for line in body if line.startswith((">>> ", "... "))]
        yield match.group(2), "\n".join(body)


def docstring_examples() -> dict[str, str]:
    """`relative/path.py::SceneName` (+ for repeats) -> the example's code."""
    root = manim_source_dir()
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                doc = ast.get_docstring(node)
                if doc and ".. manim::" in doc:
                    for name, body in _examples_in(doc):
                        key = f"{path.relative_to(root).as_posix()}::{name}"
                        while key in found:  # a few names repeat within a file
                            key += "+"
                        found[key] = body
    return found


EXAMPLES = docstring_examples()


def test_there_are_many_examples() -> None:
    assert len(EXAMPLES) > 300
    print(f"{len(EXAMPLES)} docstring examples")


def test_docstring_examples_have_no_false_positives(api_index: ApiIndex) -> None:
    api_flagged: dict[str, list[str]] = {}
    unsafe_flagged: set[str] = set()
    for name, body in EXAMPLES.items():
        # manim's directive prepends exactly this line before running an example.
        result = check_code("from manim import *\n" + body, api_index)
        api_problems = [p.message for p in result.problems if p.kind in ("api", "syntax")]
        if api_problems:
            api_flagged[name] = api_problems
        if any(p.kind == "unsafe" for p in result.problems):
            unsafe_flagged.add(name)
    unexpected = {k: v for k, v in api_flagged.items() if k not in EXPECTED_API}
    assert unexpected == {}, f"{len(unexpected)} of {len(EXAMPLES)} examples flagged"
    assert set(api_flagged) == set(EXPECTED_API)
    assert unsafe_flagged == set(EXPECTED_UNSAFE)


@pytest.mark.parametrize("name", sorted(EXPECTED_API))
def test_expected_api_problems_are_unknown_names(name: str, api_index: ApiIndex) -> None:
    result = check_code("from manim import *\n" + EXAMPLES[name], api_index)
    assert {p.code for p in result.problems if p.kind == "api"} == {"unknown-name"}
