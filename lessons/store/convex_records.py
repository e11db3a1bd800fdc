"""Convex's answers → the store's records. Our functions return records field for field
(convex/lib/records.ts); times come as milliseconds since the epoch, numbers as floats."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel

from lessons.store.records import User

R = TypeVar("R", bound=BaseModel)


def to_ms(at: datetime) -> float:
    return at.timestamp() * 1000


def from_ms(ms: float) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


def _times(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        k: from_ms(v) if k.endswith("_at") and isinstance(v, int | float) else v
        for k, v in fields.items()
    }


def record(model: type[R], fields: Any) -> R:
    """One record from a function's answer."""
    return model.model_validate(_times(fields))


def maybe(model: type[R], fields: Any) -> R | None:
    return None if fields is None else record(model, fields)


def records(model: type[R], found: Any) -> list[R]:
    return [record(model, f) for f in found]


def user(fields: Any) -> User:
    return record(User, fields)
