"""Fixtures for the render engine: real renders in the real sandbox, fresh data dirs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tools.render.engine import EngineConfig, RenderEngine
from tools.render.result import RenderOk
from tools.storage.local import LocalStorage

EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval"
CANARY = "canary-7f3a9c-do-not-leak"


def eval_files(kind: str) -> list[Path]:
    files = sorted((EVAL / kind).glob("*.py"))
    assert files, f"no eval files found under {EVAL / kind}"
    return files


@pytest.fixture(autouse=True)
def planted_secret(monkeypatch: pytest.MonkeyPatch) -> str:
    """A secret in the parent's environment that must never reach a render or its output."""
    monkeypatch.setenv("TUTOR_TEST_CANARY", CANARY)
    monkeypatch.setenv("OPENAI_API_KEY", CANARY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", CANARY)  # S3 storage's credentials
    return CANARY


@pytest.fixture
def make_engine(tmp_path: Path, index_dir: Path) -> Callable[..., RenderEngine]:
    def make(**overrides: object) -> RenderEngine:
        values: dict[str, object] = {
            "data_dir": tmp_path / "data",
            "workers": 2,
            "timeout_s": 60.0,
            "api_index_dir": index_dir,
        }
        values.update(overrides)
        config = EngineConfig(**values)  # type: ignore[arg-type]
        return RenderEngine(config, LocalStorage(config.data_dir / "cache"))

    return make


async def local_files(engine: RenderEngine, result: RenderOk) -> tuple[Path, Path]:
    """A good render's video and poster as local files (read through the engine's storage)."""
    media = engine.media
    return await media.local_path(result.video_key), await media.local_path(result.poster_key)


@pytest.fixture
def engine(make_engine: Callable[..., RenderEngine]) -> RenderEngine:
    return make_engine()
