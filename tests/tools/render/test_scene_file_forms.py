"""Real scene files that raw manim renders, and the renderer now renders too: module-level
config writes, `if __name__ == "__main__":` launchers, manim's name-table lookups."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.tools.check.test_docstring_examples import EXAMPLES
from tests.tools.conftest import CANARY, local_files
from tests.tools.media.helpers import probe_video
from tools.render.engine import RenderEngine
from tools.render.result import RenderFailed, RenderOk

pytestmark = pytest.mark.render

TUTORIAL = """import os
from manim import *

config.pixel_height = 1080
config.pixel_width = 1920
config.frame_rate = 60
config.disable_caching = True
config.background_color = "#102030"


class Hello(Scene):
    def construct(self):
        self.play(Create(Circle()), run_time=0.4)


if __name__ == "__main__":
    os.system(f"manim -pqh {__file__} Hello")
    raise SystemExit("the launcher block ran")
"""


def ok(result: RenderOk | RenderFailed) -> RenderOk:
    assert isinstance(result, RenderOk), result
    return result


@pytest.mark.parametrize("validate", [True, False], ids=["with-static-checks", "sandbox-only"])
async def test_a_tutorial_file_renders_at_the_presets_caps(
    validate: bool, make_engine: Callable[..., RenderEngine]
) -> None:
    engine = make_engine(workers=1)
    result = ok(await engine.render(TUTORIAL, validate=validate, use_cache=False))
    video, _ = await local_files(engine, result)
    info = probe_video(video)
    assert (info.width, info.height, info.fps) == (854, 480, 15.0)  # the low preset
    if validate:
        warnings = "\n".join(result.warnings)
        assert "config.pixel_height is set by the renderer" in warnings
        assert "config.disable_caching" in warnings
        assert "`import os` is used only inside" in warnings
        assert "manim never runs" in warnings


async def test_a_launcher_block_never_runs_even_when_name_is_rebound(
    make_engine: Callable[..., RenderEngine],
) -> None:
    # The runner removes the block itself; `__name__` is restored so the scene is still found.
    code = (
        TUTORIAL.replace(
            'if __name__ == "__main__":',
            'saved = __name__\n__name__ = "__main__"\nif __name__ == "__main__":',
        )
        + "__name__ = saved\n"
    )
    engine = make_engine(workers=1)
    ok(await engine.render(code, validate=False, use_cache=False))


async def test_set_inside_the_scene_resolution_is_still_refused(
    make_engine: Callable[..., RenderEngine],
) -> None:
    code = TUTORIAL.replace("self.play(", "config.pixel_height = 1080\n        self.play(")
    result = await make_engine(workers=1).render(code, validate=False, use_cache=False)
    assert isinstance(result, RenderFailed) and result.error.kind == "resource", result


LOOKUP_PROBE = """from manim import *


class Probe(Scene):
    def construct(self):
        reached = [k for k in rate_functions.__dict__ if k.startswith("__b") or k.startswith("__l")]
        for name in ["__built" + "ins__", "__load" + "er__", "__sp" + "ec__"]:
            if getattr(XKCD, name, None) is not None or getattr(rate_functions, name, None):
                reached.append(name)
        for k, v in rate_functions.__dict__.items():
            if isinstance(v, dict) and "open" in v:
                reached.append(v["open"]("/proc/self/environ").read())
        if reached:
            raise RuntimeError(f"reached {reached}")
        self.play(FadeIn(Dot()), run_time=0.2)
"""


async def test_name_table_lookups_reach_no_module_internals(
    make_engine: Callable[..., RenderEngine],
) -> None:
    # The static checks let these lookups through; the runner hid what they must not reach.
    engine = make_engine(workers=1)
    result = await engine.render(LOOKUP_PROBE, use_cache=False)
    assert CANARY not in result.model_dump_json()
    ok(result)


@pytest.mark.parametrize(
    "name",
    ["utils/color/manim_colors.py::ColorsOverview", "utils/rate_functions.py::RateFuncExample"],
)
async def test_manims_lookup_examples_render(
    name: str, make_engine: Callable[..., RenderEngine]
) -> None:
    code = "from manim import *\n" + EXAMPLES[name]
    result = await make_engine(workers=1).render(code, use_cache=False)
    assert ok(result).duration_s > 0
