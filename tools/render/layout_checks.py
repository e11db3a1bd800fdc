"""The layout audit's judgement: which of what is on screen (layout_shapes.py) is a defect,
with a message that says how to fix it. Runs INSIDE the sandbox, loaded by path: numpy only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from tools.render.layout_shapes import Screen, Unit

# Below this many pixels per line (cap height to descender), lowercase letters are 3-4 px
# tall and blur into each other, all the more once the video is scaled or compressed. At 480p:
# font_size 8 is ~6 px as Text and ~4.5 px as Tex (reported); the default 48 is ~38 px, axis
# numbers (24) ~11 px as Tex, and manim's own smallest labels (a secant group's "dx", ~10 px)
# must pass.
MIN_LINE_PX = 8.0
# Line height per font_size point, in scene units (measured: "Hxg" at 48 is 0.63 as Text,
# 0.45 as Tex, which renders smaller at the same font_size).
LINE_PER_POINT = {"text": 0.634 / 48, "tex": 0.45 / 48}
OFF_FRAME_PX = 3.0  # past the edge by less is not visibly cut
OVERLAP_SHARE = 0.12  # of the smaller unit's glyph area: less is two labels touching
CROSS_INSET = 0.2  # of a glyph box, each side: a line grazing a letter's edge is not through it
MAX_SEGMENTS = 4000
DESCRIBE_CHARS = 24


def defects(screen: Screen) -> list[dict[str, Any]]:
    """Every defect on screen now, as items without a time."""
    found: list[dict[str, Any]] = []
    for unit in screen.units:
        found += _too_small(unit, screen) + ([] if unit.on_axes else _off_frame(unit, screen))
    units = screen.units
    for i, a in enumerate(units):
        for b in units[i + 1 :]:
            if not (a.on_axes and b.on_axes):  # axes lay out their own numbers
                found += _overlap(a, b)
    for unit in units:
        backed = unit.backed or any(_contains(back, unit.box) for back in screen.backs)
        if not (backed or unit.on_axes):
            found += _crossings(unit, screen.curves)
    return found


def describe(mob: Any) -> str:
    """Text('grows with…'): what a reader of the code recognises."""
    lines = getattr(mob, "lines_text", None)  # a Paragraph (and a Code's lines)
    content = (
        getattr(lines, "original_text", None)
        or getattr(mob, "original_text", None)
        or getattr(mob, "text", None)
        or getattr(mob, "tex_string", None)
    )
    name = type(mob).__name__
    number = getattr(mob, "number", None)
    if not content and isinstance(number, int | float | complex):  # DecimalNumber, Integer
        return f"{name}({_short(str(number))})"
    if not isinstance(content, str) or not content:
        return f"{name}(…)"
    return f"{name}({_short(content)!r})"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= DESCRIBE_CHARS else text[: DESCRIBE_CHARS - 1] + "…"


def _item(kind: str, units: list[Unit], message: str) -> dict[str, Any]:
    newest = max(units, key=lambda u: u.seq)  # the last one placed is the one to move
    line = newest.line if newest.line is not None else next((u.line for u in units), None)
    objects = sorted(describe(u.mob) for u in units)
    return {"kind": kind, "message": message, "line": line, "objects": objects}


def _off_frame(unit: Unit, screen: Screen) -> list[dict[str, Any]]:
    x0, y0, x1, y1 = unit.box
    over = {
        "left": -x0,
        "right": x1 - screen.width,
        "top": -y0,
        "bottom": y1 - screen.height,
    }
    sides = [side for side, px in over.items() if px > OFF_FRAME_PX]
    if not sides:
        return []
    what = describe(unit.mob)
    gone = x1 < 0 or y1 < 0 or x0 > screen.width or y0 > screen.height
    if gone and screen.camera_moved:
        return []  # the camera moved or zoomed to other things: leaving this out is the point
    edges = " and ".join(sides) + (" edges" if len(sides) > 1 else " edge")
    where = "is outside" if gone else f"runs off the {edges}"
    fix = (
        "move it inside (to_edge or move_to a point within x ±7, y ±4, or next_to with a buff)"
        " or shrink it with scale_to_fit_width(config.frame_width - 1)"
    )
    return [_item("off_frame", [unit], f"{what} {where} of the frame: {fix}.")]


def _too_small(unit: Unit, screen: Screen) -> list[dict[str, Any]]:
    px = _line_px(unit)
    if px is None or px >= MIN_LINE_PX:
        return []
    size = f"{int(screen.width)}x{int(screen.height)}"
    message = (
        f"{describe(unit.mob)} is about {px:.0f} px tall at {size}, too small to read: "
        "use a larger font_size (24 or more) or scale it up."
    )
    return [_item("too_small", [unit], message)]


def _line_px(unit: Unit) -> float | None:
    glyphs = unit.glyphs
    if unit.projected:  # seen at a slant, its glyphs are thin one way: judge the long way
        longest = float(
            np.max(np.maximum(glyphs[:, 2] - glyphs[:, 0], glyphs[:, 3] - glyphs[:, 1]))
        )
        return longest / 0.75
    try:
        font_size = float(unit.mob.font_size)
    except (AttributeError, ZeroDivisionError, TypeError, ValueError):
        font_size = 0.0
    if font_size > 0 and np.isfinite(font_size):
        return font_size * LINE_PER_POINT[unit.kind] * unit.scale
    # No font size (a Paragraph, a table cell): its tallest glyph, about 3/4 of a line.
    tallest = float(np.max(unit.glyphs[:, 3] - unit.glyphs[:, 1])) if len(unit.glyphs) else 0.0
    return tallest / 0.75 if tallest > 0 else None


def _overlap(a: Unit, b: Unit) -> list[dict[str, Any]]:
    if not _boxes_meet(a.box, b.box):
        return []
    if np.allclose(a.box, b.box, atol=2.0):
        # One drawn exactly on the other looks like one: a copy under an outline effect, or
        # what Transform(a, b) leaves (a, now shaped like b, on b).
        return []
    shared = _shared_area(a.glyphs, b.glyphs)
    smaller = min(_area(a.glyphs), _area(b.glyphs))
    if smaller <= 0 or shared / smaller < OVERLAP_SHARE:
        return []
    first, second = sorted((describe(a.mob), describe(b.mob)))
    message = (
        f"{first} and {second} are drawn over each other: place one with "
        "next_to(other, DOWN, buff=0.3), or arrange them with VGroup(...).arrange(DOWN, buff=0.3)."
    )
    return [_item("overlap", [a, b], message)]


def _boxes_meet(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def _area(boxes: np.ndarray) -> float:
    return float(np.sum((boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])))


def _shared_area(a: np.ndarray, b: np.ndarray) -> float:
    w = np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0])
    h = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1])
    return float(np.sum(np.clip(w, 0, None) * np.clip(h, 0, None)))


def _crossings(unit: Unit, curves: list[tuple[Any, np.ndarray]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for mob, pixels in curves:
        if id(mob) in unit.owners or not _boxes_meet(_box(pixels), unit.box):
            continue
        if _runs_through(pixels, unit.glyphs):
            name = type(mob).__name__
            message = (
                f"The {name} runs through {describe(unit.mob)}: move the text off it with "
                f"next_to({name.lower()}, UP, buff=0.2), or give the text a background "
                "with add_background_rectangle()."
            )
            item = _item("overlap", [unit], message)
            item["objects"] = sorted([describe(unit.mob), f"{name}"])
            found.append(item)
    return found


def _runs_through(pixels: np.ndarray, glyphs: np.ndarray) -> bool:
    """Whether the curve's path (Bézier points sampled) crosses the middle of any glyph."""
    n = len(pixels) - len(pixels) % 4
    if n == 0:
        return False
    curves = pixels[:n].reshape(-1, 4, 2)[: MAX_SEGMENTS // 4]
    t = np.linspace(0, 1, 5)[None, :, None]
    p0, p1, p2, p3 = (curves[:, i][:, None, :] for i in range(4))
    path = (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t**2 * p2 + t**3 * p3
    starts, ends = path[:, :-1].reshape(-1, 2), path[:, 1:].reshape(-1, 2)
    inset = (
        np.stack([glyphs[:, 2] - glyphs[:, 0], glyphs[:, 3] - glyphs[:, 1]] * 2, axis=1)
        * CROSS_INSET
    )
    cores = glyphs + inset * [1, 1, -1, -1]
    cores = cores[(cores[:, 2] > cores[:, 0]) & (cores[:, 3] > cores[:, 1])]
    return any(_segments_hit(starts, ends, core) for core in cores)


def _segments_hit(starts: np.ndarray, ends: np.ndarray, box: np.ndarray) -> bool:
    """Liang-Barsky clipping of every segment against one box, at once."""
    d = ends - starts
    lo, hi = np.zeros(len(d)), np.ones(len(d))
    for axis, (low, high) in enumerate(((box[0], box[2]), (box[1], box[3]))):
        for p, q in ((-d[:, axis], starts[:, axis] - low), (d[:, axis], high - starts[:, axis])):
            parallel = p == 0
            with np.errstate(divide="ignore", invalid="ignore"):
                r = q / p
            lo = np.where(~parallel & (p < 0), np.maximum(lo, r), lo)
            hi = np.where(~parallel & (p > 0), np.minimum(hi, r), hi)
            hi = np.where(parallel & (q < 0), -1.0, hi)
    return bool(np.any(lo <= hi))


def _box(pixels: np.ndarray) -> np.ndarray:
    return np.array([*pixels.min(axis=0), *pixels.max(axis=0)])


def _contains(outer: np.ndarray, inner: np.ndarray) -> bool:
    return bool(np.all(outer[:2] <= inner[:2] + 1) and np.all(outer[2:] >= inner[2:] - 1))
