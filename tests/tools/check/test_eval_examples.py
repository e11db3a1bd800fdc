"""The public eval examples: ok/ checks clean, evil/ is refused, gl/ is flagged and fixed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.conftest import eval_files
from tools.check import ApiIndex, check_code, fix_code

# file -> (line, rule, text the suggestion must contain) for each expected problem
GL_EXPECTED: dict[str, list[tuple[int, str, str]]] = {
    "axes_get_graph.py": [(7, "removed-api", "plot")],
    "method_in_play.py": [(8, "play-method", "dot.animate.move_to(RIGHT * 2)")],
    "show_creation_text.py": [(6, "removed-api", "Tex"), (7, "removed-api", "Create")],
}
EVIL_EXPECTED: dict[str, tuple[int, str]] = {
    "open_file.py": (6, "forbidden-builtin"),
    "read_env.py": (6, "dangerous-attribute"),
    "sleep_forever.py": (2, "forbidden-import"),
}


def test_every_eval_file_has_an_expectation() -> None:
    assert {p.name for p in eval_files("gl")} <= set(GL_EXPECTED)
    assert {p.name for p in eval_files("evil")} <= set(EVIL_EXPECTED)


@pytest.mark.parametrize("path", eval_files("ok"), ids=lambda p: p.name)
def test_ok_scenes_check_clean(path: Path, api_index: ApiIndex) -> None:
    result = check_code(path.read_text(), api_index)
    assert result.ok, result.problems
    assert result.problems == []


@pytest.mark.parametrize("path", eval_files("evil"), ids=lambda p: p.name)
def test_evil_scenes_are_refused_at_the_right_line(path: Path, api_index: ApiIndex) -> None:
    result = check_code(path.read_text(), api_index)
    line, code = EVIL_EXPECTED[path.name]
    assert not result.ok
    unsafe = [p for p in result.problems if p.kind == "unsafe"]
    assert [(p.line, p.code) for p in unsafe] == [(line, code)]
    assert f"line {line}" in unsafe[0].message


@pytest.mark.parametrize("path", eval_files("gl"), ids=lambda p: p.name)
def test_gl_scenes_are_flagged_with_the_ce_replacement(path: Path, api_index: ApiIndex) -> None:
    result = check_code(path.read_text(), api_index)
    found = [(p.line, p.code, p.suggestion or "") for p in result.problems]
    expected = GL_EXPECTED[path.name]
    assert [(line, code) for line, code, _ in found] == [(line, code) for line, code, _ in expected]
    for (_, _, suggestion), (_, _, replacement) in zip(found, expected, strict=True):
        assert replacement in suggestion
    assert all(p.kind == "api" and p.fixable for p in result.problems)


@pytest.mark.parametrize("path", eval_files("gl"), ids=lambda p: p.name)
def test_gl_scenes_are_fixed_completely(path: Path, api_index: ApiIndex) -> None:
    fixed = fix_code(path.read_text(), api_index)
    assert fixed.remaining == []
    assert len(fixed.changes) == len(GL_EXPECTED[path.name])
    compile(fixed.code, path.name, "exec")
    assert check_code(fixed.code, api_index).ok
    assert fix_code(fixed.code, api_index).code == fixed.code
