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
    assert settings.warm_sandboxes() == (max(workers, 5) if warm is None else warm)  # unchanged


@pytest.mark.parametrize(("workers", "expected"), [(1, 5), (2, 5), (8, 8)])
def test_a_running_app_keeps_a_lessons_worth_of_warm_sandboxes(workers: int, expected: int) -> None:
    assert Settings(render_workers=workers).warm_sandboxes() == expected


@pytest.mark.parametrize(("command", "expected"), [("make", 2), ("resume", 2), ("edit", 1)])
def test_one_shot_commands_start_one_warm_sandbox_per_worker(command: str, expected: int) -> None:
    from agent.lesson_cli import one_shot_settings

    settings = one_shot_settings(command, Settings(render_workers=2))
    assert settings.warm_sandboxes() == expected


def test_a_whole_lesson_from_the_command_line_renders_one_scene_more_than_the_cores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from agent.lesson_cli import one_shot_settings

    monkeypatch.setattr("os.cpu_count", lambda: 2)
    for command in ("make", "resume"):
        settings = one_shot_settings(command, Settings())
        assert (settings.worker_count(), settings.warm_sandboxes()) == (3, 3)
    edit = one_shot_settings("edit", Settings())
    assert (edit.worker_count(), edit.warm_sandboxes()) == (2, 1)  # one scene: as many as cores
    chosen = one_shot_settings("make", Settings(render_workers=2))
    assert chosen.worker_count() == 2  # what the user set stays
