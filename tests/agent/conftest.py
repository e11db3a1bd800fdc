"""Fixtures for the lesson agent: a real store, real files, real renders, a scripted model."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from agent.settings import Settings
from agent.tutor import Tutor
from tools.check import ApiIndex
from tools.media.quality import QualityName
from tools.render.engine import EngineConfig, RenderEngine
from tools.render.result import RenderResult
from tools.storage.local import LocalStorage
from tools.storage.protocol import FileStorage


class CountingRenderer:
    """The real engine, recording which code each render call was for."""

    def __init__(self, engine: RenderEngine) -> None:
        self.engine = engine
        self.calls: list[str] = []

    @property
    def api_index(self) -> ApiIndex:
        return self.engine.api_index

    @property
    def media(self) -> FileStorage:
        return self.engine.media

    async def render(
        self, code: str, scene: str | None = None, quality: QualityName = "low", **kw: Any
    ) -> RenderResult:
        self.calls.append(code)
        return await self.engine.render(code, scene, quality, **kw)

    def prewarm(self, keep_warm: bool = True) -> None:
        pass  # warm sandboxes are for long-running apps; tests render cold

    async def close(self) -> None:
        pass  # the engine outlives each test: it is shared by the session


@pytest.fixture(scope="session")
def shared_engine(tmp_path_factory: pytest.TempPathFactory, index_dir: Path) -> RenderEngine:
    """One engine (and render cache) for the agent tests: a scene rendered once is reused."""
    data = tmp_path_factory.mktemp("agent-engine")
    return RenderEngine(
        EngineConfig(data_dir=data, workers=2, timeout_s=90.0, api_index_dir=index_dir),
        LocalStorage(data / "cache"),
    )


@pytest.fixture
def settings(tmp_path: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    data = tmp_path / "data"
    data.mkdir()
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    return Settings(data_dir=data, render_workers=2, max_repair_attempts=2)


@pytest.fixture
def renderer(shared_engine: RenderEngine) -> CountingRenderer:
    return CountingRenderer(shared_engine)


OpenTutor = Callable[..., Awaitable[Tutor]]


@pytest.fixture
async def open_tutor(settings: Settings, renderer: CountingRenderer) -> AsyncIterator[OpenTutor]:
    opened: list[Tutor] = []

    async def open_(model: Any, **kw: Any) -> Tutor:
        kw.setdefault("docs_mcp", False)
        tutor = await Tutor.open(
            kw.pop("settings", settings), model=model, renderer=kw.pop("renderer", renderer), **kw
        )
        opened.append(tutor)
        return tutor

    yield open_
    for tutor in opened:
        await tutor.close()
