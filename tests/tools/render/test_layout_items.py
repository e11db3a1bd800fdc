"""Layout items are untrusted data from the sandbox: well-formed ones are kept, the rest are
dropped, and they survive the render cache, the CLI JSON and the Celery round trip."""

from __future__ import annotations

from pathlib import Path

from tools.render.cache import RenderCache
from tools.render.layout import MAX_ITEMS, LayoutItem, parse_layout
from tools.render.result import RenderOk, to_cli_json
from tools.storage.local import LocalStorage

GOOD = {
    "kind": "overlap",
    "message": "Text('a') and Text('b') are drawn over each other: use next_to.",
    "at_s": 1.0,
    "line": 7,
    "objects": ["Text('a')", "Text('b')"],
}


def test_well_formed_items_are_kept() -> None:
    assert parse_layout([GOOD]) == [LayoutItem.model_validate(GOOD)]


def test_malformed_items_are_dropped() -> None:
    bad: list[object] = [
        "overlap",
        {**GOOD, "kind": "ugly"},
        {**GOOD, "at_s": "soon"},
        {**GOOD, "at_s": float("nan")},
        {**GOOD, "at_s": -1},
        {**GOOD, "message": None},
        {**GOOD, "objects": "Text('a')"},
        {k: v for k, v in GOOD.items() if k != "kind"},
    ]
    assert parse_layout(bad) == []
    assert parse_layout({"layout": [GOOD]}) == [] and parse_layout(None) == []


def test_items_are_trimmed_and_capped() -> None:
    flood = [{**GOOD, "message": "x" * 10_000, "objects": ["y" * 500] * 50, "line": True}] * 500
    items = parse_layout(flood)
    assert len(items) == MAX_ITEMS
    assert len(items[0].message) <= 400 and len(items[0].objects) <= 4
    assert all(len(o) <= 80 for o in items[0].objects) and items[0].line is None


async def test_a_cache_hit_gives_back_the_same_layout(tmp_path: Path) -> None:
    video, poster = tmp_path / "v.mp4", tmp_path / "p.png"
    video.write_bytes(b"v")
    poster.write_bytes(b"p")
    cache = RenderCache(LocalStorage(tmp_path / "cache"))
    items = parse_layout([GOOD])
    stored = await cache.put("ab" * 32, video, poster, 2.0, items)
    hit = await cache.get("ab" * 32)
    assert hit is not None and hit.cached
    assert stored.layout == hit.layout == items


def test_the_cli_json_and_a_workers_answer_carry_the_layout(tmp_path: Path) -> None:
    result = RenderOk(video_key="v", poster_key="p", duration_s=1.0, layout=parse_layout([GOOD]))
    out = to_cli_json(result, tmp_path / "v.mp4", tmp_path / "p.png")
    assert out["ok"] is True and out["layout"] == [GOOD]
    # A Celery worker returns model_dump(mode="json"); the app reads it back with model_validate.
    assert RenderOk.model_validate(result.model_dump(mode="json")) == result
    clean = RenderOk(video_key="v", poster_key="p", duration_s=1.0)
    assert to_cli_json(clean, tmp_path / "v.mp4", tmp_path / "p.png")["layout"] == []
