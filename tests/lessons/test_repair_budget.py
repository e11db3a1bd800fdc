"""A turn's budget: repairs of failures, and the one polish of a good but untidy render."""

from __future__ import annotations

from datetime import UTC, datetime

from lessons.repairs import RepairBudget
from lessons.store.records import SceneVersion, VersionStatus
from tools.render.layout import LayoutItem
from tools.render.result import RenderError

OVERLAP = LayoutItem(kind="overlap", message="Move one.", at_s=0.5, line=6, objects=["Text('a')"])


def version(number: int, status: VersionStatus, untidy: bool = False) -> SceneVersion:
    error = RenderError(kind="runtime", message="boom") if status == "failed" else None
    return SceneVersion(
        id=f"v{number}",
        scene_id="s",
        number=number,
        code="",
        note="",
        parent_number=None,
        status=status,
        clip_key=None,
        poster_key=None,
        duration_s=None,
        error=error,
        created_at=datetime.now(UTC),
        layout=[OVERLAP] if untidy else [],
    )


def test_an_untidy_render_gets_one_polish_and_then_the_scene_is_kept() -> None:
    budget = RepairBudget(max_attempts=2)
    budget.record(1, version(1, "ok", untidy=True))
    assert budget.polish_left(1) == 1 and budget.rewrite_refusal([1]) is None
    budget.record(1, version(2, "ok", untidy=True))  # the polish did not help
    assert budget.polish_left(1) == 0
    refusal = budget.rewrite_refusal([1])
    assert refusal and "already had its layout fix" in refusal
    # Rendering what is there (reporting it as it stands) is not refused, nor other scenes.
    assert budget.refusal([1]) is None and budget.rewrite_refusal([2]) is None
    assert budget.attempts_left(1) == 3, "layout warnings are not failures"


def test_a_clean_polish_frees_the_scene_and_a_failed_one_is_repaired() -> None:
    budget = RepairBudget(max_attempts=2)
    budget.record(1, version(1, "ok", untidy=True))
    budget.record(1, version(2, "ok"))
    assert budget.rewrite_refusal([1]) is None  # clean now: the user's next edit may go on
    budget.record(2, version(1, "ok", untidy=True))
    budget.record(2, version(2, "failed"))  # the polish broke the scene
    assert budget.polish_left(2) == 0 and budget.attempts_left(2) == 2
    assert budget.rewrite_refusal([2]) is None, "a failure is repaired as any failure is"


def test_a_version_reported_again_is_counted_once() -> None:
    budget = RepairBudget(max_attempts=2)
    failed = version(1, "failed")
    for _ in range(3):  # render_scenes reports scenes it did not render as they stand
        budget.record(1, failed)
    assert budget.attempts_left(1) == 2
    untidy = version(1, "ok", untidy=True)
    budget.record(2, untidy)
    budget.record(2, untidy)
    assert budget.polish_left(2) == 1


def test_the_repair_limit_refuses_new_code_before_it_is_written() -> None:
    budget = RepairBudget(max_attempts=1)
    budget.record(1, version(1, "failed"))
    budget.record(1, version(2, "failed"))
    for refusal in (budget.refusal([1]), budget.rewrite_refusal([1])):
        assert refusal and "repair limit" in refusal
