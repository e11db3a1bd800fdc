"""What is on screen now, measured for the layout audit (layout_audit.py). Runs INSIDE the
sandbox, loaded by path: stdlib, numpy and manim only.

Everything is measured in pixels of the clip, through the scene's camera: a moving camera's
frame, a 3D camera's projection (fixed-in-frame mobjects as they are). Text-like mobjects are
units (a Text, a MathTex, a number: never split); lines and outlines are checked only where
they run through a unit's glyphs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

MAX_UNITS = 150  # per sample, to bound the cost on huge scenes
MAX_VISITED = 4000  # mobjects looked at per sample (a 3D surface has thousands of faces)


class Kinds:
    """manim's classes the audit tells apart, looked up once."""

    def __init__(self, manim: Any) -> None:
        self.text = (manim.Text, manim.MarkupText, manim.Paragraph)
        self.tex = (manim.SingleStringMathTex, manim.DecimalNumber)
        self.axes = (manim.CoordinateSystem, manim.NumberLine)
        # Drawn on or around text on purpose: never "through" it.
        self.marks = (manim.Cross, manim.SurroundingRectangle, manim.Underline)
        self.grids = (manim.Table, manim.Code)
        self.vmobject = manim.VMobject
        self.rectangle = manim.Polygram


class Unit:
    """One text-like mobject as it is on screen (plain class: a dataclass needs its module in
    sys.modules, and this one is loaded by path)."""

    def __init__(
        self, mob: Any, kind: str, glyphs: np.ndarray, line: int | None, seq: int, scale: float
    ) -> None:
        self.mob = mob
        self.kind = kind  # "text" | "tex": how font_size maps to a line height
        self.glyphs = glyphs  # (n, 4) glyph boxes x0, y0, x1, y1 in pixels
        self.box = np.array([*glyphs[:, :2].min(axis=0), *glyphs[:, 2:].max(axis=0)])
        self.line = line
        self.seq = seq  # when scene code last placed it (0: never)
        self.scale = scale  # pixels per scene unit along the text
        self.backed = False  # on a filled rectangle of its own
        self.owners: tuple[int, ...] = ()  # ids of the curves it belongs to (a line's label)
        self.projected = False  # drawn in 3D perspective: font_size says little of its size
        # A tick number or label of axes: cut at the frame edge by a full-frame plane, crossed
        # by the graphs drawn on it, by design.
        self.on_axes = False


class Screen:
    def __init__(self, width: float, height: float) -> None:
        self.width = width
        self.height = height
        self.units: list[Unit] = []
        self.curves: list[tuple[Any, np.ndarray]] = []
        self.backs: list[np.ndarray] = []  # boxes of filled rectangles
        self.camera_moved = False


def animated_ids(scene: Any) -> set[int]:
    """What the running play() animates: caught mid-change, it is not judged."""
    ids: set[int] = set()
    for animation in scene.animations or ():
        mob = getattr(animation, "mobject", None)
        if mob is not None:
            ids.update(id(m) for m in mob.get_family())
    return ids


