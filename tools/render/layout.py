"""Layout warnings of a good render, read from the sandbox's report as untrusted data.

The audit (layout_audit.py, inside the sandbox) writes them; whatever the scene code did to
them, what reaches the app is a short list of well-formed items.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

LayoutKind = Literal["off_frame", "overlap", "too_small"]
MAX_ITEMS = 30
MAX_MESSAGE = 400
MAX_OBJECTS = 4
MAX_OBJECT = 80


class LayoutItem(BaseModel):
    """A layout defect seen in the clip: the render is fine, the lesson looks wrong."""

    kind: LayoutKind = Field(
        description="off_frame: partly outside the frame; overlap: drawn over other text or "
        "crossed by a line; too_small: too small to read at the clip's resolution."
    )
    message: str = Field(description="What is wrong and a concrete fix.")
    at_s: float = Field(
        ge=0, allow_inf_nan=False, description="When it is first seen in the clip, in seconds."
    )
    line: int | None = Field(
        default=None, ge=1, description="The scene code's line that made or placed the object."
    )
    objects: list[str] = Field(description="The objects involved, e.g. Text('grows with…').")


def parse_layout(raw: object) -> list[LayoutItem]:
    """The well-formed items of a report's "layout" value, trimmed; anything else is dropped."""
    if not isinstance(raw, list):
        return []
    items: list[LayoutItem] = []
    for entry in raw[:MAX_ITEMS]:  # pyright: ignore[reportUnknownVariableType]
        item = _item(entry)
        if item is not None:
            items.append(item)
    return items


def _item(entry: object) -> LayoutItem | None:
    if not isinstance(entry, dict):
        return None
    fields: dict[str, Any] = dict(entry)  # pyright: ignore[reportUnknownArgumentType]
    message, objects = fields.get("message"), fields.get("objects")
    if not isinstance(message, str) or not isinstance(objects, list):
        return None
    names = [_clip(o, MAX_OBJECT) for o in objects[:MAX_OBJECTS] if isinstance(o, str)]  # pyright: ignore[reportUnknownVariableType]
    line = fields.get("line")
    try:
        return LayoutItem(
            kind=fields.get("kind"),  # pyright: ignore[reportArgumentType]
            message=_clip(message, MAX_MESSAGE),
            at_s=round(float(fields.get("at_s")), 2),  # pyright: ignore[reportArgumentType]
            line=line if type(line) is int and line >= 1 else None,
            objects=names,
        )
    except (ValidationError, TypeError, ValueError, OverflowError):
        return None


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
