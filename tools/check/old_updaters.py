"""Old Manim's continual animations, which updaters replaced in 2019, and their Manim CE spelling.

`gl_migrations` folds them into its NAMES table. A plain `ContinualRotation(mob)` is rewritten with
the old defaults (pi/12 radians per second about the mobject's center; 0.05 units per second to the
right). The updater is added at once rather than when the animation was added, and `add_updater`
returns the mobject, so `self.add(ContinualRotation(mob))` still adds it. Anything else is advice.
"""

from __future__ import annotations

from typing import NamedTuple


class ContinualAnimation(NamedTuple):
    old: str
    suggestion: str
    template: str | None = None  # `Old(mob)` -> template.format("mob")


_C = ContinualAnimation
_UPDATER = "an updater: mob.add_updater(lambda m, dt: ...)"
_ROTATE = "mob.add_updater(lambda m, dt: m.rotate(dt * RATE))"
_SHIFT = "mob.add_updater(lambda m, dt: m.shift(dt * RATE * DIRECTION))"

CONTINUAL_ANIMATIONS: tuple[ContinualAnimation, ...] = (
    _C("ContinualAnimation", _UPDATER),
    _C("ContinualRotation", _ROTATE, "{0}.add_updater(lambda m, dt: m.rotate(dt * PI / 12))"),
    _C("ContinualMovement", _SHIFT, "{0}.add_updater(lambda m, dt: m.shift(dt * 0.05 * RIGHT))"),
    _C("AmbientRotation", _ROTATE),
    _C("AmbientMovement", _SHIFT),
    _C("ContinualUpdate", "mob.add_updater(func) (func takes the mobject)"),
    _C("ContinualUpdateFromFunc", "mob.add_updater(func) (func takes the mobject)"),
    _C("ContinualUpdateFromTimeFunc", "mob.add_updater(lambda m, dt: func(m, dt))"),
    _C("ContinualGrowValue", "tracker.add_updater(lambda t, dt: t.increment_value(RATE * dt))"),
    _C("ContinualChangingDecimal", "decimal.add_updater(lambda d: d.set_value(...))"),
    _C("ContinualMaintainPositionRelativeTo", "mob.add_updater(lambda m: m.next_to(other, UP))"),
    _C("ContinualAnimationGroup", "one updater per mobject: mob.add_updater(...)"),
    _C("NormalAnimationAsContinualAnimation", _UPDATER),
    _C("CycleAnimation", _UPDATER),
)
