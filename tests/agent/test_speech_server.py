"""`TUTOR_VOICE=openai` against an OpenAI-compatible speech server on 127.0.0.1 (the real OpenAI
client over HTTP): its audio is in every clip; when it fails, the lesson is made silent, and
the model is told why. Real renders, a real store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from agents.testing import ScriptedModel, assistant_message, function_call

from tests.agent.conftest import OpenTutor
from tests.agent.scripts import plan, scene_code, tool_output
from tests.tools.media.audio import audio_streams, mean_volume_db
from tests.tools.media.speech_stub import SpeechStub, speech_stub

pytestmark = pytest.mark.render


def lesson_turn() -> list[Any]:
    return [
        [function_call("plan_lesson", {"plan": plan(3)}, call_id="plan")],
        [
            function_call("write_scene_code", {"scene": n, "code": scene_code(n)}, call_id=f"w{n}")
            for n in (1, 2, 3)
        ],
        [function_call("render_scenes", {"scenes": None}, call_id="render")],
        [function_call("assemble_lesson", {}, call_id="assemble")],
        [assistant_message("Your lesson is ready.")],
    ]


async def make_lesson(
    open_tutor: OpenTutor, stub: SpeechStub, monkeypatch: pytest.MonkeyPatch
) -> tuple[ScriptedModel, list[Path]]:
    monkeypatch.setenv("TUTOR_VOICE", "openai")
    monkeypatch.setenv("TUTOR_VOICE_BASE_URL", stub.url)
    monkeypatch.setenv("TUTOR_VOICE_MODEL", "tts-stub")
    monkeypatch.setenv("TUTOR_VOICE_NAME", "nova")
    model = ScriptedModel()
    model.extend(lesson_turn())
    tutor = await open_tutor(model)
    ada = await tutor.user("ada")
    result = await tutor.turn(ada, "chat-1", "a lesson on squares")
    assert result.ok, result.reply
    view = await tutor.service.view(ada, result.lesson_id or "")
    assert [s.status for s in view.scenes] == ["ok"] * 3 and view.export
    clips = [Path(s.clip or "") for s in view.scenes] + [Path(view.export)]
    for clip in clips:
        assert [a["codec_name"] for a in audio_streams(clip)] == ["aac"], clip
    return model, clips


async def test_the_speech_server_voices_every_scene(
    open_tutor: OpenTutor, monkeypatch: pytest.MonkeyPatch
) -> None:
    with speech_stub(seconds_per_char=0.06) as stub:
        model, clips = await make_lesson(open_tutor, stub, monkeypatch)
    bodies = [r["body"] for r in stub.requests]
    assert {(b["model"], b["voice"]) for b in bodies} == {("tts-stub", "nova")}
    # Two sentences a scene, each asked for once: the plan's speech is cached for the rest.
    said = [f"This is part {n}." for n in (1, 2, 3)] + ["It shows a square."] * 3
    assert sorted(b["input"] for b in bodies) == sorted(said)
    targets = [s["target_duration_s"] for s in tool_output(model, "plan")["scenes"]]
    assert all(t and t > 1.5 for t in targets), targets
    for clip in clips:
        assert mean_volume_db(clip, 0.0, 1.0) > -30.0  # the server's tone, not silence


async def test_a_failing_speech_server_gives_silent_scenes_and_says_why(
    open_tutor: OpenTutor, monkeypatch: pytest.MonkeyPatch
) -> None:
    with speech_stub(fail_with=503) as stub:
        model, clips = await make_lesson(open_tutor, stub, monkeypatch)
    assert stub.requests, "the server was asked"
    planned = tool_output(model, "plan")
    assert [s["target_duration_s"] for s in planned["scenes"]] == [None] * 3
    warning = planned["speech_warning"]
    assert "could not be spoken, so this scene is silent" in warning, warning
    assert "503" in warning or "speech server" in warning, warning
    for clip in clips:  # a silent track, the same format as a spoken one
        assert mean_volume_db(clip) < -80.0
