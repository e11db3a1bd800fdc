"""The render pipeline end to end: real Manim renders in the real sandbox."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.tools.conftest import eval_files, local_files
from tests.tools.media.helpers import index_comes_first, is_png, probe_video
from tools.render import engine as renderer_module
from tools.render.engine import RenderEngine
from tools.render.result import RenderFailed, RenderOk
from tools.render.sandbox_uids import UID_COUNT, UID_FIRST

pytestmark = pytest.mark.render

SHORT = """from manim import *


class Short(Scene):
    def construct(self):
        self.play(Create(Circle(color={color})), run_time=0.5)
"""


def sandbox_pids() -> list[int]:
    """Processes running as any sandbox uid."""
    found: list[int] = []
    for entry in os.listdir("/proc"):
        with contextlib.suppress(OSError):
            if (
                entry.isdigit()
                and UID_FIRST <= os.stat(f"/proc/{entry}").st_uid < UID_FIRST + UID_COUNT
            ):
                found.append(int(entry))
    return found


def x264_options(video: Path) -> str:
    """The settings libx264 writes into every stream it encodes (an SEI message)."""
    found = re.search(rb"x264 - core .*? options: ([^\x00]+)", video.read_bytes())
    assert found, "no x264 settings in the stream"
    return found[1].decode()


def ok(result: RenderOk | RenderFailed) -> RenderOk:
    assert isinstance(result, RenderOk), result
    return result


def failed(result: RenderOk | RenderFailed) -> RenderFailed:
    assert isinstance(result, RenderFailed), result
    return result


async def test_clip_is_faststart_h264_with_poster_and_duration(engine: RenderEngine) -> None:
    result = ok(await engine.render(SHORT.format(color="RED")))
    video, poster = await local_files(engine, result)
    info = probe_video(video)
    assert (info.codec, info.width, info.height, info.fps) == ("h264", 854, 480, 15.0)
    assert info.pix_fmt == "yuv420p"
    assert result.duration_s == pytest.approx(0.5, abs=0.1)
    assert index_comes_first(video), "moov must precede mdat (+faststart)"
    options = x264_options(video).split()
    assert "bframes=0" in options  # frames stored in the order shown
    assert {"me=dia", "subme=1"} <= set(options)  # the low preset's "superfast" x264
    assert is_png(poster) and poster.stat().st_size > 1000
    assert not result.cached
    # The result names storage keys (a remote worker can return them), not host paths.
    assert result.video_key.startswith("renders/") and result.video_key.endswith("/video.mp4")
    assert not Path(result.poster_key).is_absolute()


async def test_second_render_is_a_cache_hit_without_sandbox(
    engine: RenderEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = ok(await engine.render(SHORT.format(color="BLUE")))

    async def no_sandbox(*args: object, **kwargs: object) -> None:
        raise AssertionError("a cache hit must not start a render")

    monkeypatch.setattr(renderer_module, "run_sandboxed", no_sandbox)
    second = ok(await engine.render(SHORT.format(color="BLUE")))
    assert second.cached and second.video_key == first.video_key
    assert second.duration_s == first.duration_s
    # A different quality or code is a different key.
    monkeypatch.undo()
    other = ok(await engine.render(SHORT.format(color="GREEN")))
    assert not other.cached and other.video_key != first.video_key


async def test_scenes_render_in_parallel_up_to_pool_size(
    make_engine: Callable[..., RenderEngine], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(workers=2)
    running, peak = 0, 0
    original = renderer_module.run_sandboxed

    async def counting(*args: object, **kwargs: object) -> object:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        try:
            return await original(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            running -= 1

    monkeypatch.setattr(renderer_module, "run_sandboxed", counting)
    colors = ["RED", "BLUE", "GREEN"]
    results = await asyncio.gather(*(engine.render(SHORT.format(color=c)) for c in colors))
    assert all(r.ok for r in results)
    assert peak == 2, "two slots → exactly two renders at once"


async def test_cancelling_a_render_kills_its_sandbox_and_frees_the_slot(
    make_engine: Callable[..., RenderEngine],
) -> None:
    engine = make_engine(workers=1)
    endless = "from manim import *\nclass Spin(Scene):\n    def construct(self):\n        while True:\n            pass\n"
    task = asyncio.create_task(engine.render(endless, validate=False))
    await asyncio.sleep(3)
    assert engine.pool.busy == 1
    assert sandbox_pids(), "the render should be running"
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert engine.pool.busy == 0
    assert not sandbox_pids(), "no process of the render may survive"
    ok(await engine.render(SHORT.format(color="YELLOW")))


async def test_clips_of_one_preset_concatenate_by_stream_copy(
    engine: RenderEngine, tmp_path: Path
) -> None:
    a = ok(await engine.render(SHORT.format(color="RED")))
    b = ok(await engine.render(eval_files("ok")[-1].read_text()))
    (video_a, _), (video_b, _) = await local_files(engine, a), await local_files(engine, b)
    ia, ib = probe_video(video_a), probe_video(video_b)
    assert (ia.codec, ia.profile, ia.pix_fmt, ia.width, ia.height, ia.fps) == (
        ib.codec, ib.profile, ib.pix_fmt, ib.width, ib.height, ib.fps,
    )  # fmt: skip
    listing = tmp_path / "list.txt"
    listing.write_text(f"file '{video_a}'\nfile '{video_b}'\n")
    out = tmp_path / "joined.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "concat",
            "-safe",
            "0",
            "-i",
            str(listing),
            "-c",
            "copy",
            str(out),
        ],
        check=True,
    )
    assert probe_video(out).duration_s == pytest.approx(a.duration_s + b.duration_s, abs=0.15)


@pytest.mark.parametrize(
    ("quality", "size", "fps"), [("medium", (1280, 720), 30.0), ("high", (1920, 1080), 60.0)]
)
async def test_quality_presets(
    engine: RenderEngine, quality: str, size: tuple[int, int], fps: float
) -> None:
    result = ok(await engine.render(SHORT.format(color="WHITE"), quality=quality))  # type: ignore[arg-type]
    video, _ = await local_files(engine, result)
    info = probe_video(video)
    assert (info.width, info.height, info.fps) == (*size, fps)


# --- errors as data -------------------------------------------------------------------------

RUNTIME_ERROR = """from manim import *


