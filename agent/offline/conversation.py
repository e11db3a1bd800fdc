"""Reading the model input: the last user message, this turn's tool calls, and earlier edits.

The Runner hands the model Responses-format items: plain dicts from a session or `to_input_list`,
sometimes pydantic objects. Everything here accepts both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

# Calls whose scene is "the scene we were just working on" for a later "make it red" / "undo".
_TOUCHING_SCENES = ("edit_scene", "revert_scene")


@dataclass(frozen=True)
class ToolCall:
    """One function call the model made, with its output once the tool has answered."""

    name: str
    call_id: str
    args: dict[str, Any]
    output: dict[str, Any] | None = None  # parsed JSON; {"error": text} when not a JSON object


@dataclass(frozen=True)
class Conversation:
    """What the offline model needs from its input."""

    user_text: str
    turn: tuple[ToolCall, ...]  # calls after the last user message, in order
    earlier: tuple[ToolCall, ...]  # calls before it
    size: int  # number of input items, which only grows during a conversation

    def called(self, name: str) -> bool:
        """Whether a tool of that name was already called this turn."""
        return any(call.name == name for call in self.turn)

    def calls(self, name: str) -> list[ToolCall]:
        """This turn's calls of one tool, in order."""
        return [call for call in self.turn if call.name == name]

    def output(self, name: str) -> dict[str, Any]:
        """The output of this turn's last call of `name` ({"error"} when there is none yet)."""
        found = self.calls(name)
        if not found or found[-1].output is None:
            return {"error": f"{name} gave no output"}
        return found[-1].output

    def last_touched_scene(self) -> int | None:
        """The scene most recently edited or reverted in earlier turns, if any."""
        for call in reversed(self.earlier):
            if call.name not in _TOUCHING_SCENES:
                continue
            scene = (call.output or {}).get("scene")
            if not isinstance(scene, int) or isinstance(scene, bool):
                scene = call.args.get("scene")
            if isinstance(scene, int) and not isinstance(scene, bool) and scene > 0:
                return scene
        return None


def _as_dict(item: Any) -> dict[str, Any]:
    if isinstance(item, Mapping):
        return dict(item)  # type: ignore[arg-type]
    if isinstance(item, BaseModel):
        return item.model_dump()
    return {}


def _text_of(content: Any) -> str:
    """Text of a message's content: a string or a list of parts with "text" fields."""
    if isinstance(content, str):
        return content
    if isinstance(content, Iterable) and not isinstance(content, bytes):
        texts: list[str] = []
        for part in content:
            data = _as_dict(part)
            text = data.get("text")
            if isinstance(text, str):
                texts.append(text)
        return " ".join(texts)
    return ""


def parse_output(raw: Any) -> dict[str, Any]:
    """A tool's output as a dict; anything that is not a JSON object becomes {"error": text}."""
    text = _text_of(raw) if not isinstance(raw, str) else raw
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, TypeError):
        return {"error": text.strip()[:500] or "the tool returned nothing"}
    if isinstance(value, dict):
        return {str(key): item for key, item in value.items()}
    return {"error": f"unexpected tool output: {text[:200]}"}


def _parse_args(raw: Any) -> dict[str, Any]:
    if isinstance(raw, Mapping):
        return {str(key): value for key, value in raw.items()}
    try:
        value = json.loads(raw) if isinstance(raw, str) else None
    except json.JSONDecodeError:
        return {}
    return {str(key): item for key, item in value.items()} if isinstance(value, dict) else {}


def read_conversation(input: str | Iterable[Any]) -> Conversation:
    """Split the model input into the last user message and the tool calls around it."""
    if isinstance(input, str):
        return Conversation(user_text=input, turn=(), earlier=(), size=1)
    items = [_as_dict(item) for item in input]
    last_user = -1
    for index, item in enumerate(items):
        if item.get("role") == "user" and item.get("type", "message") == "message":
            last_user = index
    outputs: dict[str, dict[str, Any]] = {}
    for item in items:
        if item.get("type") == "function_call_output":
            outputs[str(item.get("call_id"))] = parse_output(item.get("output"))
    earlier: list[ToolCall] = []
    turn: list[ToolCall] = []
    for index, item in enumerate(items):
        if item.get("type") != "function_call":
            continue
        call_id = str(item.get("call_id"))
        call = ToolCall(
            name=str(item.get("name")),
            call_id=call_id,
            args=_parse_args(item.get("arguments")),
            output=outputs.get(call_id),
        )
        (turn if index > last_user else earlier).append(call)
    user_text = _text_of(items[last_user].get("content")) if last_user >= 0 else ""
    return Conversation(
        user_text=user_text, turn=tuple(turn), earlier=tuple(earlier), size=len(items)
    )
