"""How long a share link lasts, as people write it: `30m`, `12h`, `7d`, `3600s`, `2 weeks`."""

from __future__ import annotations

import re
from datetime import timedelta

_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800}
_UNIT_WORDS = {
    "s": ("s", "sec", "secs", "second", "seconds"),
    "m": ("m", "min", "mins", "minute", "minutes"),
    "h": ("h", "hr", "hrs", "hour", "hours"),
    "d": ("d", "day", "days"),
    "w": ("w", "wk", "wks", "week", "weeks"),
}
_UNIT = {word: unit for unit, words in _UNIT_WORDS.items() for word in words}
# ASCII digits only (int() would take other scripts' digits), no sign, no fraction.
_DURATION = re.compile(r"([0-9]{1,7})\s*([a-z]+)")
LONGEST = timedelta(days=366)
EXAMPLES = "30m, 12h, 7d or 3600s"


def parse_duration(text: str) -> timedelta:
    """A positive duration of at most a year; ValueError naming what was wrong otherwise."""
    match = _DURATION.fullmatch(text.strip().lower())
    unit = _UNIT.get(match.group(2)) if match else None
    if match is None or unit is None:
        raise ValueError(f"a duration is a whole number and a unit, like {EXAMPLES}; got {text!r}")
    duration = timedelta(seconds=int(match.group(1)) * _SECONDS[unit])
    if duration <= timedelta(0):
        raise ValueError(f"a duration must be longer than zero, like {EXAMPLES}; got {text!r}")
    if duration > LONGEST:
        raise ValueError(f"a share link can last at most 366 days; got {text!r}")
    return duration
