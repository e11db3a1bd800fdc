"""The sandbox runner's log lines reach the parent's log under the call's correlation id; lines
the scene code forges (another id, another event, fields of its own) do not."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from tools.logs import configure_logging, correlation
from tools.render.engine import RenderEngine
from tools.render.errors import log_tail
from tools.render.result import RenderOk
from tools.render.runner_guards import LOG_MARK
from tools.render.runner_log import relay_runner_lines

RUNNER = "tools.render.scene_runner"


def marked(**record: object) -> str:
    return LOG_MARK + json.dumps(record)


def relayed(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == RUNNER]


def test_only_the_runners_own_lines_of_this_call_pass(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    log_file = tmp_path / "render.log"
    log_file.write_text(
        "\n".join(
            [
                marked(cid="c1", event="render started", quality="low_quality"),
                "manim says hello",
                marked(cid="other", event="render finished", duration_s=1.0),  # another call
                marked(cid="c1", event="rm -rf everything"),  # not an event the runner writes
                marked(cid="c1", event="render failed", kind="runtime\nFAKE LINE"),
                LOG_MARK + "{not json",
                marked(cid="c1", event="render finished", duration_s=2.5, user="x"),
            ]
        )
    )
    caplog.set_level(logging.INFO, logger=RUNNER)
    relay_runner_lines(log_file, "c1")
    got = [(r.getMessage(), getattr(r, "quality", None), getattr(r, "duration_s", None),
            getattr(r, "kind", None), getattr(r, "user", None)) for r in relayed(caplog)]  # fmt: skip
    assert got == [
        ("sandbox runner: render started", "low_quality", None, None, None),
        ("sandbox runner: render failed", None, None, None, None),  # the forged kind is dropped
        ("sandbox runner: render finished", None, 2.5, None, None),
    ]
    assert log_tail(log_file) == "manim says hello"  # marked lines are not the scene's output


@pytest.mark.render
async def test_a_real_render_reports_through_the_runner(
    engine: RenderEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    forged = marked(cid="someone-else", event="render finished", duration_s=9.0)
    forger = f"""from manim import *


class Forger(Scene):
    def construct(self):
        print({forged!r})  # into the same render log as the runner's lines
        self.play(FadeIn(Square()), run_time=0.3)
"""
    configure_logging("INFO", "json")
    try:
        with correlation("real-render-cid"):
            result = await engine.render(forger, use_cache=False)
    finally:
        configure_logging("INFO")
    assert isinstance(result, RenderOk), result
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    runner = [(r["event"], r["cid"]) for r in lines if r["logger"] == RUNNER]
    assert runner == [
        ("sandbox runner: render started", "real-render-cid"),
        ("sandbox runner: render finished", "real-render-cid"),
    ]
    [finished] = [r for r in lines if r["event"] == "sandbox runner: render finished"]
    assert 0.2 < finished["duration_s"] < 1.0  # the runner's own figure, not the forged 9.0
