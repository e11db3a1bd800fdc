"""`tutor store copy`: an installation with 3 lessons, edits, a revert, exports and share
links goes SQLite → Convex (or PostgreSQL) → a fresh SQLite file, hash-verified each way, and
reads the same."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from lessons.store.postgres_store import PostgresLessonStore
from lessons.store.protocol import LessonStore
from lessons.store.records import ClipFiles, ExportFiles, Narration, SceneDraft, SpokenSpan
from lessons.store.sqlite_copy import SqliteInstallation
from lessons.store.sqlite_store import SqliteLessonStore
from tests.convex_server import SECRET, ConvexTestServer
from tools.render.layout import LayoutItem
from tools.render.result import RenderError

ROOT = Path(__file__).resolve().parents[2]
DRAFTS = [SceneDraft(title=f"S{i}", goal="g", narration="n", visual="v") for i in (1, 2, 3)]
CRAMPED = LayoutItem(
    kind="overlap",
    message="Text('grows with…') is drawn over Text('b²'): place it with next_to.",
    at_s=1.25,
    line=4,
    objects=["Text('grows with…')", "Text('b²')"],
)
SPOKEN = Narration(
    text="Square the legs. Their sum is c² — the hypotenuse squared.",
    voice="espeak-ng:en-us:160",
    speech_s=3.5,
    spans=[
        SpokenSpan(start_s=0.0, end_s=1.25, text="Square the legs."),
        SpokenSpan(start_s=1.5, end_s=3.5, text="Their sum is c² — the hypotenuse squared."),
    ],
)


async def fill(store: LessonStore) -> None:
    ada = await store.set_password("ada", "pw")
    bob = await store.ensure_user("bob")
    for owner, title in ((ada, "Pythagoras"), (bob, "Derivatives"), (ada, "Circles")):
        lesson = await store.create_lesson(owner, title, f"make {title}", "chat", "low", DRAFTS)
        for n in (1, 2, 3):
            spoken = SPOKEN if n == 2 else None
            v = await store.add_version(
                owner, lesson.id, n, f"code {n}", "first draft", narration=spoken
            )
            clip = ClipFiles(clip_key=f"{title}-{n}.mp4")
            worker = f"render-{n}:{100 + n}" if n != 3 else None  # None: rendered in-process
            layout = [CRAMPED] if n == 1 else []
            await store.set_status(owner, v.id, "ok", clip=clip, rendered_by=worker, layout=layout)
        edit = await store.add_version(owner, lesson.id, 2, "red", "edit: make it red")
        await store.set_status(owner, edit.id, "ok", clip=ClipFiles(clip_key="red.mp4"))
        bad = await store.add_version(owner, lesson.id, 3, "boom", "edit: broken")
        error = RenderError(kind="runtime", message="boom", line=2, hint=None, log_tail="t")
        await store.set_status(owner, bad.id, "failed", error=error)
        await store.pin_version(owner, lesson.id, 2, 1)
        files = ExportFiles(
            video_key="v.mp4", chapters_key="c.vtt", subtitles_key="s.srt",
            duration_s=9.5, scene_versions=[1, 1, 1],
        )  # fmt: skip
        await store.add_export(owner, lesson.id, files)
        await store.create_share(
            owner, lesson.id, f"tok-{title}", datetime.now(UTC) + timedelta(days=1)
        )
    await store.touch_lesson(ada, (await store.list_lessons(ada))[-1].id)  # reorders ada's


def tutor(data: Path, server: ConvexTestServer, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TUTOR_"))}
    env |= {"TUTOR_DATA_DIR": str(data), "CONVEX_URL": server.url, "TUTOR_CONVEX_SECRET": SECRET}
    return subprocess.run(
        [sys.executable, "-m", "agent.cli", "store", "copy", *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )  # fmt: skip


def report(proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(proc.stdout)


async def test_an_installation_round_trips_through_convex(
    convex_server: ConvexTestServer, tmp_path: Path
) -> None:
    convex_server.reset()
    first, second = tmp_path / "first", tmp_path / "second"
    with SqliteLessonStore.open(first / "tutor.db") as store:
        await fill(store)
    original = await SqliteInstallation(first / "tutor.db").dump()
    workers = {v.rendered_by for x in original.lessons for s in x.scenes for v in s.versions}
    assert workers == {"render-1:101", "render-2:102", None}  # carried, and hashed, each way
    layouts = [v.layout for x in original.lessons for s in x.scenes for v in s.versions]
    assert layouts.count([CRAMPED]) == 3 and layouts.count([]) == 12  # so are layout items
    spoken = [v.narration for x in original.lessons for s in x.scenes for v in s.versions]
    assert spoken.count(SPOKEN) == 3 and spoken.count(None) == 12  # and narrations

    there = report(tutor(first, convex_server, "--from", "sqlite", "--to", "convex", "--json"))
    expected = {"users": 2, "lessons": 3, "scenes": 9, "versions": 15, "exports": 3, "shares": 3}
    assert there == {"counts": expected, "sha256": original.digest()}
    counts = convex_server.counts()
    assert (counts["lessons"], counts["sceneVersions"], counts["credentials"]) == (3, 15, 1)

    back = report(tutor(second, convex_server, "--from", "convex", "--to", "sqlite", "--json"))
    assert back == there
    with SqliteLessonStore.open(second / "tutor.db") as copy:
        ada = await copy.check_password("ada", "pw")  # the password hash came along
        assert ada is not None
        lessons = await copy.list_lessons(ada)
        assert [x.title for x in lessons] == ["Pythagoras", "Circles"]  # touched first
        live = await copy.current_version(ada, lessons[0].id, 2)
        assert live is not None and (live.number, live.clip_key) == (1, "Pythagoras-2.mp4")
        assert live.narration == SPOKEN
        cramped = await copy.current_version(ada, lessons[0].id, 1)
        assert cramped is not None and cramped.layout == [CRAMPED]
        latest = await copy.latest_version(ada, lessons[0].id, 3)
        assert latest is not None and latest.error is not None and latest.error.line == 2
        assert latest.narration is None and cramped.narration is None
        shared = await copy.find_share("tok-Circles")
        assert shared is not None and shared.owner == ada

    # A target that already holds users is refused, and left as it was.
    refused = tutor(second, convex_server, "--from", "sqlite", "--to", "convex")
    assert refused.returncode == 2 and "already holds users" in refused.stderr
    assert convex_server.counts() == counts


def test_copying_a_store_onto_itself_is_refused(
    convex_server: ConvexTestServer, tmp_path: Path
) -> None:
    proc = tutor(tmp_path, convex_server, "--from", "convex", "--to", "convex")
    assert proc.returncode == 2 and "same store" in proc.stderr


async def test_an_installation_round_trips_through_postgres(
    postgres_url: str, tmp_path: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    with SqliteLessonStore.open(first / "tutor.db") as store:
        await fill(store)
    original = await SqliteInstallation(first / "tutor.db").dump()

    def copy(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TUTOR_"))}
        env |= {"TUTOR_DATA_DIR": str(data), "TUTOR_DATABASE_URL": postgres_url}
        return subprocess.run(
            [sys.executable, "-m", "agent.cli", "store", "copy", *args],
            capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
        )  # fmt: skip

    there = report(copy(first, "--from", "sqlite", "--to", "postgres", "--json"))
    assert there["sha256"] == original.digest() and there["counts"]["versions"] == 15
    with PostgresLessonStore.open(postgres_url) as store:
        ada = await store.check_password("ada", "pw")
        assert ada is not None
        assert [x.title for x in await store.list_lessons(ada)] == ["Pythagoras", "Circles"]
    back = report(copy(second, "--from", "postgres", "--to", "sqlite", "--json"))
    assert back == there
    refused = copy(second, "--from", "sqlite", "--to", "postgres")
    assert refused.returncode == 2 and "already holds users" in refused.stderr
