"""How many times one turn may try to render a failing scene, and when to stop trying at all."""

from __future__ import annotations

from dataclasses import dataclass, field

from lessons.store.records import SceneVersion
from tools.render.disk_full import is_disk_full_error


@dataclass
class RepairBudget:
    """Failed renders per scene in one turn, against a limit; an environment failure (no
    sandbox, a full disk) stops every render, since no change of code can help."""

    max_attempts: int = 3  # repairs per scene; the first render is not a repair
    failures: dict[int, int] = field(default_factory=dict[int, int])
    stopped: str | None = None

    def attempts_left(self, n: int) -> int:
        return max(0, self.max_attempts + 1 - self.failures.get(n, 0))

    def repairing(self) -> frozenset[int]:
        """Scenes that failed before in this turn: their next good render is a repair."""
        return frozenset(n for n, count in self.failures.items() if count)

    def refusal(self, numbers: list[int]) -> str | None:
        """Why these scenes may not be rendered again, or None when they may."""
        if self.stopped:
            return self.stopped
        over = [n for n in numbers if self.attempts_left(n) == 0]
        if not over:
            return None
        names = ", ".join(str(n) for n in over)
        return (
            f"Scene {names} failed {self.max_attempts + 1} times: the repair limit is reached. "
            "Stop repairing; tell the user the scene keeps its last good version (or a "
            "placeholder) and why."
        )

    def record(self, n: int, version: SceneVersion) -> None:
        """Count a render's result against the budget."""
        if version.status != "failed":
            return
        self.failures[n] = self.failures.get(n, 0) + 1
        error = version.error
        if error is not None and (error.kind == "environment" or is_disk_full_error(error)):
            self.stopped = f"Not a code problem, rendering cannot work here: {error.message}"