def measure(scene: Any, kinds: Kinds, skip: set[int]) -> Screen:
    from manim import config

    camera = scene.camera
    width, height = float(config.pixel_width), float(config.pixel_height)
    three_d = hasattr(camera, "project_points")
    # A 3D camera's points come back projected around the frame centre.
    center = np.zeros(2) if three_d else np.asarray(camera.frame_center, dtype=float)[:2]
    frame_height = float(camera.frame_height)
    per_unit = height / frame_height
    frame_object = getattr(camera, "frame", None)
    fixed: set[Any] = getattr(camera, "fixed_in_frame_mobjects", set())

    def to_pixels(mob: Any) -> np.ndarray:
        points = camera.transform_points_pre_display(mob, mob.points)[:, :2]
        pixels = (points - center) * per_unit
        return pixels * [1, -1] + [width / 2, height / 2]

    screen = Screen(width, height)
    moved = bool(np.any(np.abs(center) > 1e-3)) or abs(frame_height - config.frame_height) > 1e-3
    screen.camera_moved = three_d or moved
    # Each entry: a mobject, what draws its lines on purpose ("axes", "mark" or ""), the last
    # placement by scene code among it and its parents, and the curves it belongs to.
    stack: list[tuple[Any, str, tuple[int, int] | None, tuple[int, ...]]] = [
        (m, "", None, ()) for m in reversed(scene.mobjects)
    ]
    visited = 0
    while stack and len(screen.units) < MAX_UNITS and visited < MAX_VISITED:
        mob, quiet, placed, owners = stack.pop()
        visited += 1
        if id(mob) in skip or mob is frame_object:
            continue
        placed = max(placed or (0, 0), getattr(mob, "_layout_placed", None) or (0, 0))
        if isinstance(mob, kinds.text + kinds.tex):
            kind = "text" if isinstance(mob, kinds.text) else "tex"
            unit = _unit(mob, kind, placed, to_pixels, kinds, fixed if three_d else None)
            if unit is not None:
                unit.owners, unit.on_axes = owners, quiet == "axes"
                screen.units.append(unit)
            continue
        if isinstance(mob, kinds.axes):
            quiet = "axes"
        elif not quiet and isinstance(mob, kinds.marks + kinds.grids):
            quiet = "mark"
        if isinstance(mob, kinds.vmobject) and len(mob.points) and visible(mob):
            pixels = to_pixels(mob)
            if isinstance(mob, kinds.rectangle) and fill(mob) >= 0.5:
                screen.backs.append(box_of(pixels))
            if not quiet and stroke(mob) > 0:
                screen.curves.append((mob, pixels))
                owners = (*owners, id(mob))
        stack += [(m, quiet, placed, owners) for m in reversed(mob.submobjects)]
    return screen


def _unit(
    mob: Any,
    kind: str,
    placed: tuple[int, int],
    to_pixels: Any,
    kinds: Kinds,
    fixed: set[Any] | None,  # the 3D camera's fixed-in-frame mobjects; None: a 2D camera
) -> Unit | None:
    leaves = [m for m in mob.get_family() if len(m.points)]
    shown = [m for m in leaves if visible(m)]
    if not shown:
        return None
    glyph_boxes = np.array([box_of(to_pixels(m)) for m in shown if fill(m) > 0 or stroke(m) > 0])
    if not len(glyph_boxes):
        return None
    unit = Unit(mob, kind, glyph_boxes, None, placed[0], 0.0)
    own_points = mob.get_all_points()  # all three axes: a 3D label may lie in any plane
    span = float(np.sum(np.ptp(own_points, axis=0)[:2])) if len(own_points) else 0.0
    if fixed is not None:
        span = float(np.sum(np.ptp(own_points, axis=0)))
        unit.projected = mob not in fixed
    box = unit.box
    unit.scale = (float(box[2] - box[0] + box[3] - box[1]) / span) if span > 0 else 0.0
    unit.backed = any(isinstance(m, kinds.rectangle) and fill(m) >= 0.5 for m in leaves)
    unit.line = placed[1] if placed[0] else getattr(mob, "_layout_line", None)
    return unit


def visible(mob: Any) -> bool:
    return fill(mob) > 0 or stroke(mob) > 0


def fill(mob: Any) -> float:
    opacities = mob.get_fill_opacities() if hasattr(mob, "get_fill_opacities") else ()
    return float(np.max(opacities)) if len(opacities) else 0.0


def stroke(mob: Any) -> float:
    if not hasattr(mob, "get_stroke_opacities") or not (mob.get_stroke_width() or 0) > 0:
        return 0.0
    opacities = mob.get_stroke_opacities()
    return float(np.max(opacities)) if len(opacities) else 0.0


def box_of(pixels: np.ndarray) -> np.ndarray:
    """x0, y0, x1, y1 of points given in pixels."""
    return np.array([*pixels.min(axis=0), *pixels.max(axis=0)])
