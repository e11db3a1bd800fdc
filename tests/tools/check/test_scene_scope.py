"""check_code(..., scene=X): API problems in code that rendering X never runs are warnings."""

from __future__ import annotations

from pathlib import Path

from tools.check import ApiIndex, Problem, check_code

TWO_SCENES = (Path(__file__).parent / "data" / "two_scenes.py").read_text()


def found(code: str, index: ApiIndex, scene: str | None) -> list[tuple[int, str, str]]:
    return [(p.line, p.code, p.severity) for p in check_code(code, index, scene=scene).problems]


def errors(code: str, index: ApiIndex, scene: str | None) -> list[Problem]:
    return [p for p in check_code(code, index, scene=scene).problems if p.severity == "error"]


def test_old_api_in_another_scene_only_warns(api_index: ApiIndex) -> None:
    result = check_code(TWO_SCENES, api_index, scene="Clean")
    assert result.ok
    assert [(p.line, p.code, p.severity) for p in result.problems] == [
        (5, "removed-api", "warning"),
        (5, "removed-kwarg", "warning"),
        (17, "removed-kwarg", "warning"),
        (18, "removed-api", "warning"),
    ]
    by_line = {p.line: p.message for p in result.problems}
    assert "OldApi.construct() of another scene, which is not rendered" in by_line[17]
    assert "old_graph(), which scene Clean does not use" in by_line[5]
    assert all(p.kind == "api" for p in result.problems)


def test_the_scene_that_uses_old_api_is_refused(api_index: ApiIndex) -> None:
    assert found(TWO_SCENES, api_index, "OldApi") == [
        (5, "removed-api", "error"),  # old_graph() is called by OldApi
        (5, "removed-kwarg", "error"),
        (17, "removed-kwarg", "error"),
        (18, "removed-api", "error"),
    ]


def test_without_a_scene_or_with_an_unknown_one_the_whole_file_counts(
    api_index: ApiIndex,
) -> None:
    whole = found(TWO_SCENES, api_index, None)
    assert whole and all(severity == "error" for _, _, severity in whole)
    assert found(TWO_SCENES, api_index, "NoSuchScene") == whole
    assert found(TWO_SCENES, api_index, "old_graph") == whole  # a function, not a scene


MIXED = """from manim import *

x = ShowCreation


def helper():
    return ShowCreation


class Base(Scene):
    def setup(self):
        self.thing = TextMobject("a")


class Shown(Base):
    def construct(self):
        self.add(helper())


class Other(Scene):
    anim = ShowCreation

    def construct(self, a=TextMobject("b")):
        return ShowCreation
"""


def test_what_runs_keeps_its_errors(api_index: ApiIndex) -> None:
    # Module-level code, bases, helpers the scene calls, class bodies and default values of
    # every class (they run when the module is imported) stay errors; only Other's body warns.
    assert found(MIXED, api_index, "Shown") == [
        (3, "removed-api", "error"),
        (7, "removed-api", "error"),
        (12, "removed-api", "error"),
        (21, "removed-api", "error"),
        (23, "removed-api", "error"),
        (24, "removed-api", "warning"),
    ]


def test_a_base_class_runs_only_with_its_subclass(api_index: ApiIndex) -> None:
    lines = {line: severity for line, _, severity in found(MIXED, api_index, "Other")}
    assert (lines[7], lines[12], lines[24]) == ("warning", "warning", "error")


def test_an_unknown_name_is_reported_where_it_runs_too(api_index: ApiIndex) -> None:
    code = (
        "from manim import *\n\n\nclass First(Scene):\n    def construct(self):\n"
        "        self.add(undefined_thing)\n\n\nclass Second(Scene):\n"
        "    def construct(self):\n        self.add(undefined_thing)\n"
    )
    assert found(code, api_index, "Second") == [
        (6, "unknown-name", "warning"),
        (11, "unknown-name", "error"),
    ]
    assert found(code, api_index, None) == [(6, "unknown-name", "error")]


def test_a_helper_class_the_scene_uses_keeps_its_errors(api_index: ApiIndex) -> None:
    code = (
        "from manim import *\n\n\nclass Widget(VGroup):\n    def grow(self):\n"
        "        return self.scale_in_place(2)\n\n\nclass Unused(VGroup):\n"
        "    def grow(self):\n        return self.scale_in_place(2)\n\n\n"
        "class Shown(Scene):\n    def construct(self):\n        self.add(Widget().grow())\n"
    )
    assert found(code, api_index, "Shown") == [
        (6, "removed-api", "error"),
        (11, "removed-api", "warning"),
    ]
    (warning,) = [p for p in check_code(code, api_index, scene="Shown").problems if p.line == 11]
    assert "Unused.grow(), which scene Shown does not use" in warning.message


def test_unsafe_code_is_refused_in_any_scene(api_index: ApiIndex) -> None:
    code = (
        "from manim import *\n\n\nclass Shown(Scene):\n    def construct(self):\n"
        "        self.add(Dot())\n\n\nclass Other(Scene):\n    def construct(self):\n"
        "        open('/etc/passwd')\n"
    )
    (problem,) = errors(code, api_index, "Shown")
    assert (problem.line, problem.kind) == (11, "unsafe")


def test_a_body_on_the_def_line_is_told_apart_from_the_header(api_index: ApiIndex) -> None:
    code = (
        "from manim import *\n\n\nclass Shown(Scene):\n    def construct(self):\n"
        "        self.add(Dot())\n\n\nclass Other(Scene):\n"
        "    def construct(self, a=ShowCreation): return TextMobject('x')\n"
    )
    assert found(code, api_index, "Shown") == [
        (10, "removed-api", "error"),  # the default value runs at import
        (10, "removed-api", "warning"),  # the body does not
    ]
