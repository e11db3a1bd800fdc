"""The one place a backend is chosen: settings pick the store, the file storage and the renderer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from pydantic import SecretStr, ValidationError

from agent.cli_errors import settings_problem
from agent.settings import Settings
from agent.wiring import open_backends
from lessons.plan import LessonPlan, ScenePlan
from tools.storage.local import LocalStorage

ROOT = Path(__file__).resolve().parents[2]


async def test_the_embedded_defaults_need_no_configuration(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    assert (settings.store, settings.storage, settings.renderer) == ("sqlite", "local", "local")
    backends = open_backends(settings)
    try:
        user = await backends.accounts.ensure_user("ada")
        plan = LessonPlan(
            title="Circles",
            scenes=[
                ScenePlan(title=f"S{n}", goal="g", narration="n", visual="v") for n in (1, 2, 3)
            ],
        )
        lesson = await backends.service.create_lesson(user, plan, "circles", "chat-1", "low")
        assert (await backends.service.view(user, lesson.id)).title == "Circles"
        assert settings.db_path.is_file()  # SQLite under the data dir
        source = tmp_path / "note.txt"
        source.write_text("hello")
        await backends.service.put_file("chat/x/note.txt", source, "text/plain")
        assert (settings.files_dir / "chat" / "x" / "note.txt").read_text() == "hello"
    finally:
        await backends.close()


async def test_a_database_url_puts_the_lessons_in_postgres(
    tmp_path: Path, postgres_url: str
) -> None:
    settings = Settings(data_dir=tmp_path / "data", database_url=SecretStr(postgres_url))
    assert settings.store == "postgres"
    backends = open_backends(settings)
    try:
        user = await backends.accounts.ensure_user("ada")
        plan = LessonPlan(
            title="Circles",
            scenes=[
                ScenePlan(title=f"S{n}", goal="g", narration="n", visual="v") for n in (1, 2, 3)
            ],
        )
        lesson = await backends.service.create_lesson(user, plan, "circles", "chat-1", "low")
        assert (await backends.service.view(user, lesson.id)).title == "Circles"
        assert not settings.db_path.exists()  # no SQLite file on the side
    finally:
        await backends.close()
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT title FROM lessons.lessons").fetchall() == [("Circles",)]


async def test_a_caller_may_bring_its_own_files(tmp_path: Path) -> None:
    files = LocalStorage(tmp_path / "elsewhere")
    backends = open_backends(Settings(data_dir=tmp_path / "data"), files=files)
    try:
        source = tmp_path / "a.txt"
        source.write_text("a")
        await backends.service.put_file("k/a.txt", source, "text/plain")
        assert await files.exists("k/a.txt")
    finally:
        await backends.close()


@pytest.mark.parametrize("variable", ["TUTOR_STORE", "TUTOR_STORAGE", "TUTOR_RENDERER"])
def test_an_unknown_backend_is_one_clear_line(
    variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, "nonesuch")
    with pytest.raises(ValidationError) as caught:
        Settings()
    problem = settings_problem(caught.value)
    assert problem.startswith(f"{variable}: Input should be")


def test_the_tutor_command_refuses_an_unknown_backend(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "agent.cli", "lessons"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TUTOR_STORE": "mongo"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert run.stderr.strip().startswith("tutor: TUTOR_STORE: Input should be 'sqlite'")


def test_a_bad_number_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_LOGIN_WINDOW_S", "-1")
    with pytest.raises(ValidationError) as caught:
        Settings()
    assert settings_problem(caught.value).startswith("TUTOR_LOGIN_WINDOW_S:")


async def test_celery_renders_need_redis_and_share_the_render_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tools.render.queue.client import CeleryRenderer

    monkeypatch.setenv("TUTOR_RENDERER", "celery")
    with pytest.raises(ValidationError) as caught:
        Settings()
    assert "TUTOR_REDIS_URL" in settings_problem(caught.value)

    shared = tmp_path / "shared"
    settings = Settings(
        data_dir=tmp_path / "data",
        redis_url="redis://:secret@127.0.0.1:1/0",
        render_cache_dir=shared,
    )
    backends = open_backends(settings)  # builds it; nothing connects until a render
    try:
        renderer = backends.service.renderer
        assert isinstance(renderer, CeleryRenderer)
        assert isinstance(renderer.media, LocalStorage) and renderer.media.root == shared
        assert "secret" not in renderer.config.where
    finally:
        await backends.close()
