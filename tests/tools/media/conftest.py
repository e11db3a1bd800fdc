"""Clips rendered once per test session, by the real engine, for the media tests to stitch."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.tools.conftest import local_files
from tools.media.narration_mux import add_narration
from tools.media.placeholder import PLACEHOLDER_SCENE, placeholder_scene_code
from tools.media.quality import QualityName
from tools.render.engine import EngineConfig, RenderEngine
from tools.render.result import RenderOk
from tools.storage.local import LocalStorage

SCENE = """from manim import *


class Part(Scene):
    def construct(self):
        self.play({animation}, run_time={seconds})
"""
ANIMATIONS = [
    ("Create(Circle(color=RED))", 1.0),
    ("FadeIn(Square(color=BLUE))", 0.8),
    ("GrowFromCenter(Triangle(color=GREEN))", 1.2),
]
HOSTILE = '\'"); import os; os.system("x") #'


@dataclass(frozen=True)
class Clips:
    scenes: list[Path]  # three short low-quality clips
    placeholder: Path  # the placeholder card (hostile title), low quality
    medium: Path  # the first scene again, at medium quality
    narrated: list[Path]  # the three scenes with a (silent) narration track, as lessons have


def _ok(result: object) -> RenderOk:
    assert isinstance(result, RenderOk), result
    return result


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory, index_dir: Path) -> Clips:
    """Rendered once for the session; the engine caches by content, so reruns are cheap."""
    data = tmp_path_factory.mktemp("assembler-data")
    engine = RenderEngine(
        EngineConfig(data_dir=data, workers=2, timeout_s=60.0, api_index_dir=index_dir),
        LocalStorage(data / "cache"),
    )

    async def render_all() -> tuple[list[Path], list[Path]]:
        jobs: list[tuple[str, str, QualityName]] = [
            (SCENE.format(animation=a, seconds=s), "Part", "low") for a, s in ANIMATIONS
        ]
        jobs.append((placeholder_scene_code(4, HOSTILE, "boom"), PLACEHOLDER_SCENE, "low"))
        jobs.append((jobs[0][0], "Part", "medium"))
        results = await asyncio.gather(*(engine.render(c, scene=s, quality=q) for c, s, q in jobs))
        videos = [(await local_files(engine, _ok(r)))[0] for r in results]
        narrated = [
            (await add_narration(video, None, data / f"narrated-{n}.mp4")).video
            for n, video in enumerate(videos[:3])
        ]
        return videos, narrated

    videos, narrated = asyncio.run(render_all())
    return Clips(videos[:3], videos[3], videos[4], narrated)
