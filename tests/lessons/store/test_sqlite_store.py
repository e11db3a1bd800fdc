"""The lesson store: the version lifecycle, user scoping, concurrency."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import textwrap
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from lessons.store.migrations import head, upgrade_sqlite
from lessons.store.protocol import InvalidTransition, LessonStore, NotFound
from lessons.store.records import (
    ClipFiles,
    Export,
    ExportFiles,
    Lesson,
    Narration,
    SceneDraft,
    SceneVersion,
    SpokenSpan,
    User,
    VersionStatus,
)
from lessons.store.sqlite_rows import connect
from lessons.store.sqlite_store import SqliteLessonStore
from tests.legacy_store import legacy_file, revision_of
from tests.lessons.store.old_rows import lesson_rows
from tools.render.layout import LayoutItem
from tools.render.result import RenderError

ROOT = Path(__file__).resolve().parents[3]
DRAFTS = [
    SceneDraft(title=f"S{i}", goal=f"g{i}", narration=f"n{i}", visual=f"v{i}") for i in (1, 2, 3, 4)
]
BOOM = RenderError(kind="runtime", message="boom", line=3, hint="fix it", log_tail="tail")
LAYOUT = [
    LayoutItem(
        kind="overlap",
        message="Text('grows with…') is drawn over MathTex('a^2+b^2'): place it with next_to.",
        at_s=1.25,
        line=7,
        objects=["Text('grows with…')", "MathTex('a^2+b^2')"],
    ),
    LayoutItem(
        kind="too_small",
        message="6 px tall: use a larger font_size.",
        at_s=0.0,
        objects=["Text('ß → ∞')"],
    ),
]

SPOKEN = Narration(
    text="A right triangle has legs a and b. Then a² + b² = c² — always.",
    voice="espeak-ng:en-us:160",
    speech_s=4.375,
    spans=[
        SpokenSpan(start_s=0.0, end_s=2.125, text="A right triangle has legs a and b."),
        SpokenSpan(start_s=2.5, end_s=4.375, text="Then a² + b² = c² — always."),
    ],
)


@pytest.fixture
async def alice(store: SqliteLessonStore) -> User:
    return await store.ensure_user("alice")


@pytest.fixture
async def bob(store: SqliteLessonStore) -> User:
    return await store.ensure_user("bob")


@pytest.fixture
async def lesson(store: SqliteLessonStore, alice: User) -> Lesson:
    return await store.create_lesson(alice, "Pythagoras", "make it", "chat-1", "low", DRAFTS)


async def ok(store: SqliteLessonStore, user: User, version: SceneVersion) -> SceneVersion:
    return await store.set_status(
        user, version.id, "ok", clip=ClipFiles(clip_key=f"clip-{version.number}.mp4")
    )


async def export(
    store: SqliteLessonStore, user: User, lesson_id: str, versions: list[int]
) -> Export:
    files = ExportFiles(
        video_key="v.mp4",
        chapters_key="c.vtt",
        subtitles_key="s.srt",
        duration_s=12.5,
        scene_versions=versions,
    )
    return await store.add_export(user, lesson_id, files)


def test_satisfies_the_protocol(store: SqliteLessonStore) -> None:
    typed: LessonStore = store  # pyright would reject a mismatch; this keeps the intent visible
    assert typed is store


# The file (its migrations: test_migrations.py)


def test_connections_enforce_foreign_keys(db: Path) -> None:
    SqliteLessonStore.open(db).close()
    conn = connect(db)
    try:
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO projects VALUES ('p', 'no-such-user', 'x', 0, 'now')")
    finally:
        conn.close()


def test_a_closed_store_refuses_calls(db: Path) -> None:
    store = SqliteLessonStore.open(db)
    store.close()
    store.close()  # closing twice is harmless
    with pytest.raises(RuntimeError, match="closed"):
        asyncio.run(store.get_user("alice"))


# Users and projects


async def test_users_and_default_project_are_created_once(store: SqliteLessonStore) -> None:
    alice = await store.ensure_user("alice")
    assert await store.ensure_user("alice") == alice
    assert await store.get_user("alice") == alice
    assert await store.get_user("nobody") is None
    project = await store.default_project(alice)
    assert await store.default_project(alice) == project
    assert project.owner_id == alice.id
    assert alice.created_at.tzinfo is not None
    with pytest.raises(ValueError, match="blank"):
        await store.ensure_user("  ")


# The lesson lifecycle


async def test_lesson_lifecycle(store: SqliteLessonStore, alice: User, lesson: Lesson) -> None:
    assert lesson.project_id == (await store.default_project(alice)).id
    scenes = await store.scenes(alice, lesson.id)
    assert [(s.n, s.title, s.pinned_version) for s in scenes] == [
        (1, "S1", None), (2, "S2", None), (3, "S3", None), (4, "S4", None),
    ]  # fmt: skip
    assert await store.current_version(alice, lesson.id, 2) is None
    assert await store.latest_version(alice, lesson.id, 2) is None

    v1 = await store.add_version(alice, lesson.id, 2, "code 1", "first draft")
    assert (v1.number, v1.parent_number, v1.status) == (1, None, "pending")
    await store.set_status(alice, v1.id, "rendering")
    v1 = await store.set_status(
        alice, v1.id, "ok", clip=ClipFiles(clip_key="c1.mp4", poster_key="p1.png", duration_s=4.5)
    )
    assert (v1.status, v1.clip_key, v1.poster_key, v1.duration_s) == ("ok", "c1.mp4", "p1.png", 4.5)
    assert await store.current_version(alice, lesson.id, 2) == v1

    # A failed edit never replaces the live clip.
    v2 = await store.add_version(alice, lesson.id, 2, "code 2", "edit: red")
    assert v2.parent_number == 1
    v2 = await store.set_status(alice, v2.id, "failed", error=BOOM)
    assert v2.error == BOOM
    assert await store.current_version(alice, lesson.id, 2) == v1
    assert await store.latest_version(alice, lesson.id, 2) == v2

    v3 = await ok(store, alice, await store.add_version(alice, lesson.id, 2, "code 3", "edit"))
    assert v3.parent_number == 1  # the parent is what was live, not the failed attempt
    assert (await store.current_version(alice, lesson.id, 2)) == v3

    # Revert pins v1; a failed edit keeps the pin; a newer ok edit becomes live and unpins.
    assert (await store.pin_version(alice, lesson.id, 2, 1)).pinned_version == 1
    assert await store.current_version(alice, lesson.id, 2) == v1
    v4 = await store.add_version(alice, lesson.id, 2, "code 4", "edit")
    assert v4.parent_number == 1
    await store.set_status(alice, v4.id, "failed", error=BOOM)
    assert await store.current_version(alice, lesson.id, 2) == v1
    v5 = await ok(store, alice, await store.add_version(alice, lesson.id, 2, "code 5", "edit"))
    assert (await store.scene(alice, lesson.id, 2)).pinned_version is None
    assert await store.current_version(alice, lesson.id, 2) == v5

    await store.pin_version(alice, lesson.id, 2, 3)
    assert await store.current_version(alice, lesson.id, 2) == v3
    assert (await store.pin_version(alice, lesson.id, 2, None)).pinned_version is None
    assert await store.current_version(alice, lesson.id, 2) == v5
    assert [v.number for v in await store.versions(alice, lesson.id, 2)] == [1, 2, 3, 4, 5]
    assert await store.versions(alice, lesson.id, 1) == []  # other scenes untouched


async def test_only_ok_versions_can_be_pinned(
    store: SqliteLessonStore, alice: User, lesson: Lesson
) -> None:
    failed = await store.add_version(alice, lesson.id, 1, "x", "draft")
    await store.set_status(alice, failed.id, "failed", error=BOOM)
    await store.add_version(alice, lesson.id, 1, "y", "draft")  # pending
    for number in (1, 2, 3):
        with pytest.raises(NotFound, match=f"no ok version {number}"):
            await store.pin_version(alice, lesson.id, 1, number)
    assert (await store.scene(alice, lesson.id, 1)).pinned_version is None


async def test_an_older_version_finishing_late_keeps_the_pin(
    store: SqliteLessonStore, alice: User, lesson: Lesson
) -> None:
    slow = await store.add_version(alice, lesson.id, 1, "a", "draft")
    v2 = await ok(store, alice, await store.add_version(alice, lesson.id, 1, "b", "edit"))
    await ok(store, alice, await store.add_version(alice, lesson.id, 1, "c", "edit"))
    await store.pin_version(alice, lesson.id, 1, 2)
    await ok(store, alice, slow)
    assert (await store.scene(alice, lesson.id, 1)).pinned_version == 2
    assert await store.current_version(alice, lesson.id, 1) == v2


async def test_exports_are_numbered_per_lesson(
    store: SqliteLessonStore, alice: User, lesson: Lesson
) -> None:
    other = await store.create_lesson(alice, "Other", "p", "chat-1", "high", DRAFTS[:1])
    assert await store.latest_export(alice, lesson.id) is None
    made = [await export(store, alice, lesson.id, [1, 0, 2, 1]) for _ in range(3)]
    assert [e.number for e in made] == [1, 2, 3]
    assert (await export(store, alice, other.id, [1])).number == 1
    latest = await store.latest_export(alice, lesson.id)
    assert latest is not None
    assert (latest.number, latest.scene_versions, latest.duration_s) == (3, [1, 0, 2, 1], 12.5)


async def test_lessons_are_listed_most_recently_updated_first(
    store: SqliteLessonStore, alice: User
) -> None:
    a = await store.create_lesson(alice, "A", "p", "chat-1", "low", [])
    b = await store.create_lesson(alice, "B", "p", "chat-2", "low", [])
    c = await store.create_lesson(alice, "C", "p", "chat-1", "medium", [])
    assert [x.id for x in await store.list_lessons(alice)] == [c.id, b.id, a.id]
    touched = await store.touch_lesson(alice, a.id, title="A, renamed")
    assert touched.title == "A, renamed"
    assert touched.updated_at >= a.updated_at
    assert touched.created_at == a.created_at
    assert [x.id for x in await store.list_lessons(alice)] == [a.id, c.id, b.id]
    assert [x.id for x in await store.lessons_in_session(alice, "chat-1")] == [a.id, c.id]
    assert (await store.touch_lesson(alice, b.id)).title == "B"
    assert await store.get_lesson(alice, b.id) == (await store.list_lessons(alice))[0]


# Status transitions

STATUSES: list[VersionStatus] = ["pending", "rendering", "ok", "failed"]
ALLOWED = {
    ("pending", "rendering"), ("pending", "ok"), ("pending", "failed"),
    ("rendering", "ok"), ("rendering", "failed"), ("rendering", "pending"),
}  # fmt: skip


async def _version_in(
    store: SqliteLessonStore, user: User, lesson: Lesson, status: VersionStatus
) -> SceneVersion:
    version = await store.add_version(user, lesson.id, 1, "code", "draft")
    if status == "pending":
        return version
    if status == "ok":
        return await ok(store, user, version)
    return await store.set_status(user, version.id, status, error=BOOM)


@pytest.mark.parametrize("old", STATUSES)
@pytest.mark.parametrize("new", STATUSES)
async def test_status_transitions(
    store: SqliteLessonStore, alice: User, lesson: Lesson, old: VersionStatus, new: VersionStatus
) -> None:
    version = await _version_in(store, alice, lesson, old)
    clip = ClipFiles(clip_key="clip.mp4") if new == "ok" else None
    if (old, new) in ALLOWED:
        assert (await store.set_status(alice, version.id, new, clip=clip)).status == new
    else:
        with pytest.raises(InvalidTransition, match=f"from {old} to {new}"):
            await store.set_status(alice, version.id, new, clip=clip)
        assert (await store.latest_version(alice, lesson.id, 1)) == version


async def test_ok_needs_a_clip(store: SqliteLessonStore, alice: User, lesson: Lesson) -> None:
    version = await store.add_version(alice, lesson.id, 1, "code", "draft")
    with pytest.raises(InvalidTransition, match="only with its clip"):
        await store.set_status(alice, version.id, "ok")


# User scoping


async def test_another_users_data_is_not_found(
    store: SqliteLessonStore, alice: User, bob: User, lesson: Lesson
) -> None:
    version = await store.add_version(alice, lesson.id, 1, "code", "draft")
    await export(store, alice, lesson.id, [1])
    calls: dict[str, Callable[[User, str, str], Awaitable[Any]]] = {
        "get_lesson": lambda u, lid, vid: store.get_lesson(u, lid),
        "scenes": lambda u, lid, vid: store.scenes(u, lid),
        "scene": lambda u, lid, vid: store.scene(u, lid, 1),
        "add_version": lambda u, lid, vid: store.add_version(u, lid, 1, "evil", "x"),
        "set_status": lambda u, lid, vid: store.set_status(u, vid, "failed", error=BOOM),
        "versions": lambda u, lid, vid: store.versions(u, lid, 1),
        "current_version": lambda u, lid, vid: store.current_version(u, lid, 1),
        "latest_version": lambda u, lid, vid: store.latest_version(u, lid, 1),
        "pin_version": lambda u, lid, vid: store.pin_version(u, lid, 1, None),
        "add_export": lambda u, lid, vid: export(store, u, lid, []),
        "latest_export": lambda u, lid, vid: store.latest_export(u, lid),
        "touch_lesson": lambda u, lid, vid: store.touch_lesson(u, lid, title="pwned"),
        "stale_versions": lambda u, lid, vid: store.stale_versions(u, lid),
        "scene_states": lambda u, lid, vid: store.scene_states(u, lid),
    }
    for name, call in calls.items():
        with pytest.raises(NotFound) as theirs:
            await call(bob, lesson.id, version.id)
        with pytest.raises(NotFound) as missing:
            await call(alice, "f" * 32, "f" * 32)
        assert str(theirs.value).replace(lesson.id, "ID").replace(version.id, "ID") == str(
            missing.value
        ).replace("f" * 32, "ID"), name

    assert await store.list_lessons(bob) == []
    assert await store.lessons_in_session(bob, "chat-1") == []
    assert await store.get_lesson(alice, lesson.id) == lesson  # nothing bob tried stuck
    assert await store.versions(alice, lesson.id, 1) == [version]
    latest = await store.latest_export(alice, lesson.id)
    assert latest is not None and latest.number == 1


async def test_scene_states_are_each_scenes_current_and_latest_versions(
    store: SqliteLessonStore, alice: User, lesson: Lesson
) -> None:
    first = await ok(store, alice, await store.add_version(alice, lesson.id, 1, "v1", "draft"))
    failed = await store.add_version(alice, lesson.id, 1, "v2", "edit")
    failed = await store.set_status(alice, failed.id, "failed", error=BOOM)
    pending = await store.add_version(alice, lesson.id, 2, "v1", "draft")
    states = await store.scene_states(alice, lesson.id)
    assert [s.scene for s in states] == await store.scenes(alice, lesson.id)
    assert [(s.current, s.latest) for s in states] == [(first, failed), (None, pending)] + [
        (None, None)
    ] * (len(states) - 2)
    for state in states:  # the same as asking scene by scene
        n = state.scene.n
        assert state.current == await store.current_version(alice, lesson.id, n)
        assert state.latest == await store.latest_version(alice, lesson.id, n)


async def test_a_missing_scene_is_not_found(
    store: SqliteLessonStore, alice: User, lesson: Lesson
) -> None:
    with pytest.raises(NotFound, match="no scene 5"):
        await store.add_version(alice, lesson.id, 5, "code", "draft")


# Concurrency and crash recovery


async def test_concurrent_add_version_numbers_are_unique(
    store: SqliteLessonStore, alice: User, lesson: Lesson
) -> None:
    made = await asyncio.gather(
        *(store.add_version(alice, lesson.id, 3, f"code {i}", "draft") for i in range(10))
    )
    assert sorted(v.number for v in made) == list(range(1, 11))


@pytest.mark.sqlite_only
async def test_two_instances_share_the_file(db: Path, store: SqliteLessonStore) -> None:
    with SqliteLessonStore.open(db) as other:
        alice = await store.ensure_user("alice")
        assert await other.ensure_user("alice") == alice
        lesson = await store.create_lesson(alice, "T", "p", "chat", "low", DRAFTS)
        assert await other.get_lesson(alice, lesson.id) == lesson
        version = await other.add_version(alice, lesson.id, 1, "code", "draft")
        await ok(other, alice, version)
        current = await store.current_version(alice, lesson.id, 1)
        assert current is not None and current.id == version.id

        # Two connections writing at once: BEGIN IMMEDIATE + busy wait keep numbers unique.
        made = await asyncio.gather(
            *(
                s.add_version(alice, lesson.id, 2, "c", "d")
                for _ in range(10)
                for s in (store, other)
            )
        )
        assert sorted(v.number for v in made) == list(range(1, 21))


@pytest.mark.sqlite_only
async def test_another_process_writes_concurrently(db: Path, store: SqliteLessonStore) -> None:
    alice = await store.ensure_user("alice")
    lesson = await store.create_lesson(alice, "T", "p", "chat", "low", DRAFTS)
    script = textwrap.dedent(f"""
        import asyncio
        from pathlib import Path
        from lessons.store.sqlite_store import SqliteLessonStore

        async def main():
            with SqliteLessonStore.open(Path({str(db)!r})) as store:
                alice = await store.ensure_user("alice")
                print("ready", flush=True)
                for _ in range(50):
                    await store.add_version(alice, {lesson.id!r}, 4, "child", "draft")

        asyncio.run(main())
    """)
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", script, cwd=ROOT, stdout=asyncio.subprocess.PIPE
    )
    assert child.stdout is not None
    assert await child.stdout.readline() == b"ready\n"  # start writing together
    for _ in range(50):
        await store.add_version(alice, lesson.id, 4, "parent", "draft")
    assert await child.wait() == 0
    made = await store.versions(alice, lesson.id, 4)
    assert [v.number for v in made] == list(range(1, 101))
    assert sorted(v.code for v in made) == ["child"] * 50 + ["parent"] * 50


async def test_stale_versions_are_the_unfinished_latest_ones(
    store: SqliteLessonStore, alice: User, lesson: Lesson
) -> None:
    async def add(n: int) -> SceneVersion:
        return await store.add_version(alice, lesson.id, n, "code", "draft")

    await add(1)  # left pending, but superseded by an ok version
    await ok(store, alice, await add(1))
    pending = await add(2)
    await ok(store, alice, await add(3))
    rendering = await store.set_status(alice, (await add(3)).id, "rendering")
    await store.set_status(alice, (await add(4)).id, "failed", error=BOOM)

    stale = await store.stale_versions(alice, lesson.id)
    assert stale == [(2, pending), (3, rendering)]
    requeued = await store.set_status(alice, rendering.id, "pending")
    assert await store.stale_versions(alice, lesson.id) == [(2, pending), (3, requeued)]


async def test_a_version_records_the_worker_that_rendered_it(
    store: SqliteLessonStore, alice: User, lesson: Lesson
) -> None:
    drafted = await store.add_version(alice, lesson.id, 1, "a", "draft")
    assert drafted.rendered_by is None
    rendering = await store.set_status(alice, drafted.id, "rendering")
    assert rendering.rendered_by is None  # not known until a worker answers
    done = await store.set_status(
        alice, drafted.id, "ok", clip=ClipFiles(clip_key="a.mp4"), rendered_by="render-1:4242"
    )
    assert done.rendered_by == "render-1:4242"
    bad = await store.add_version(alice, lesson.id, 1, "b", "edit")
    failed = await store.set_status(alice, bad.id, "failed", error=BOOM, rendered_by="render-2:77")
    local = await ok(store, alice, await store.add_version(alice, lesson.id, 2, "c", "draft"))
    assert (failed.rendered_by, local.rendered_by) == ("render-2:77", None)  # None: in-process
    # Read back every way a version is read.
    assert [v.rendered_by for v in await store.versions(alice, lesson.id, 1)] == [
        "render-1:4242",
        "render-2:77",
    ]
    assert (await store.current_version(alice, lesson.id, 1)) == done
    assert (await store.latest_version(alice, lesson.id, 1)) == failed


@pytest.mark.sqlite_only
async def test_a_version_4_file_gains_rendered_by_and_keeps_its_versions(db: Path) -> None:
    legacy_file(db, 4)  # as the release before this column left it
    conn = connect(db)
    try:
        for sql in lesson_rows():
            conn.execute(sql)
    finally:
        conn.close()
    with SqliteLessonStore.open(db) as store:
        alice = await store.ensure_user("alice")
        [kept] = await store.versions(alice, "l", 1)
        again = await store.add_version(alice, "l", 1, "code 2", "edit")
        done = await store.set_status(
            alice, again.id, "ok", clip=ClipFiles(clip_key="d.mp4"), rendered_by="w:1"
        )
    assert (kept.code, kept.clip_key, kept.rendered_by) == ("code", "c.mp4", None)
    assert done.rendered_by == "w:1"
    assert revision_of(db) == head()  # 0005 and every revision after it


async def test_a_version_keeps_the_layout_items_of_its_render(
    store: SqliteLessonStore, alice: User, lesson: Lesson
) -> None:
    drafted = await store.add_version(alice, lesson.id, 1, "a", "draft")
    assert drafted.layout == []
    rendering = await store.set_status(alice, drafted.id, "rendering")
    assert rendering.layout == []  # not known until the render is done
    done = await store.set_status(
        alice, drafted.id, "ok", clip=ClipFiles(clip_key="a.mp4"), layout=LAYOUT
    )
    assert done.layout == LAYOUT  # exactly: kinds, messages, times, lines, objects, order
    bad = await store.add_version(alice, lesson.id, 1, "b", "edit")
    failed = await store.set_status(alice, bad.id, "failed", error=BOOM)
    clean = await ok(store, alice, await store.add_version(alice, lesson.id, 2, "c", "draft"))
    assert (failed.layout, clean.layout) == ([], [])
    # Read back every way a version is read.
    assert [v.layout for v in await store.versions(alice, lesson.id, 1)] == [LAYOUT, []]
    assert (await store.current_version(alice, lesson.id, 1)) == done
    assert (await store.latest_version(alice, lesson.id, 1)) == failed
    [first, second, *_] = await store.scene_states(alice, lesson.id)
    assert (first.current, second.current) == (done, clean)


@pytest.mark.sqlite_only
async def test_a_revision_0006_file_gains_layout_and_keeps_its_versions(db: Path) -> None:
    upgrade_sqlite(db, "0006")  # as the release before this column left it
    conn = connect(db)
    try:
        for sql in lesson_rows(version_tail=", 'w:1'"):
            conn.execute(sql)
    finally:
        conn.close()
    with SqliteLessonStore.open(db) as store:
        alice = await store.ensure_user("alice")
        [kept] = await store.versions(alice, "l", 1)
        again = await store.add_version(alice, "l", 1, "code 2", "edit")
        done = await store.set_status(
            alice, again.id, "ok", clip=ClipFiles(clip_key="d.mp4"), layout=LAYOUT
        )
    assert (kept.code, kept.clip_key, kept.rendered_by, kept.layout) == ("code", "c.mp4", "w:1", [])
    assert done.layout == LAYOUT
    assert revision_of(db) == head()  # 0007 and every revision after it


async def test_a_version_keeps_the_narration_it_was_made_with(
    store: SqliteLessonStore, alice: User, lesson: Lesson
) -> None:
    spoken = await store.add_version(alice, lesson.id, 1, "a", "draft", narration=SPOKEN)
    assert spoken.narration == SPOKEN  # exactly: text, voice, speech length, spans in order
    silent = await store.add_version(alice, lesson.id, 2, "b", "draft")
    assert silent.narration is None
    # Read back every way a version is read, before and after its render.
    assert [v.narration for v in await store.versions(alice, lesson.id, 1)] == [SPOKEN]
    assert (await store.latest_version(alice, lesson.id, 1)) == spoken
    assert (await store.current_version(alice, lesson.id, 1)) is None
    rendering = await store.set_status(alice, spoken.id, "rendering")
    assert rendering.narration == SPOKEN
    done = await ok(store, alice, spoken)
    assert done.narration == SPOKEN
    assert (await store.current_version(alice, lesson.id, 1)) == done
    assert (await store.latest_version(alice, lesson.id, 1)) == done
    clean = await ok(store, alice, silent)
    assert clean.narration is None
    assert [v.narration for v in await store.versions(alice, lesson.id, 2)] == [None]
    assert (await store.current_version(alice, lesson.id, 2)) == clean
    [first, second, *_] = await store.scene_states(alice, lesson.id)
    assert (first.current, second.current) == (done, clean)
    # A new version of the same scene keeps its own narration, not its parent's.
    edit = await store.add_version(alice, lesson.id, 1, "a2", "edit: red")
    assert (edit.parent_number, edit.narration) == (1, None)


@pytest.mark.sqlite_only
async def test_a_revision_0007_file_gains_narration_and_keeps_its_versions(db: Path) -> None:
    upgrade_sqlite(db, "0007")  # as the release before this column left it
    conn = connect(db)
    try:
        items = '[{"kind": "overlap", "message": "m", "at_s": 1.0, "line": 2, "objects": []}]'
        for sql in lesson_rows(version_tail=f", 'w:1', '{items}'"):
            conn.execute(sql)
    finally:
        conn.close()
    with SqliteLessonStore.open(db) as store:
        alice = await store.ensure_user("alice")
        [kept] = await store.versions(alice, "l", 1)
        again = await store.add_version(alice, "l", 1, "code 2", "edit", narration=SPOKEN)
        [_, read] = await store.versions(alice, "l", 1)
    assert (kept.code, kept.clip_key, kept.rendered_by) == ("code", "c.mp4", "w:1")
    assert ([item.kind for item in kept.layout], kept.narration) == (["overlap"], None)
    assert again.narration == read.narration == SPOKEN
    assert revision_of(db) == head()  # 0008 and every revision after it
