"""Reading the JSON log lines (`TUTOR_LOG_FORMAT=json`) of app and worker processes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def json_lines(*logs: Path | None) -> list[dict[str, Any]]:
    """Every JSON log line in these files (other output, such as Chainlit's, is skipped)."""
    found: list[dict[str, Any]] = []
    for log in filter(None, logs):
        for line in log.read_text(errors="replace").splitlines():
            if not line.startswith("{"):
                continue
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and "cid" in record:
                found.append(record)
    return found


def who_logged(lines: list[dict[str, Any]], cid: str) -> set[tuple[str, str]]:
    """(service, logger) of every line carrying `cid`."""
    return {(line["service"], line["logger"]) for line in lines if line["cid"] == cid}
