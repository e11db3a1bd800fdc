"""The offline model's stream: the Responses events the Agents SDK reads, built unvalidated.

The step's items (tool calls, or the one reply) are laid out as a stream, event for event as
`agents.testing.ScriptedModel` lays them out, but constructed from the items as they are,
unvalidated. Validating them first built the validators of `Response` and of its unions of
every kind of item: 0.1 s of a fresh `tutor` process's turn, measured. (openai's own
`construct` would too: it validates each value of a union-typed field to pick its type.)
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from agents.items import TResponseOutputItem, TResponseStreamEvent
from openai import BaseModel as OpenAIModel
from openai.types.responses import (
    Response,
    ResponseCompletedEvent,
    ResponseContentPartAddedEvent,
    ResponseContentPartDoneEvent,
    ResponseCreatedEvent,
    ResponseFunctionCallArgumentsDeltaEvent,
    ResponseFunctionCallArgumentsDoneEvent,
    ResponseFunctionToolCall,
    ResponseInProgressEvent,
    ResponseOutputItemAddedEvent,
    ResponseOutputItemDoneEvent,
    ResponseOutputMessage,
    ResponseOutputText,
    ResponseTextDeltaEvent,
    ResponseTextDoneEvent,
    ResponseUsage,
)
from openai.types.responses.response_usage import InputTokensDetails, OutputTokensDetails

_Model = TypeVar("_Model", bound=OpenAIModel)


def stream_events(
    output: Sequence[TResponseOutputItem], response_id: str | None, model: str
) -> list[TResponseStreamEvent]:
    """created, in progress, each item (added, its parts, done), completed; numbered in order."""
    done = _response(output, response_id, model)
    started = done.model_copy(update={"output": [], "status": "in_progress", "usage": None})
    shapes: list[tuple[type[Any], dict[str, Any]]] = [
        (ResponseCreatedEvent, {"type": "response.created", "response": started}),
        (ResponseInProgressEvent, {"type": "response.in_progress", "response": started}),
    ]
    for index, item in enumerate(output):
        shapes.extend(_item_events(item, index))
    shapes.append((ResponseCompletedEvent, {"type": "response.completed", "response": done}))
    return [
        _construct(event, **copy.deepcopy(fields), sequence_number=number)
        for number, (event, fields) in enumerate(shapes)
    ]


def _construct(kind: type[_Model], **fields: Any) -> _Model:
    """pydantic's `model_construct`: fields set as given, nothing validated or built."""
    return super(OpenAIModel, kind).model_construct(**fields)


def _item_events(
    item: TResponseOutputItem, index: int
) -> Iterator[tuple[type[Any], dict[str, Any]]]:
    at = {"output_index": index}
    if isinstance(item, ResponseFunctionToolCall):
        added = item.model_copy(update={"arguments": "", "status": "in_progress"})
        yield (
            ResponseOutputItemAddedEvent,
            {"type": "response.output_item.added", "item": added, **at},
        )
        item_id = item.call_id if item.id is None else item.id
        yield ResponseFunctionCallArgumentsDeltaEvent, {
            "type": "response.function_call_arguments.delta", "item_id": item_id,
            "delta": item.arguments, **at,
        }  # fmt: skip
        yield ResponseFunctionCallArgumentsDoneEvent, {
            "type": "response.function_call_arguments.done", "item_id": item_id,
            "arguments": item.arguments, "name": item.name, **at,
        }  # fmt: skip
    elif isinstance(item, ResponseOutputMessage):
        added = item.model_copy(update={"content": [], "status": "in_progress"})
        yield (
            ResponseOutputItemAddedEvent,
            {"type": "response.output_item.added", "item": added, **at},
        )
        for part_index, part in enumerate(item.content):
            if not isinstance(part, ResponseOutputText):
                raise TypeError(f"the offline model writes text only, not {type(part).__name__}")
            yield from _text_events(part, {"item_id": item.id, "content_index": part_index, **at})
    else:
        raise TypeError(f"the offline model makes no {type(item).__name__}")
    yield ResponseOutputItemDoneEvent, {"type": "response.output_item.done", "item": item, **at}


def _text_events(
    part: ResponseOutputText, at: dict[str, Any]
) -> Iterator[tuple[type[Any], dict[str, Any]]]:
    empty = part.model_copy(update={"annotations": [], "logprobs": [], "text": ""})
    yield (
        ResponseContentPartAddedEvent,
        {"type": "response.content_part.added", "part": empty, **at},
    )
    yield ResponseTextDeltaEvent, {
        "type": "response.output_text.delta", "delta": part.text, "logprobs": [], **at,
    }  # fmt: skip
    yield ResponseTextDoneEvent, {
        "type": "response.output_text.done", "text": part.text, "logprobs": [], **at,
    }  # fmt: skip
    yield ResponseContentPartDoneEvent, {"type": "response.content_part.done", "part": part, **at}


def _response(
    output: Sequence[TResponseOutputItem], response_id: str | None, model: str
) -> Response:
    usage = _construct(
        ResponseUsage,
        input_tokens=0,
        output_tokens=0,
        total_tokens=0,
        input_tokens_details=_construct(InputTokensDetails, cache_write_tokens=0, cached_tokens=0),
        output_tokens_details=_construct(OutputTokensDetails, reasoning_tokens=0),
    )
    return _construct(
        Response,
        id=response_id,
        created_at=0.0,
        model=model,
        object="response",
        output=list(output),
        parallel_tool_calls=False,
        tool_choice="none",
        tools=[],
        top_p=None,
        status="completed",
        usage=usage,
    )
