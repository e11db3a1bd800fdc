"""One logging setup for every process (the app, the CLI, workers), and the correlation id.

Every call (a chat turn, an API request and the job it starts, a CLI command, a worker's job)
runs under a correlation id; every log line written inside it carries that id, also in tasks
and threads started from it. Lines are readable text by default, JSON objects one per line with
`TUTOR_LOG_FORMAT=json` (for a log shipper). The stdlib `logging` calls of our code and of
libraries go through the same structlog processors, so both formats hold the same fields:
`ts`, `level`, `logger`, `service`, `cid`, `event` (the message) and any `extra=` fields.

This module sits at the bottom layer so that renders and workers can read the id too.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Awaitable, Callable, Generator, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Literal, ParamSpec, TypeVar

from tools.optional_imports import without

# structlog imports rich, if installed, for its console renderer's tracebacks; our lines are our
# own (text or JSON), and rich is 30 ms of every command's start.
with without("rich"):
    import structlog

LogFormat = Literal["text", "json"]
EventDict = MutableMapping[str, Any]

_current: ContextVar[str] = ContextVar("correlation_id", default="-")
_service = "tutor"
# Fields every line has; the text format shows them in its fixed layout, the others after.
_LAYOUT = ("ts", "level", "cid", "logger", "event", "service", "exception")


def current_id() -> str:
    return _current.get()


def new_id() -> str:
    return uuid.uuid4().hex[:12]


@contextmanager
def correlation(cid: str | None = None) -> Generator[str]:
    """Run a block under a correlation id (a fresh one unless given); tasks started inside inherit it."""
    token = _current.set(cid or new_id())
    try:
        yield _current.get()
    finally:
        _current.reset(token)


P = ParamSpec("P")
R = TypeVar("R")


def correlated(handler: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """An async handler (a chat message, a button) run under a fresh correlation id per call."""

    @functools.wraps(handler)
    async def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with correlation():
            return await handler(*args, **kwargs)

    return run


def _add_context(_: Any, __: str, event: EventDict) -> EventDict:
    event["cid"] = _current.get()
    event["service"] = _service
    return event


def _text_line(_: Any, __: str, event: EventDict) -> str:
    """`<time> <LEVEL> [<cid>] <logger>: <message> key=value…`, then the traceback if any."""
    head = (
        f"{event.get('ts', '')} {str(event.get('level', '')).upper()} [{event.get('cid', '-')}] "
        f"{event.get('logger', '')}: {event.get('event', '')}"
    )
    extra = " ".join(f"{k}={v}" for k, v in event.items() if k not in _LAYOUT)
    line = f"{head} {extra}" if extra else head
    if trace := event.get("exception"):
        line += "\n" + str(trace)
    return line


def configure_logging(level: str = "INFO", fmt: LogFormat = "text", service: str = "tutor") -> None:
    """Send every log line of this process to stderr in `fmt`, tagged with `service`."""
    global _service
    _service = service
    json_lines = fmt == "json"
    stamped: list[Any] = [
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        _add_context,
        structlog.processors.TimeStamper(
            fmt="iso" if json_lines else "%Y-%m-%d %H:%M:%S", utc=json_lines, key="ts"
        ),
    ]
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=stamped,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer() if json_lines else _text_line,
        ],
    )
    # structlog's own loggers (structlog.get_logger) take the same road as stdlib ones.
    structlog.configure(
        processors=[*stamped, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler()
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Alembic narrates each step at INFO; the lesson store logs the upgrade it ran instead.
    logging.getLogger("alembic").setLevel(logging.WARNING)
