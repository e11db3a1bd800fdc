"""Doc snippets for a failed render point at the API the error is about."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from agent.repair_docs import RepairDocs
from mcp_manim_docs.doc_model import DocsIndex
from tools.render.result import RenderError

CODE = """from manim import *

class A(Scene):
    def construct(self):
        ax = Axes()
        c = Circle(radiuss=2)
        g = ax.get_graph(lambda x: x)
        self.play(FadeIn(VGroup()[3]))
"""


@pytest.fixture(scope="module")
def repair_docs(index_dir: Path, docs_index: DocsIndex) -> RepairDocs:
    return RepairDocs(index_dir)  # docs_index: built into index_dir once per session


@pytest.mark.parametrize(
    ("message", "line", "expected"),
    [
        ("AttributeError: 'Axes' object has no attribute 'get_graph'", 7, "CoordinateSystem.plot("),
        (
            "TypeError: Circle.__init__() got an unexpected keyword argument 'radiuss'",
            6,
            "manim.Circle(radius",
        ),
        ("IndexError: list index out of range", 8, "manim.VGroup("),
    ],
)
def test_snippets_name_the_api_involved(
    repair_docs: RepairDocs, message: str, line: int, expected: str
) -> None:
    snippets = repair_docs.snippets(RenderError(kind="runtime", message=message, line=line), CODE)
    assert 1 <= len(snippets) <= 3
    assert any(expected in s for s in snippets), snippets
    assert not any("Error" in s.split(" — ")[0] for s in snippets)


def test_no_snippets_for_problems_docs_cannot_fix(repair_docs: RepairDocs) -> None:
    for kind in ("timeout", "resource", "environment", "unsafe"):
        error = RenderError(kind=kind, message="The render did not finish.")  # type: ignore[arg-type]
        assert repair_docs.snippets(error, CODE) == []


def test_the_docs_search_loads_only_when_a_repair_looks_something_up() -> None:
    """Most turns never look anything up: opening the backends (every `tutor` lesson command)
    leaves the docs search unloaded."""
    probe = textwrap.dedent("""
        import sys
        from agent.repair_docs import RepairDocs
        from agent.wiring import open_backends
        print("mcp_manim_docs.docs_service" in sys.modules)
    """)
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["False"]
