"""False-alarm guard for the layout audit: manim's own docstring examples that show text render
with an empty layout list, except the few that truly look wrong, each named with the reason.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from tests.tools.check.test_docstring_examples import EXAMPLES, EXPECTED_API, EXPECTED_UNSAFE
from tools.render.engine import EngineConfig, RenderEngine
from tools.render.result import RenderOk
from tools.storage.local import LocalStorage

pytestmark = pytest.mark.render

# Examples with text-like content (the audit judges text; the others have nothing to report).
SHOWS_TEXT = re.compile(
    r"Text\(|Tex\(|MathTex|DecimalNumber|Integer\(|Table|Code\(|Paragraph|get_axis_labels"
    r"|add_coordinates|include_numbers|BarChart|Title\(|get_tex|get_text"
)
# Seen on the posters: these examples do show what the audit reports.
EXPECTED_LAYOUT = {
    "mobject/geometry/tips.py::ArrowTipsShowcase": (
        "off_frame",
        "two right-aligned tip names start past the left edge",
    ),
    "mobject/mobject.py::AlwaysExample": (
        "off_frame",
        "the label follows the square to the right edge and runs off it",
    ),
    "mobject/mobject.py::SetZIndex": (
        "overlap",
        "a z-order demo: filled shapes are drawn through and over its two texts on purpose",
    ),
    "utils/debug.py::IndexLabelsExample": (
        "overlap",
        "index_labels() writes debug numbers over a formula's glyphs, by design",
    ),
}


def examples_with_text() -> dict[str, str]:
    skip = {*EXPECTED_API, *EXPECTED_UNSAFE}
    return {
        name: "from manim import *\n" + code
        for name, code in EXAMPLES.items()
        if name not in skip and "opengl" not in name.lower() and SHOWS_TEXT.search(code)
    }


def test_the_named_examples_exist() -> None:
    assert set(EXPECTED_LAYOUT) <= set(examples_with_text())
    assert len(examples_with_text()) > 100


def test_docstring_examples_have_no_layout_false_alarms(
    tmp_path_factory: pytest.TempPathFactory, index_dir: Path
) -> None:
    data = tmp_path_factory.mktemp("layout-docs")
    engine = RenderEngine(
        EngineConfig(data_dir=data, workers=2, timeout_s=120.0, api_index_dir=index_dir),
        LocalStorage(data / "cache"),
    )
    examples = examples_with_text()

    async def render_all() -> list[object]:
        renders = (engine.render(code, use_cache=False) for code in examples.values())
        return await asyncio.gather(*renders)

    results = dict(zip(examples, asyncio.run(render_all()), strict=True))
    rendered = {name: r for name, r in results.items() if isinstance(r, RenderOk)}
    assert len(rendered) > 0.9 * len(examples)  # "that renders today": nearly all of them
    flagged = {name: {i.kind for i in r.layout} for name, r in rendered.items() if r.layout}
    expected = {name: {kind} for name, (kind, _) in EXPECTED_LAYOUT.items()}
    assert flagged == expected, {k: rendered[k].layout for k in set(flagged) - set(expected)}
