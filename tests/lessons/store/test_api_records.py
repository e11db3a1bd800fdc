"""The REST API's records in the store: keys, replay memory, jobs scoped to their user, and
the webhook log; the same behaviour on every back end (SQLite, PostgreSQL, Convex)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from lessons.store.api_records import SceneStep, WebhookAttempt
from lessons.store.protocol import LessonStore, NotFound


async def test_keys_are_made_found_listed_and_revoked(store: LessonStore) -> None:
    ada = await store.ensure_user("ada")
    await store.ensure_user("bob")
    made = await store.create_api_key(ada, "tk_00000000000000a1", "salt", "check")
    assert (made.user_name, made.salt, made.secret_check, made.revoked_at) == (
        "ada",
        "salt",
        "check",
        None,
    )
    assert await store.api_key("tk_00000000000000ff") is None
    assert [k.id for k in await store.api_keys()] == ["tk_00000000000000a1"]
    assert await store.api_keys("bob") == []
    assert await store.revoke_api_key("tk_00000000000000a1")
    assert not await store.revoke_api_key("tk_00000000000000a1")  # already revoked
    found = await store.api_key("tk_00000000000000a1")
    assert found is not None and found.revoked_at is not None
    assert (found.user_id, found.created_at) == (ada.id, made.created_at)
    assert found.created_at.tzinfo is not None and found.created_at <= found.revoked_at


async def test_a_signature_is_accepted_once_inside_its_window(store: LessonStore) -> None:
    later = time.time() + 300
    assert await store.remember_signature("tk_1", "a" * 64, later)
    assert not await store.remember_signature("tk_1", "a" * 64, later)  # a replay
    assert await store.remember_signature("tk_1", "b" * 64, time.time() - 1)  # expired at once
    assert await store.remember_signature("tk_1", "b" * 64, later)  # so it was dropped


async def test_jobs_move_along_and_are_their_users_only(store: LessonStore) -> None:
    ada = await store.ensure_user("ada")
    bob = await store.ensure_user("bob")
    job = await store.create_job(ada, "job_1", "tk_1", "lesson", None, None, "http://h/x")
    assert (job.state, job.progress, job.lesson_id, job.error) == ("queued", [], None, None)
    steps = [SceneStep(n=1, title="One", stage="done", version=1)]
    await store.update_job("job_1", state="running", lesson_id="l1", progress=steps)
    done = await store.update_job("job_1", state="failed", error="scene 2 failed")
    assert (done.state, done.lesson_id, done.progress, done.error) == (
        "failed",
        "l1",
        steps,
        "scene 2 failed",
    )
    assert (await store.job(ada, "job_1")).state == "failed"
    with pytest.raises(NotFound) as others:
        await store.job(bob, "job_1")  # another user's job: as if it did not exist
    with pytest.raises(NotFound) as missing:
        await store.job(ada, "job_missing")
    assert str(others.value) == str(missing.value).replace("job_missing", "job_1")
    with pytest.raises(NotFound):
        await store.update_job("job_missing", state="done")
    edit = await store.create_job(ada, "job_2", "tk_1", "edit", "l1", 2, None)
    assert (edit.kind, edit.lesson_id, edit.scene, edit.webhook_url) == ("edit", "l1", 2, None)
    assert edit.created_at == edit.updated_at and done.updated_at >= done.created_at


async def test_webhook_attempts_are_logged_in_order(store: LessonStore) -> None:
    sent: list[WebhookAttempt] = []
    for n, status in ((1, 500), (2, None), (3, 204)):
        sent.append(
            WebhookAttempt(
                id=f"w{n}",
                job_id="job_1" if n < 3 else "job_2",
                url="http://h/x",
                attempt=n,
                status=status,
                error=None if status == 204 else "failed",
                at=datetime.now(UTC),
                duration_ms=5,
            )
        )
        await store.add_webhook_attempt(sent[-1])
    logged = await store.webhook_attempts()
    assert [a.attempt for a in logged] == [1, 2, 3]
    for got, given in zip(logged, sent, strict=True):  # times kept to the microsecond or so
        assert abs(got.at - given.at) <= timedelta(microseconds=2)
        assert got.model_dump(exclude={"at"}) == given.model_dump(exclude={"at"})
    assert [a.status for a in await store.webhook_attempts("job_1")] == [500, None]
    assert [a.id for a in await store.webhook_attempts(limit=1)] == ["w3"]
