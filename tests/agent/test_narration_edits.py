"""Audio first, scripted: the model gets each scene's narration length before writing code; a
narration-only edit re-voices one scene without rendering; a visual edit keeps the voice.
Real renders, the real espeak-ng voice, a real store."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from agents.testing import ScriptedModel, assistant_message, function_call

from agent.tutor import Tutor
from lessons.store.records import User
from tests.agent.conftest import CountingRenderer, OpenTutor
from tests.agent.scripts import plan, scene_code, tool_output
from tests.tools.media.audio import audio_md5, audio_streams, mean_volume_db, video_md5

pytestmark = pytest.mark.render

SIMPLER = "A square has four equal sides."


def lesson_turn() -> list[Any]:
    # Code no other test renders: these renders are never cache hits, so each one runs while
    # its narration track is encoded.
    code = [f"{scene_code(n)}\n# narrated\n" for n in (1, 2, 3)]
    writes = [
        function_call("write_scene_code", {"scene": n, "code": code[n - 1]}, call_id=f"w{n}")
        for n in (1, 2, 3)
    ]
    return [
        [function_call("plan_lesson", {"plan": plan(3)}, call_id="plan")],
        writes,
        [function_call("render_scenes", {"scenes": None}, call_id="render")],
        [function_call("assemble_lesson", {}, call_id="assemble")],
        [assistant_message("Your lesson is ready.")],
    ]


async def clips(tutor: Tutor, user: User, lesson_id: str) -> list[Path]:
    found: list[Path] = []
    for n in (1, 2, 3):
        live = await tutor.service.live_version(user, lesson_id, n)
        assert live is not None and live.clip_key
        found.append(await tutor.service.local_file(live.clip_key))
    return found


async def test_targets_first_then_narration_and_visual_edits_touch_only_their_part(
    open_tutor: OpenTutor, renderer: CountingRenderer, caplog: pytest.LogCaptureFixture
) -> None:
    model = ScriptedModel()
    tutor = await open_tutor(model)
    model.extend(lesson_turn())
    ada = await tutor.user("ada")
    caplog.set_level(logging.INFO, logger="tools.media.narration_mux")
    made = await tutor.turn(ada, "chat-1", "a lesson on squares")
    assert made.ok, made.reply
    # Each scene's track was encoded while it rendered, so its clip took it by stream copy.
    muxed = [r.getMessage() for r in caplog.records if r.getMessage().startswith("narrated ")]
    assert len(muxed) == 3 and all("track copied" in m for m in muxed), muxed
    lesson_id = made.lesson_id or ""

    # The plan came back with each scene's spoken length, before any code was written.
    targets = [s["target_duration_s"] for s in tool_output(model, "plan")["scenes"]]
    assert all(t is not None and 1.5 < t < 8 for t in targets), targets
    assert [tool_output(model, f"w{n}")["target_duration_s"] for n in (1, 2, 3)] == targets
    assert "target_duration_s" in (model.calls[0].system_instructions or "")
    for result, target in zip(tool_output(model, "render")["results"], targets, strict=True):
        # The animation is half a second: the clip holds its last frame until the speech ends.
        assert result["status"] == "ok" and result["duration_s"] >= target - 0.07, result
        assert 0 < result["narration_s"] < result["duration_s"]
    before = await clips(tutor, ada, lesson_id)
    for clip in before:
        assert [a["codec_name"] for a in audio_streams(clip)] == ["aac"]
        assert mean_volume_db(clip, 0.0, 1.5) > -35.0  # speech, not silence
    rendered = len(renderer.calls)

    # "Make scene 2's narration simpler": new words over the same video, nothing rendered.
    model.extend(
        [
            [
                function_call(
                    "narrate_scene",
                    {"scene": 2, "narration": SIMPLER, "change": "simpler narration"},
                    call_id="narrate",
                )
            ],
            [assistant_message("Scene 2 says it more simply now.")],
        ]
    )
    narrated = await tutor.turn(ada, "chat-1", "make scene 2's narration simpler")
    assert narrated.ok, narrated.reply
    answer = tool_output(model, "narrate")
    assert (answer["status"], answer["version"], answer["live_version"]) == ("ok", 2, 2)
    assert (
        answer["export"]
        and answer["narration_s"] < tool_output(model, "render")["results"][1]["narration_s"]
    )
    assert len(renderer.calls) == rendered, "a narration edit renders nothing"
    after = await clips(tutor, ada, lesson_id)
    assert after[0] == before[0] and after[2] == before[2]  # the other scenes' clips as they were
    assert video_md5(after[1]) == video_md5(before[1])  # the same video stream, bit for bit
    assert audio_md5(after[1], 1.5) != audio_md5(before[1], 1.5)  # with another voice-over
    view = await tutor.service.view(ada, lesson_id)
    assert [s.narration for s in view.scenes][1] == SIMPLER

    # "Make scene 3 red": a new render of scene 3 that says what it said before.
    model.extend(
        [
            [
                function_call(
                    "edit_scene",
                    {"scene": 3, "code": scene_code(3, "RED"), "change": "square red"},
                    call_id="edit",
                )
            ],
            [assistant_message("Scene 3 is red now.")],
        ]
    )
    edited = await tutor.turn(ada, "chat-1", "make scene 3 red")
    assert edited.ok, edited.reply
    assert tool_output(model, "edit")["status"] == "ok"
    assert len(renderer.calls) == rendered + 1
    final = await clips(tutor, ada, lesson_id)
    assert video_md5(final[2]) != video_md5(before[2])
    speech_s = float(view.scenes[2].narration_s or 0)
    assert audio_md5(final[2], speech_s) == audio_md5(before[2], speech_s)  # the same voice
    assert (await tutor.service.view(ada, lesson_id)).scenes[2].narration == view.scenes[
        2
    ].narration

    # "Undo that" on scene 2 brings its first words back.
    await tutor.service.revert_scene(ada, lesson_id, 2)
    assert (await tutor.service.view(ada, lesson_id)).scenes[1].narration != SIMPLER
