"""How failures are told apart: environment problems are not code bugs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tools.check import ApiIndex
from tools.render import scene_runner
from tools.render.errors import error_from_report, static_check, with_gl_hint


@pytest.mark.parametrize("tool", ["latex", "dvisvgm", "/usr/bin/xelatex"])
def test_missing_latex_tool_is_an_environment_error(tool: str) -> None:
    error = FileNotFoundError(2, "No such file or directory")
    error.filename = tool
    report = scene_runner._classify(error, "scene.py")  # pyright: ignore[reportPrivateUsage]
    assert report["kind"] == "environment"
    assert Path(tool).name in report["message"]
    assert "Not a bug in the scene" in report["hint"]


def test_missing_user_file_is_a_runtime_error() -> None:
    error = FileNotFoundError(2, "No such file or directory")
    error.filename = "picture.png"
    assert scene_runner._classify(error, "scene.py")["kind"] == "runtime"  # pyright: ignore[reportPrivateUsage]


def test_unimportable_manim_is_an_environment_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A broken install (manim or its PyAV/ffmpeg libraries) is not something to fix in the scene.
    monkeypatch.setitem(sys.modules, "manim", None)  # makes `import manim` raise ImportError
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scene.py").write_text("from manim import *\n")
    with pytest.raises(scene_runner._Failure) as failure:  # pyright: ignore[reportPrivateUsage]
        scene_runner._render({"code": "scene.py"})  # pyright: ignore[reportPrivateUsage]
    assert failure.value.payload["kind"] == "environment"
    assert "make setup" in failure.value.payload["hint"]


ACCESSOR_FALLBACK = """import types


class Text:  # what manim's Mobject.__getattr__ does with an unknown get_* name
    def __getattr__(self, name):
        def getter(self):
            return getattr(self, name[4:])
        return types.MethodType(getter, self)


part = Text().get_part_by_text("a")  # Mobject.__getattr__.<locals>.getter() takes 1 ...
"""


def test_manims_accessor_fallback_is_named_with_the_method(tmp_path: Path) -> None:
    code = tmp_path / "scene.py"
    code.write_text(ACCESSOR_FALLBACK)
    with pytest.raises(TypeError) as raised:
        exec(compile(ACCESSOR_FALLBACK, str(code), "exec"), {})
    report = scene_runner._classify(raised.value, str(code))  # pyright: ignore[reportPrivateUsage]
    assert report["line"] == 11
    assert report["message"].endswith("(line 11 calls .get_part_by_text(): not Manim CE methods)")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("AttributeError: 'Square' object has no attribute 'replicate'", "VGroup(*(mob.copy()"),
        (
            "TypeError: getter() takes 1 positional argument but 2 were given "
            "(line 7 calls .get_part_by_text(): not Manim CE methods)",
            "get_part_by_tex",
        ),
        ("NameError: name 'op' is not defined", "import operator as op"),
        ("AttributeError: 'VMobject' object has no attribute 'is_touching'", "ManimGL API"),
        ("AttributeError: 'Transform' object has no attribute 'update'", ".interpolate(alpha)"),
        (
            "TypeError: getter() takes 1 positional argument but 2 were given "
            "(line 7 calls .get_my_thing(): not Manim CE methods)",
            "get_*/set_*",
        ),
    ],
)
def test_a_render_failing_on_manimgl_api_says_so(
    message: str, expected: str, api_index: ApiIndex
) -> None:
    error = error_from_report({"kind": "runtime", "message": message, "line": 7}, "")
    hinted = with_gl_hint(error, api_index)
    assert hinted.hint and expected in hinted.hint


@pytest.mark.parametrize(
    "message",
    [
        "AttributeError: 'Text' object has no attribute 'get_part_by_tex'",
        "AttributeError: 'Camera' object has no attribute 'update'",  # not an Animation
    ],
)
def test_ce_api_on_the_wrong_object_is_not_called_manimgl(
    message: str, api_index: ApiIndex
) -> None:
    error = error_from_report({"kind": "runtime", "message": message, "hint": "x"}, "")
    assert with_gl_hint(error, api_index).hint == "x"


@pytest.mark.parametrize("kind", ["runtime", "resource", "latex", "bogus"])
def test_every_reported_error_gets_a_hint(kind: str) -> None:
    error = error_from_report({"kind": kind, "message": "ValueError: boom"}, "")
    assert error.hint and error.hint.strip()


def test_a_static_refusal_without_a_suggestion_still_hints(api_index: ApiIndex) -> None:
    code = "from manim import *\n\nclass S(Scene):\n    def construct(self):\n        qqzzxxw()\n"
    refusal, _warnings = static_check(code, api_index)
    assert refusal is not None and refusal.line == 5 and refusal.hint
