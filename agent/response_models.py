"""The OpenAI response models the Agents SDK builds on every streamed turn, made ready at start.

openai's pydantic models build their validators on first use (`DEFER_PYDANTIC_BUILD`), so the
first turn after a start spent about 50 ms building these, on the way to its first clip. The
SDK makes these events for every model it streams from: the Responses API's own, and those it
translates from a chat-completions stream (OpenAI-compatible servers, the offline model).
"""

from __future__ import annotations

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
from pydantic import BaseModel

STREAMED: tuple[type[BaseModel], ...] = (
    Response,
    ResponseUsage,
    InputTokensDetails,
    OutputTokensDetails,
    ResponseCreatedEvent,
    ResponseInProgressEvent,
    ResponseOutputItemAddedEvent,
    ResponseOutputItemDoneEvent,
    ResponseFunctionToolCall,
    ResponseFunctionCallArgumentsDeltaEvent,
    ResponseFunctionCallArgumentsDoneEvent,
    ResponseOutputMessage,
    ResponseOutputText,
    ResponseContentPartAddedEvent,
    ResponseContentPartDoneEvent,
    ResponseTextDeltaEvent,
    ResponseTextDoneEvent,
    ResponseCompletedEvent,
)


def prepare_response_models() -> None:
    """Build the validators of the streamed response models now (once per process)."""
    for model in STREAMED:
        model.model_rebuild()
