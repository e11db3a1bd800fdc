"""The layout audit: text off the frame, drawn over other text or crossed by a line, or too
small to read. Runs INSIDE the sandbox, loaded by path by scene_runner.py: stdlib, numpy and
manim only.

It watches the real render, renders nothing itself: at the end of every play()/wait() and every
SAMPLE_EVERY_S of animation time it measures what is on screen (layout_shapes.py) and judges it
(layout_checks.py); a defect becomes an item once it has been on screen for SEEN_AFTER_S, or is
there when the scene ends.
Items are warnings: the audit swallows its own failures and stops sampling past its time budget,
so it can never fail or noticeably slow a good render.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import sys
import time
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tools.render import layout_checks as checks
    from tools.render import layout_shapes as shapes
else:  # the sandbox runs `python -I runner.py`: this folder is not on sys.path

    def _load_sibling(name: str) -> types.ModuleType:
        import importlib.util

        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    shapes = _load_sibling("layout_shapes")
    checks = _load_sibling("layout_checks")

# Mid-animation samples; together with end-of-play samples this measures a defect's duration
# to within half a second without looking at every frame.
SAMPLE_EVERY_S = 0.5
# A defect on screen this long is seen by a viewer; a transition that passes through one is not.
SEEN_AFTER_S = 0.5
MAX_ITEMS = 30
# The audit may use this share of the render's wall time (plus a fixed allowance); past it, it
# stops sampling mid-animation.
BUDGET_SHARE = 0.05
BUDGET_FIXED_S = 0.1
HARD_BUDGET = 3  # x the budget: past it, even end-of-play samples stop
# Scene-code calls that place a mobject: the line of the last one is the line to fix.
PLACING = (
    "move_to", "next_to", "shift", "to_edge", "to_corner", "align_to", "set_x", "set_y",
    "center", "arrange", "arrange_in_grid", "scale", "scale_to_fit_width",
    "scale_to_fit_height", "stretch_to_fit_width", "set_width", "set_height", "rotate",
    "match_x", "match_y", "replace", "surround", "set_z",
)  # fmt: skip


class Audit:
    """Hooks one render; `items()` gives the defects seen, as plain JSON-ready dicts."""

    def __init__(self, manim: Any, code_path: str) -> None:
        self.manim = manim
        self.code_path = code_path
        self.kinds = shapes.Kinds(manim)
        self.seq = 0
        self.started = time.perf_counter()
        self.spent = 0.0
        self.next_sample = SAMPLE_EVERY_S
        self.moving: set[int] = set()  # ids of what the current play animates
        # Defects in the last sample, each as first seen in this unbroken run of samples.
        self.open: dict[tuple[str, ...], dict[str, Any]] = {}
        self.found: dict[tuple[str, ...], dict[str, Any]] = {}  # seen long enough: reported
        self.broken = False
        self._hook()

    def _hook(self) -> None:
        mobject, scene = self.manim.Mobject, self.manim.Scene
        audit, code_path = self, self.code_path
        init = mobject.__init__

        @functools.wraps(init)
        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            init(self, *args, **kwargs)
            here = inspect.currentframe()
            frame, hops = (here.f_back if here else None), 0
            while frame is not None and hops < 40:  # the scene line that made it, if any
                if frame.f_code.co_filename == code_path:
                    with contextlib.suppress(Exception):
                        self._layout_line = frame.f_lineno
                    break
                frame, hops = frame.f_back, hops + 1

        mobject.__init__ = __init__
        for name in PLACING:
            if callable(getattr(mobject, name, None)):
                setattr(mobject, name, self._placing(getattr(mobject, name)))

        play, update_to_time = scene.play, scene.update_to_time

        def play_then_sample(self: Any, *args: Any, **kwargs: Any) -> Any:
            audit.moving = set()
            outcome = play(self, *args, **kwargs)
            audit.sample(self, mid_play=False)
            return outcome

        def update_then_sample(self: Any, t: float) -> None:
            update_to_time(self, t)
            audit.sample(self, mid_play=True)

        scene.play = play_then_sample
        scene.update_to_time = update_then_sample
        self._hook_animate()

    def _hook_animate(self) -> None:
        """`mob.animate.shift(…)` places `mob` at that scene line: the builder calls the
        method on a copy from manim's own code, which `_placing` does not count."""
        builder = getattr(getattr(self.manim, "mobject", None), "mobject", None)
        builder = getattr(builder, "_AnimationBuilder", None)
        if builder is None:
            return
        audit, code_path, lookup = self, self.code_path, builder.__getattr__

        def getattr_placing(self: Any, name: str) -> Any:
            update_target = lookup(self, name)
            if name not in PLACING:
                return update_target

            def placing(*args: Any, **kwargs: Any) -> Any:
                here = inspect.currentframe()
                frame = here.f_back if here else None
                if frame is not None and frame.f_code.co_filename == code_path:
                    audit.seq += 1
                    with contextlib.suppress(Exception):
                        self.mobject._layout_placed = (audit.seq, frame.f_lineno)
                return update_target(*args, **kwargs)

            return placing

        builder.__getattr__ = getattr_placing

    def _placing(self, method: Any) -> Any:
        audit, code_path = self, self.code_path

        @functools.wraps(method)  # keeps what manim marks on its methods (_override_animate)
        def placed(self: Any, *args: Any, **kwargs: Any) -> Any:
            here = inspect.currentframe()
            frame = here.f_back if here else None
            # Only a call from scene code counts: manim places things internally all the time.
            if frame is not None and frame.f_code.co_filename == code_path:
                audit.seq += 1
                with contextlib.suppress(Exception):
                    self._layout_placed = (audit.seq, frame.f_lineno)
            return method(self, *args, **kwargs)

        return placed

    def sample(self, scene: Any, mid_play: bool) -> None:
        """Measure the screen now (mid-play: only when a sample is due); never raises."""
        if self.broken:
            return
        begun = time.perf_counter()
        try:
            now = float(scene.renderer.time)
            if mid_play and now < self.next_sample:
                return
            self.next_sample = now + SAMPLE_EVERY_S
            allowed = BUDGET_FIXED_S + BUDGET_SHARE * (begun - self.started)
            if self.spent > allowed * (1 if mid_play else HARD_BUDGET):
                return  # over budget: mid-play samples stop first, end-of-play ones later
            if mid_play and not self.moving:
                self.moving = shapes.animated_ids(scene)
            skip = self.moving if mid_play else set[int]()
            self._track(checks.defects(shapes.measure(scene, self.kinds, skip)), now)
        except Exception as exc:  # an audit bug must never fail a good render
            self.broken = True
            print(f"layout audit stopped: {type(exc).__name__}: {exc}", file=sys.stderr)
        finally:
            self.spent += time.perf_counter() - begun

    def _track(self, seen: list[dict[str, Any]], now: float) -> None:
        current = {_key(item): item for item in seen}
        for key in list(self.open):
            if key not in current:
                del self.open[key]  # gone before it was seen long enough, or it is over
        for key, item in current.items():
            first = self.open.setdefault(key, {**item, "at_s": round(now, 2)})
            if now - first["at_s"] >= SEEN_AFTER_S - 1e-6:
                self._report(key, first)

    def _report(self, key: tuple[str, ...], item: dict[str, Any]) -> None:
        if key not in self.found and len(self.found) < MAX_ITEMS:
            self.found[key] = item

    def items(self) -> list[dict[str, Any]]:
        """The defects, first seen first; what is on screen at the end counts at once."""
        try:
            with_end = dict(self.found)
            for key, item in self.open.items():
                if key not in with_end and len(with_end) < MAX_ITEMS:
                    with_end[key] = item
            ordered = sorted(with_end.values(), key=lambda item: item["at_s"])
            return [
                {k: item[k] for k in ("kind", "message", "at_s", "line", "objects")}
                for item in ordered
            ]
        except Exception as exc:  # never fail a good render over its warnings
            print(f"layout audit lost: {type(exc).__name__}: {exc}", file=sys.stderr)
            return []


def _key(item: dict[str, Any]) -> tuple[str, ...]:
    return (item["kind"], *item["objects"])


def watch(manim: Any, code_path: str) -> Audit | None:
    """Start auditing renders of scene code from `code_path`; None if the hooks failed."""
    try:
        return Audit(manim, code_path)
    except Exception as exc:
        print(f"layout audit not started: {type(exc).__name__}: {exc}", file=sys.stderr)
        return None
