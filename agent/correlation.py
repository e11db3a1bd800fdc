"""A correlation id per call (chat turn, CLI command, job), carried into every log line."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Generator
from contextlib import contextmanager
from contextvars import ContextVar

_current: ContextVar[str] = ContextVar("correlation_id", default="-")


def current_id() -> str:
    return _current.get()


@contextmanager
def correlation(cid: str | None = None) -> Generator[str]:
    """Run a block under a correlation id (a fresh one unless given); tasks started inside inherit it."""
    token = _current.set(cid or uuid.uuid4().hex[:12])
    try:
        yield _current.get()
    finally:
        _current.reset(token)


class CorrelationFilter(logging.Filter):
    """Adds `record.cid` so formats can print `%(cid)s`."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.cid = _current.get()
        return True


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.addFilter(CorrelationFilter())
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s [%(cid)s] %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Alembic narrates each step at INFO; the lesson store logs the upgrade it ran instead.
    logging.getLogger("alembic").setLevel(logging.WARNING)
