"""Unsafe code that rendering the named scene never runs is a warning; what runs stays refused."""

from __future__ import annotations

from tools.check import ApiIndex, check_code

FILE = """import os
from manim import *


class Duck(SVGMobject):
    def __init__(self, name, **kwargs):
        super().__init__(file_name=os.path.join("images", name), **kwargs)


class Plain(Scene):
    def construct(self):
        self.play(Create(Circle()))


class Ducks(Scene):
    def construct(self):
        self.add(Duck("duck.svg"))


class Launcher(Scene):
    def construct(self):
        os.system("echo hi")
"""


def _errors(code: str, index: ApiIndex, scene: str | None) -> list[str]:
    problems = check_code(code, index, scene=scene).problems
    return [p.message for p in problems if p.severity == "error"]


def test_an_import_used_only_by_other_scenes_does_not_block_the_named_one(
    api_index: ApiIndex,
) -> None:
    checked = check_code(FILE, api_index, scene="Plain")
    assert checked.ok
    warnings = [p.message for p in checked.problems if p.severity == "warning"]
    assert any("import of os" in w and "never runs" in w for w in warnings)
    assert any("os.system" in w or "system" in w for w in warnings)


def test_the_scene_that_uses_it_and_a_file_without_a_scene_stay_refused(
    api_index: ApiIndex,
) -> None:
    assert any("import of os" in e for e in _errors(FILE, api_index, "Ducks"))
    assert _errors(FILE, api_index, "Launcher")
    assert any("import of os" in e for e in _errors(FILE, api_index, None))


def test_an_escape_attempt_is_refused_even_where_it_would_not_run(api_index: ApiIndex) -> None:
    code = FILE.replace('os.system("echo hi")', 'open("/etc/passwd")')
    assert any("open" in e for e in _errors(code, api_index, "Plain"))


def test_module_level_code_runs_for_every_scene(api_index: ApiIndex) -> None:
    code = FILE.replace("class Plain(Scene):", 'os.system("id")\n\n\nclass Plain(Scene):')
    assert _errors(code, api_index, "Plain")


def test_platform_in_a_launcher_block_is_a_warning(api_index: ApiIndex) -> None:
    code = (
        "import platform\nfrom manim import *\n\n\nclass A(Scene):\n    def construct(self):\n"
        '        self.add(Dot())\n\n\nif __name__ == "__main__":\n'
        '    if platform.system() == "Windows":\n        pass\n'
    )
    checked = check_code(code, api_index)
    assert checked.ok, checked.problems
    assert any(p.severity == "warning" for p in checked.problems)
