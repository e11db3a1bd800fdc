"""check_code must be fast enough to run on every agent turn."""

from __future__ import annotations

import time

from mcp_manim_docs.api_index import ApiIndex
from mcp_manim_docs.validator import check_code
from tests.mcp_manim_docs.helpers import DATA

BUDGET_S = 0.050


def test_a_hundred_line_scene_checks_well_under_fifty_ms(api_index: ApiIndex) -> None:
    code = (DATA / "long_scene.py").read_text()
    assert 90 <= len(code.splitlines()) <= 110
    assert check_code(code, api_index).ok  # warm-up, and the scene must be clean
    timings: list[float] = []
    for _ in range(15):
        start = time.perf_counter()
        check_code(code, api_index)
        timings.append(time.perf_counter() - start)
    median = sorted(timings)[len(timings) // 2]
    print(f"check_code on a {len(code.splitlines())}-line scene: {median * 1000:.1f} ms")
    assert median < BUDGET_S
