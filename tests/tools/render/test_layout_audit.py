"""The layout audit in real renders: every planted defect is reported with its kind, and good
scenes (the public ok examples and our own hard cases) give an empty list.

All scenes render once, two at a time, in one engine for the module: a render is seconds.
"""

from __future__ import annotations

import asyncio
import csv
from pathlib import Path

import pytest

from tests.tools.conftest import EVAL, eval_files
from tools.render.cache import cache_key
from tools.render.engine import EngineConfig, RenderEngine
from tools.render.result import RenderOk
from tools.storage.local import LocalStorage

pytestmark = pytest.mark.render

OURS = Path(__file__).with_name("layout_scenes")
CLEAN = [*eval_files("ok"), *sorted(OURS.glob("clean_*.py"))]
# Our planted defects name their kind in the file name: off_frame_right.py → off_frame.
KINDS = ("off_frame", "overlap", "too_small")
PLANTED = sorted(p for p in OURS.glob("*.py") if p.name.startswith(KINDS))
BREAKS = OURS / "audit_breaks.py"  # scene code that makes the audit itself raise


def expected_kinds() -> dict[Path, set[str]]:
    """EXPECTED.tsv of the public layout examples: file → the kinds any of which must show."""
    with (EVAL / "layout" / "EXPECTED.tsv").open() as f:
        rows = list(csv.reader(f, delimiter="\t"))
    expected = {EVAL / "layout" / row[0]: set(row[1].replace(",", " ").split()) for row in rows[1:]}
    assert set(expected) == set(eval_files("layout")), "EXPECTED.tsv and the files disagree"
    return expected


def planted_kind(path: Path) -> str:
    return next(kind for kind in KINDS if path.name.startswith(kind))


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory, index_dir: Path) -> dict[Path, RenderOk]:
    data = tmp_path_factory.mktemp("layout-audit")
    engine = RenderEngine(
        EngineConfig(data_dir=data, workers=2, timeout_s=120.0, api_index_dir=index_dir),
        LocalStorage(data / "cache"),
    )
    files = [*expected_kinds(), *PLANTED, *CLEAN, BREAKS]

    async def render_all() -> list[object]:
        return await asyncio.gather(*(engine.render(p.read_text(), use_cache=False) for p in files))

    rendered = asyncio.run(render_all())
    for path, result in zip(files, rendered, strict=True):
        assert isinstance(result, RenderOk), f"{path.name}: {result}"
    return {p: r for p, r in zip(files, rendered, strict=True) if isinstance(r, RenderOk)}


@pytest.mark.parametrize(
    ("scene", "kinds"), sorted(expected_kinds().items()), ids=lambda v: getattr(v, "name", "")
)
def test_each_public_layout_example_is_reported_with_its_kind(
    scene: Path, kinds: set[str], results: dict[Path, RenderOk]
) -> None:
    found = results[scene].layout
    assert {item.kind for item in found} & kinds, found
    for item in found:  # enough to act on: where, what, and how to fix it
        assert item.line is not None and item.objects and item.message.endswith(".")


@pytest.mark.parametrize("scene", PLANTED, ids=lambda p: p.name)
def test_each_planted_defect_is_reported(scene: Path, results: dict[Path, RenderOk]) -> None:
    found = results[scene].layout
    assert planted_kind(scene) in {item.kind for item in found}, found


@pytest.mark.parametrize("scene", CLEAN, ids=lambda p: p.name)
def test_good_scenes_give_an_empty_list(scene: Path, results: dict[Path, RenderOk]) -> None:
    assert results[scene].layout == []


def test_an_item_names_the_line_the_objects_and_when(results: dict[Path, RenderOk]) -> None:
    [item] = results[EVAL / "layout" / "two_words_overlap.py"].layout
    assert item.kind == "overlap" and item.at_s == pytest.approx(1.0, abs=0.1)
    assert item.line in (6, 7)  # the lines that made and placed the two Texts
    assert item.objects == ["Text('denominator')", "Text('numerator')"]
    assert "next_to" in item.message and "buff" in item.message


def test_an_overlap_mid_scene_counts_though_it_moves_apart(results: dict[Path, RenderOk]) -> None:
    [item] = results[OURS / "overlap_moves_apart.py"].layout
    assert item.kind == "overlap" and item.at_s < 2.0  # seen before the end of the scene


def test_an_animated_move_names_the_line_that_moved_it(results: dict[Path, RenderOk]) -> None:
    [item] = results[OURS / "off_frame_animated_shift.py"].layout
    assert item.kind == "off_frame" and item.line == 8  # `t.animate.shift(…)`, not `Text(…)`


def test_a_too_small_label_says_how_big_it_is(results: dict[Path, RenderOk]) -> None:
    [item] = results[EVAL / "layout" / "tiny_label.py"].layout
    assert item.line == 7 and "px" in item.message and "font_size" in item.message


def test_an_audit_that_breaks_never_fails_the_render(results: dict[Path, RenderOk]) -> None:
    assert results[BREAKS].duration_s > 0  # rendered; the audit stopped and said so on stderr


async def test_the_audit_can_be_turned_off(tmp_path: Path, index_dir: Path) -> None:
    """TUTOR_LAYOUT_AUDIT=0 (for the benchmark): no items, and no clip shared with audited ones."""
    code = (EVAL / "layout" / "two_words_overlap.py").read_text()
    config = EngineConfig(data_dir=tmp_path, workers=1, api_index_dir=index_dir, layout_audit=False)
    engine = RenderEngine(config, LocalStorage(tmp_path / "cache"))
    result = await engine.render(code)
    assert isinstance(result, RenderOk) and result.layout == []
    on = cache_key(code, None, "low", engine.manim_version)
    assert cache_key(code, None, "low", engine.manim_version, layout_audit=False) != on
