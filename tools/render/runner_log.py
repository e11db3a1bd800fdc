"""The sandbox runner's own log lines, relayed into this process's log.

The runner writes a few marked JSON lines into its render log (render started, finished or
failed). That log also holds whatever the untrusted scene code printed, so a line is relayed
only when it names an event the runner writes, under the correlation id this process gave the
job, and only with the fields the runner writes; anything else stays out of our logs.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

from tools.render.runner_guards import LOG_MARK

log = logging.getLogger("tools.render.scene_runner")
EVENTS = frozenset({"render started", "render finished", "render failed"})
FIELDS = {"quality": str, "duration_s": float, "kind": str}
WORD = re.compile(r"[a-z_]{1,40}")  # the runner's strings are such words; nothing else passes
HEAD_BYTES, TAIL_BYTES = 4096, 16384  # the marked lines come first and last


def relay_runner_lines(log_file: Path, cid: str) -> None:
    """Log the runner's marked lines from `log_file` that belong to the call `cid`."""
    for line in _marked_lines(log_file):
        try:
            record: Any = json.loads(line[len(LOG_MARK) :])
        except ValueError:
            continue
        if not isinstance(record, dict) or record.get("cid") != cid:
            continue
        event = record.get("event")
        if event not in EVENTS:
            continue
        fields = {key: record[key] for key, kind in FIELDS.items() if _plain(record.get(key), kind)}
        log.info("sandbox runner: %s", event, extra=fields)


def _plain(value: object, kind: type) -> bool:
    if isinstance(value, str):
        return kind is str and WORD.fullmatch(value) is not None
    return isinstance(value, kind)


def _marked_lines(log_file: Path) -> list[str]:
    try:
        with log_file.open("rb") as f:
            head = f.read(HEAD_BYTES)
            f.seek(0, 2)
            size = f.tell()
            f.seek(max(len(head), size - TAIL_BYTES))
            tail = f.read()
    except OSError:
        return []
    text = (head + b"\n" + tail).decode("utf-8", errors="replace")
    return [line for line in text.splitlines() if line.startswith(LOG_MARK)]
