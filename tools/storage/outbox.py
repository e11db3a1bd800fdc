"""Files waiting to be uploaded: a directory on local disk that survives restarts.

Each entry is two files: `<id>.data` (the bytes, linked or copied from the source) and
`<id>.json` (key, content type, attempts, when to try next), written in that order and each by
an atomic rename, so a crash leaves either a whole entry or a stray `.data` file that the next
scan removes. Several processes may share one outbox (the app and a `tutor` command): an entry
uploaded twice is harmless, since both uploads carry the same bytes to the same key.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from tools.retry import backoff_s
from tools.storage.local import place_file

STRAY_DATA_AGE_S = 3600.0  # a .data file with no record this old was left by a crash


@dataclass(frozen=True)
class Pending:
    """One file waiting for its upload."""

    id: str
    key: str
    content_type: str
    created_at: float
    attempts: int = 0
    next_try_at: float = 0.0
    last_error: str = ""


class Outbox:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def data_path(self, entry: Pending) -> Path:
        return self.root / f"{entry.id}.data"

    def add(self, key: str, source: Path, content_type: str) -> Pending:
        """Keep a copy of `source` until `key` is uploaded; returns the new entry."""
        entry = Pending(uuid.uuid4().hex, key, content_type, time.time())
        place_file(source, self.data_path(entry))
        self._write(entry)
        return entry

    def entries(self) -> list[Pending]:
        """Every waiting entry, oldest first (a record another process is removing is skipped)."""
        found: list[Pending] = []
        for record in self.root.glob("*.json"):
            try:
                found.append(Pending(**json.loads(record.read_text())))
            except (OSError, ValueError, TypeError):
                continue  # removed meanwhile, or half-written by a process that died
        self._remove_strays({e.id for e in found})
        return sorted(found, key=lambda e: e.created_at)

    def newest_for(self, key: str) -> Pending | None:
        """The latest waiting entry of `key` (its bytes are what the key will hold)."""
        matching = [e for e in self.entries() if e.key == key]
        return matching[-1] if matching else None

    def failed(self, entry: Pending, error: str, *, base_s: float, max_s: float) -> Pending:
        """Record a failed try; the next one waits longer (exponential backoff with jitter)."""
        attempts = entry.attempts + 1
        # Half the bound fixed, half random: many waiting uploads (or several app instances)
        # neither retry in lockstep nor come straight back to a store that is recovering.
        wait = backoff_s(attempts, base_s, max_s, fixed=0.5)
        updated = replace(
            entry, attempts=attempts, next_try_at=time.time() + wait, last_error=error
        )
        self._write(updated)
        return updated

    def remove(self, entry: Pending) -> None:
        (self.root / f"{entry.id}.json").unlink(missing_ok=True)
        self.data_path(entry).unlink(missing_ok=True)

    def _write(self, entry: Pending) -> None:
        tmp = self.root / f".{entry.id}.{uuid.uuid4().hex}.tmp"
        tmp.write_text(json.dumps(asdict(entry)))
        os.replace(tmp, self.root / f"{entry.id}.json")

    def _remove_strays(self, live: set[str]) -> None:
        cutoff = time.time() - STRAY_DATA_AGE_S
        for data in self.root.glob("*.data"):
            try:
                if data.stem not in live and data.stat().st_mtime < cutoff:
                    data.unlink(missing_ok=True)
            except OSError:
                continue
