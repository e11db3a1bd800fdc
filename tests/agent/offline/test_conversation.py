"""Reading the Runner's input items, as dicts or pydantic objects."""

from __future__ import annotations

from agents.testing.model import assistant_message, function_call

from agent.offline.conversation import parse_output, read_conversation


def call(name: str, args: str, call_id: str) -> dict[str, object]:
    return {"type": "function_call", "name": name, "arguments": args, "call_id": call_id}


def output(call_id: str, text: str) -> dict[str, object]:
    return {"type": "function_call_output", "call_id": call_id, "output": text}


def test_a_plain_string_is_the_user_message() -> None:
    conv = read_conversation("make a lesson on sine")
    assert conv.user_text == "make a lesson on sine"
    assert conv.turn == ()


def test_last_user_message_and_this_turns_calls() -> None:
    items = [
        {"role": "user", "content": "make a lesson on sine"},
        call("plan_lesson", "{}", "c1"),
        output("c1", '{"lesson": 1}'),
        {
            "role": "user",
            "content": [
                {"type": "input_text", "text": "make it"},
                {"type": "input_text", "text": "red"},
            ],
        },
        call("read_scene", '{"scene": 2}', "c2"),
        output("c2", '{"scene": 2, "code": "x"}'),
    ]
    conv = read_conversation(items)
    assert conv.user_text == "make it red"
    assert [c.name for c in conv.turn] == ["read_scene"]
    assert [c.name for c in conv.earlier] == ["plan_lesson"]
    assert conv.turn[0].args == {"scene": 2}
    assert conv.output("read_scene") == {"scene": 2, "code": "x"}
    assert conv.called("read_scene") and not conv.called("edit_scene")
    assert conv.size == 6


def test_pydantic_items_are_read_too() -> None:
    items = [
        {"role": "user", "content": "status"},
        function_call("lesson_status", {}, call_id="c9"),
        output("c9", '{"lesson": 1, "scenes": []}'),
        assistant_message("done"),
    ]
    conv = read_conversation(items)
    assert conv.turn[0].name == "lesson_status"
    assert conv.turn[0].output == {"lesson": 1, "scenes": []}


def test_a_call_without_output_yet() -> None:
    conv = read_conversation([{"role": "user", "content": "x"}, call("render_scenes", "{}", "c1")])
    assert conv.turn[0].output is None
    assert "error" in conv.output("render_scenes")


def test_last_touched_scene_prefers_the_resolved_number() -> None:
    items = [
        {"role": "user", "content": "make the last scene red"},
        call("read_scene", '{"scene": -1}', "a"),
        output("a", '{"scene": 5}'),
        call("edit_scene", '{"scene": 5, "code": "", "change": ""}', "b"),
        output("b", '{"scene": 5, "status": "ok"}'),
        {"role": "user", "content": "revert scene 2"},
        call("revert_scene", '{"scene": 2, "version": null}', "c"),
        output("c", "not json at all"),
        {"role": "user", "content": "make it blue"},
    ]
    conv = read_conversation(items)
    assert conv.last_touched_scene() == 2
    undo = [*items[:5], {"role": "user", "content": "undo"}]
    assert read_conversation(undo).last_touched_scene() == 5
    assert read_conversation(items[:1]).last_touched_scene() is None


def test_tool_outputs_that_are_not_json_objects_become_errors() -> None:
    assert parse_output('{"a": 1}') == {"a": 1}
    assert parse_output("An error occurred while running the tool.") == {
        "error": "An error occurred while running the tool."
    }
    assert "error" in parse_output("[1, 2]")
    assert parse_output([{"type": "input_text", "text": '{"b": 2}'}]) == {"b": 2}
    assert parse_output("") == {"error": "the tool returned nothing"}