class Broken(Scene):
    def construct(self):
        circle = Circle()
        self.play(Create(circle))
        circle.no_such_method()
"""

LATEX_ERROR = r"""from manim import *


class BadTex(Scene):
    def construct(self):
        ok = MathTex(r"a^2 + b^2")
        bad = MathTex(r"\frac{1}{2} \notacommand")
        self.play(Write(bad))
"""


async def test_syntax_error_reports_line(engine: RenderEngine) -> None:
    error = failed(await engine.render("from manim import *\n\nclass A(Scene:\n    pass\n")).error
    assert (error.kind, error.line) == ("syntax", 3)


async def test_syntax_error_found_in_sandbox_too(engine: RenderEngine) -> None:
    code = "from manim import *\n\nx = (1,\n"
    error = failed(await engine.render(code, validate=False)).error
    assert error.kind == "syntax" and error.line == 3


async def test_runtime_error_points_at_the_users_line(engine: RenderEngine) -> None:
    error = failed(await engine.render(RUNTIME_ERROR, validate=False)).error
    assert error.kind == "runtime"
    assert error.line == 8
    assert "no_such_method" in error.message and "\n" not in error.message
    assert error.hint


async def test_latex_error_names_the_formula(engine: RenderEngine) -> None:
    error = failed(await engine.render(LATEX_ERROR)).error
    assert error.kind == "latex"
    assert r"\notacommand" in error.message
    assert "Undefined control sequence" in error.message
    assert error.line == 7


async def test_static_api_problem_is_refused_before_rendering(
    engine: RenderEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_sandbox(*args: object, **kwargs: object) -> None:
        raise AssertionError("static refusals must not render")

    monkeypatch.setattr(renderer_module, "run_sandboxed", no_sandbox)
    code = (eval_files("gl")[0]).read_text()
    error = failed(await engine.render(code)).error
    assert error.kind == "api" and error.line and error.hint


async def test_still_scene_is_held_and_unknown_scene_name_is_explained(
    engine: RenderEngine,
) -> None:
    still = "from manim import *\nclass Still(Scene):\n    def construct(self):\n        self.add(Dot())\n"
    held = ok(await engine.render(still))  # a still image becomes a one-second clip
    assert held.duration_s == pytest.approx(1.0, abs=0.1)
    error = failed(await engine.render(SHORT.format(color="RED"), scene="Nope")).error
    assert "Nope" in error.message and "Short" in error.message


async def test_a_clip_shorter_than_its_narration_holds_its_last_frame(
    engine: RenderEngine,
) -> None:
    code = SHORT.format(color="PURPLE")  # half a second of animation
    plain = ok(await engine.render(code))
    held = ok(await engine.render(code, min_duration_s=2.0))
    assert not held.cached and held.video_key != plain.video_key, "a held clip is another clip"
    assert plain.duration_s == pytest.approx(0.5, abs=0.1)
    assert held.duration_s == pytest.approx(2.0, abs=0.1)
    video, _ = await local_files(engine, held)
    assert probe_video(video).duration_s == pytest.approx(2.0, abs=0.15)
    # Longer than the narration already: left as it is (the same clip as without a hold).
    longer = ok(await engine.render(code, min_duration_s=0.3))
    assert longer.duration_s == pytest.approx(0.5, abs=0.1)
    # A still image is held for its narration, not the usual one second.
    still = "from manim import *\nclass Still(Scene):\n    def construct(self):\n        self.add(Dot())\n"
    assert ok(await engine.render(still, min_duration_s=1.5)).duration_s == pytest.approx(
        1.5, abs=0.1
    )


async def test_named_scene_among_several(engine: RenderEngine) -> None:
    two = (
        SHORT.format(color="RED")
        + "\n\nclass Other(Scene):\n    def construct(self):\n        self.wait(0.3)\n"
    )
    error = failed(await engine.render(two)).error
    assert "several scenes" in error.message
    result = ok(await engine.render(two, scene="Other"))
    assert result.duration_s == pytest.approx(0.3, abs=0.1)


async def test_timeout(make_engine: Callable[..., RenderEngine]) -> None:
    engine = make_engine(timeout_s=8.0)
    endless = "from manim import *\nclass Spin(Scene):\n    def construct(self):\n        while True:\n            pass\n"
    start = time.monotonic()
    error = failed(await engine.render(endless)).error
    assert error.kind == "timeout" and "8 s" in error.message
    assert time.monotonic() - start < 30


async def test_failure_log_tail_shows_the_traceback(engine: RenderEngine) -> None:
    error = failed(await engine.render(RUNTIME_ERROR, validate=False)).error
    assert 'File "scene.py", line 8' in error.log_tail
    assert "AttributeError" in error.log_tail
