"""Removed API whose calls Manim CE spells as a different expression, written as templates.

`gl_migrations` folds them into its NAMES table. `Old(x)` is rewritten to `template.format(x)` only
when x is a plain name (or a chain of attributes), since the template may repeat it; later
positional arguments fill {1}, {2}... (or their defaults), and any other call shape is advice.

Old Manim's continual animations, which updaters replaced in 2019, keep their old defaults (pi/12
radians per second about the mobject's center; 0.05 units per second to the right). The updater is
added at once rather than when the animation was added; `add_updater` returns the mobject, so
`self.add(ContinualRotation(mob))` still adds it.
"""

from __future__ import annotations

from typing import NamedTuple


class CallTemplate(NamedTuple):
    old: str
    new: str  # the Manim CE API it becomes
    suggestion: str
    template: str | None = None  # None: advice only
    defaults: tuple[str, ...] = ()  # for {1}, {2}... when the call omits them


_T = CallTemplate
_UPDATER = "an updater: mob.add_updater(lambda m, dt: ...)"
_ROTATE = "mob.add_updater(lambda m, dt: m.rotate(dt * RATE))"
_SHIFT = "mob.add_updater(lambda m, dt: m.shift(dt * RATE * DIRECTION))"
_ADD = "add_updater"

# fmt: off
TEMPLATED: tuple[CallTemplate, ...] = (
    _T("VFadeInThenOut", "Succession", "Succession(FadeIn(mob), FadeOut(mob))",
       "Succession(FadeIn({0}), FadeOut({0}))"),
    _T("ShowCreationThenFadeOut", "Succession", "Succession(Create(mob), FadeOut(mob))",
       "Succession(Create({0}), FadeOut({0}))"),
    # ManimGL's CountInFrom(decimal, start=0) counts from start to the value the decimal shows.
    _T("CountInFrom", "ChangingDecimal", "ChangingDecimal(decimal, lambda a: interpolate(START, END, a))",
       "ChangingDecimal({0}, lambda a, end={0}.get_value(): interpolate({1}, end, a))", ("0",)),
    _T("ContinualAnimation", _ADD, _UPDATER),
    _T("ContinualRotation", _ADD, _ROTATE, "{0}.add_updater(lambda m, dt: m.rotate(dt * PI / 12))"),
    _T("ContinualMovement", _ADD, _SHIFT, "{0}.add_updater(lambda m, dt: m.shift(dt * 0.05 * RIGHT))"),
    _T("AmbientRotation", _ADD, _ROTATE),
    _T("AmbientMovement", _ADD, _SHIFT),
    _T("ContinualUpdate", _ADD, "mob.add_updater(func) (func takes the mobject)"),
    _T("ContinualUpdateFromFunc", _ADD, "mob.add_updater(func) (func takes the mobject)"),
    _T("ContinualUpdateFromTimeFunc", _ADD, "mob.add_updater(lambda m, dt: func(m, dt))"),
    _T("ContinualGrowValue", _ADD, "tracker.add_updater(lambda t, dt: t.increment_value(RATE * dt))"),
    _T("ContinualChangingDecimal", _ADD, "decimal.add_updater(lambda d: d.set_value(...))"),
    _T("ContinualMaintainPositionRelativeTo", _ADD, "mob.add_updater(lambda m: m.next_to(other, UP))"),
    _T("ContinualAnimationGroup", _ADD, "one updater per mobject: mob.add_updater(...)"),
    _T("NormalAnimationAsContinualAnimation", _ADD, _UPDATER),
    _T("CycleAnimation", _ADD, _UPDATER),
)
# fmt: on
