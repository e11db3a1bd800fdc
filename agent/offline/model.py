"""`OfflineLessonModel`: a deterministic `Model` that drives the lesson tools without an LLM.

It decides its output items itself (see `steps.py`) and lets a one-step `ScriptedModel` turn them
into a `ModelResponse`; a stream lays them out as `ScriptedModel` would (`stream_events.py`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator

from agents.agent_output import AgentOutputSchemaBase
from agents.handoffs import Handoff
from agents.items import (
    ModelResponse,
    TResponseInputItem,
    TResponseOutputItem,
    TResponseStreamEvent,
)
from agents.model_settings import ModelSettings
from agents.models.interface import Model, ModelTracing
from agents.testing import ModelStep, ScriptedModel
from agents.testing.model import assistant_message, function_call
from agents.tool import Tool
from openai.types.responses.response_prompt_param import ResponsePromptParam

from agent.offline.conversation import read_conversation
from agent.offline.replies import LABEL
from agent.offline.steps import Reply, next_step
from agent.offline.stream_events import stream_events

OFFLINE_MODEL_NAME = "offline"


class OfflineLessonModel(Model):
    """Plans template lessons and makes simple edits by calling the lesson tools."""

    def __init__(self) -> None:
        self._requests = 0

    def _output(self, input: str | list[TResponseInputItem], tools: list[Tool]) -> ModelStep:
        conversation = read_conversation(input)
        step = next_step(conversation, {tool.name for tool in tools})
        self._requests += 1
        # Call ids must never repeat within a run or a stored conversation: the input only grows,
        # so its size plus this instance's request count keeps them apart, and the hash of the
        # user text keeps two conversations of the same length apart in shared logs.
        seed = hashlib.sha256(
            f"{conversation.size}|{self._requests}|{conversation.user_text}".encode()
        ).hexdigest()[:10]
        tag = f"{conversation.size}_{self._requests}_{seed}"
        items: list[TResponseOutputItem]
        if isinstance(step, Reply):
            items = [assistant_message(LABEL + step.text, item_id=f"msg_offline_{tag}")]
        else:
            items = [
                function_call(
                    call.name, json.dumps(call.args, ensure_ascii=False), call_id=f"call_{tag}_{i}"
                )
                for i, call in enumerate(step)
            ]
        return ModelStep(output=items, response_id=f"resp_offline_{tag}")

    async def get_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff],
        tracing: ModelTracing,
        *,
        previous_response_id: str | None,
        conversation_id: str | None,
        prompt: ResponsePromptParam | None,
    ) -> ModelResponse:
        """The next step as one response: tool calls, or the final labelled message."""
        scripted = ScriptedModel([self._output(input, tools)])
        return await scripted.get_response(
            system_instructions,
            input,
            model_settings,
            tools,
            output_schema,
            handoffs,
            tracing,
            previous_response_id=previous_response_id,
            conversation_id=conversation_id,
            prompt=prompt,
        )

    async def stream_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff],
        tracing: ModelTracing,
        *,
        previous_response_id: str | None,
        conversation_id: str | None,
        prompt: ResponsePromptParam | None,
    ) -> AsyncIterator[TResponseStreamEvent]:
        """The same step as `get_response`, as Responses stream events."""
        step = self._output(input, tools)
        for event in stream_events(step.output, step.response_id, OFFLINE_MODEL_NAME):
            yield event
