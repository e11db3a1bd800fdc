"""How many times one turn may try to render a failing scene, and when to stop trying at all;
and the one "polish" a good render with layout warnings gets, apart from the repairs."""

from __future__ import annotations

from dataclasses import dataclass, field

from lessons.store.records import SceneVersion
from tools.render.disk_full import is_disk_full_error


@dataclass
class RepairBudget:
    """Failed renders per scene in one turn, against a limit; an environment failure (no
    sandbox, a full disk) stops every render, since no change of code can help.

    A scene whose newest render this turn is good but has layout warnings ("untidy") may be
    rewritten `max_polishes` times to fix them; a polish that fails is repaired as any
    failure is. The limits bound the work of one turn, not what the user may ask next.
    """

    max_attempts: int = 3  # repairs per scene; the first render is not a repair
    max_polishes: int = 1  # layout fixes per scene
    failures: dict[int, int] = field(default_factory=dict[int, int])
    polishes: dict[int, int] = field(default_factory=dict[int, int])
    untidy: set[int] = field(default_factory=set[int])  # newest render good, with warnings
    seen: dict[int, int] = field(default_factory=dict[int, int])  # scene → newest version counted
    stopped: str | None = None

    def attempts_left(self, n: int) -> int:
        return max(0, self.max_attempts + 1 - self.failures.get(n, 0))

    def polish_left(self, n: int) -> int:
        return max(0, self.max_polishes - self.polishes.get(n, 0))

    def repairing(self) -> frozenset[int]:
        """Scenes that failed before in this turn: their next good render is a repair."""
        return frozenset(n for n, count in self.failures.items() if count)

    def refusal(self, numbers: list[int]) -> str | None:
        """Why these scenes may not be rendered again, or None when they may."""
        return self.stopped or self._over_limit(numbers)

    def _over_limit(self, numbers: list[int]) -> str | None:
        over = [n for n in numbers if self.attempts_left(n) == 0]
        if not over:
            return None
        names = ", ".join(str(n) for n in over)
        return (
            f"Scene {names} failed {self.max_attempts + 1} times: the repair limit is reached. "
            "Stop repairing; tell the user the scene keeps its last good version (or a "
            "placeholder) and why."
        )

    def rewrite_refusal(self, numbers: list[int]) -> str | None:
        """Why new code for these scenes would be wasted in this turn, or None when it would
        not: refused before it is written, so no version is left waiting for a render. (Code
        written after a stop is kept: it renders when the lesson is resumed.)"""
        if refusal := self._over_limit(numbers):
            return refusal
        polished = [n for n in numbers if n in self.untidy and self.polish_left(n) == 0]
        if not polished:
            return None
        names = ", ".join(str(n) for n in polished)
        return (
            f"Scene {names} already had its layout fix in this turn and renders fine: keep it "
            "as it is, go on with the lesson, and mention the remaining layout warnings to the "
            "user (they can press Fix layout or ask again)."
        )

    def record(self, n: int, version: SceneVersion) -> None:
        """Count a render's result against the budget (a version seen before is not counted)."""
        if self.seen.get(n) == version.number:
            return
        self.seen[n] = version.number
        if n in self.untidy:  # the previous render was good but untidy: this one is a polish
            self.polishes[n] = self.polishes.get(n, 0) + 1
            self.untidy.discard(n)
        if version.status == "ok" and version.layout:
            self.untidy.add(n)
        if version.status != "failed":
            return
        self.failures[n] = self.failures.get(n, 0) + 1
        error = version.error
        if error is not None and (error.kind == "environment" or is_disk_full_error(error)):
            self.stopped = f"Not a code problem, rendering cannot work here: {error.message}"
