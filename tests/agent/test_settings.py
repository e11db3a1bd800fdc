"""Settings: defaults that work unconfigured, `TUTOR_` variables, clear validation errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from agent.settings import Settings


def test_defaults_need_no_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("TUTOR_DATA_DIR", "TUTOR_QUALITY", "TUTOR_RENDER_WORKERS", "TUTOR_SANDBOX"):
        monkeypatch.delenv(var, raising=False)
    settings = Settings()
    assert settings.quality == "low" and settings.sandbox == "auto"
    assert settings.worker_count() >= 1
    assert settings.data_dir.name == "manim-tutor"


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TUTOR_QUALITY", "high")
    monkeypatch.setenv("TUTOR_RENDER_WORKERS", "3")
    settings = Settings()
    assert settings.data_dir == tmp_path and settings.quality == "high"
    assert settings.worker_count() == 3
    assert settings.api_index_dir == tmp_path / "api-index"


def test_bad_value_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_QUALITY", "ultra")
    with pytest.raises(ValidationError, match="quality"):
        Settings()


@pytest.mark.parametrize(
    ("workers", "warm", "expected"),
    [(2, None, 1), (4, 3, 1), (2, 0, 0), (1, None, 1)],  # 0 turns them off and stays off
)
def test_a_one_scene_command_starts_at_most_one_warm_sandbox(
    workers: int, warm: int | None, expected: int
) -> None:
    settings = Settings(render_workers=workers, render_warm_sandboxes=warm)
    assert settings.with_warm_sandboxes_at_most(1).warm_sandboxes() == expected
    assert settings.warm_sandboxes() == (workers if warm is None else warm)  # itself unchanged
