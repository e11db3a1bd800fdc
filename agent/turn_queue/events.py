"""A turn's live events as JSON: one per `TurnObserver` callback, then `done` with the result.

A turn on a worker writes them to Redis; any app instance replays them into its own observer,
so the chat shows a remote turn exactly as it shows one running in the app.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from agent.tutor import ToolEvent, TurnObserver, TurnResult
from lessons.progress import SceneProgress
from tools.render.layout import LayoutItem
from tools.render.result import RenderError
from tools.retry import RetryNotice

Event = dict[str, Any]


def progress_event(progress: SceneProgress) -> Event:
    fields = asdict(progress)
    fields["error"] = progress.error.model_dump(mode="json") if progress.error else None
    fields["layout"] = [item.model_dump(mode="json") for item in progress.layout]
    return {"type": "progress", **fields}


def text_event(delta: str) -> Event:
    return {"type": "text", "delta": delta}


def tool_event(event: ToolEvent) -> Event:
    return {"type": "tool", **asdict(event)}


def retrying_event(notice: RetryNotice) -> Event:
    return {"type": "retrying", **asdict(notice)}


def done_event(result: TurnResult) -> Event:
    return {
        "type": "done",
        "reply": result.reply,
        "lesson_id": result.lesson_id,
        "rendered": sorted(result.rendered),
        "ok": result.ok,
    }


def recording(write: Any) -> TurnObserver:
    """An observer that writes every callback as an event (`write(event)`)."""
    return TurnObserver(
        progress=lambda p: write(progress_event(p)),
        text=lambda t: write(text_event(t)),
        tool=lambda e: write(tool_event(e)),
        retrying=lambda n: write(retrying_event(n)),
    )


def replay(event: Event, observer: TurnObserver) -> TurnResult | None:
    """Hand one event to `observer`; the turn's result once the event is `done`."""
    kind = event.get("type")
    if kind == "progress":
        fields = {k: v for k, v in event.items() if k != "type"}
        error = fields.pop("error", None)
        layout = tuple(LayoutItem.model_validate(i) for i in fields.pop("layout", None) or ())
        observer.progress(
            SceneProgress(
                **fields,
                error=RenderError.model_validate(error) if error else None,
                layout=layout,
            )
        )
    elif kind == "text":
        observer.text(str(event["delta"]))
    elif kind == "tool":
        observer.tool(ToolEvent(event["kind"], event["call_id"], event["name"], event["data"]))
    elif kind == "retrying":
        observer.retrying(RetryNotice(**{k: v for k, v in event.items() if k != "type"}))
    elif kind == "done":
        return TurnResult(
            str(event["reply"]),
            event.get("lesson_id"),
            set(event.get("rendered") or ()),
            bool(event.get("ok", True)),
        )
    return None
