"""`tutor make | edit | revert | resume | lessons | show | share` as a user runs them, unconfigured.

No model is configured, so the offline model drives the real agent; renders are real.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.agent.test_cli import plays
from tests.tools.media.audio import (
    audio_streams,
    mean_volume_db,
    media_duration_s,
    silences,
    speech_in,
    subtitle_cues,
    video_packets,
)

ROOT = Path(__file__).resolve().parents[2]
LESSON_KEYS = {"lesson", "title", "export", "scenes"}
SCENE_KEYS = {
    *("n", "title", "status", "version", "clip", "error", "rendered_by", "layout"),
    *("narration", "narration_s"),
}

pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory, index_dir: Path) -> Path:
    data = tmp_path_factory.mktemp("lesson-cli")
    (data / "api-index").symlink_to(index_dir, target_is_directory=True)
    return data


def env_for(data_dir: Path, user: str = "ada") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TUTOR_"))}
    return {**env, "TUTOR_DATA_DIR": str(data_dir), "TUTOR_USER": user}


def tutor(*args: str, data_dir: Path, user: str = "ada") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agent.cli", *args],
        capture_output=True, text=True, env=env_for(data_dir, user), cwd=ROOT, timeout=600,
    )  # fmt: skip


def as_json(proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) == LESSON_KEYS
    assert all(set(s) == SCENE_KEYS for s in out["scenes"])
    return out


def chapter_titles(video: Path) -> list[str]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-show_streams", "-of", "json", str(video)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    data = json.loads(out.stdout)
    assert any(s["codec_type"] == "subtitle" for s in data["streams"]), "narration track missing"
    return [c["tags"]["title"] for c in data["chapters"]]


@pytest.fixture(scope="module")
def made(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    out = tmp_path_factory.mktemp("out") / "lesson.mp4"
    proc = tutor("make", "the Pythagorean theorem", "--out", str(out), "--json", data_dir=data_dir)
    return as_json(proc), out


def test_make_produces_a_multi_scene_lesson_with_chapters(
    made: tuple[dict[str, Any], Path],
) -> None:
    lesson, out = made
    scenes = lesson["scenes"]
    assert len(scenes) >= 3
    assert [(s["status"], s["version"], s["error"]) for s in scenes] == [("ok", 1, None)] * len(
        scenes
    )
    assert "pythagor" in lesson["title"].lower()
    assert plays(out)
    assert chapter_titles(out) == [s["title"] for s in scenes]


def test_every_clip_and_the_lesson_speak_the_narration(
    made: tuple[dict[str, Any], Path],
) -> None:
    """Nothing configured: espeak-ng speaks each scene; the clip lasts at least as long as its
    speech; the lesson is stitched by stream copy; the captions follow the voice."""
    lesson, out = made
    clips = [Path(s["clip"]) for s in lesson["scenes"]]
    for scene, clip in zip(lesson["scenes"], clips, strict=True):
        assert [a["codec_name"] for a in audio_streams(clip)] == ["aac"], clip
        speech_s, duration = scene["narration_s"], media_duration_s(clip)
        assert speech_s is not None and 1.0 < speech_s <= duration, (speech_s, duration)
        quiet = silences(clip)
        assert mean_volume_db(clip, 0.0, speech_s) > -35.0  # speech, not silence
        assert speech_in((0.0, speech_s), quiet) > 0.6 * speech_s
        assert speech_in((speech_s + 0.1, duration), quiet) < 0.1  # it ends before the clip
    export = Path(lesson["export"])
    for video in (export, out):
        assert [a["codec_name"] for a in audio_streams(video)] == ["aac"]
    # Stitched by stream copy: the lesson's video packets are the clips', in order.
    assert video_packets(export) == [p for clip in clips for p in video_packets(clip)]

    cues, quiet = subtitle_cues(export), silences(export)
    narrations = [s["narration"] for s in lesson["scenes"]]
    assert len(cues) > len(clips)  # one cue per sentence, not one per scene
    assert " ".join(text for *_, text in cues) == " ".join(" ".join(n.split()) for n in narrations)
    for start, end, text in cues:  # each caption is shown while its sentence is heard
        assert speech_in((start, end), quiet) >= 0.6 * (end - start), (start, end, text)
    heard = [
        (a, b) for a, b in zip([0.0, *(b for _, b in quiet)], [a for a, _ in quiet], strict=False)
    ]
    uncaptioned = sum(
        speech_in(span, [(s, e) for s, e, _ in cues]) for span in heard if span[1] > span[0]
    )
    assert uncaptioned < 0.5 * len(clips), uncaptioned  # and the voice is captioned throughout


def test_edit_changes_one_scene_and_revert_restores_it(
    made: tuple[dict[str, Any], Path], data_dir: Path
) -> None:
    lesson, _ = made
    edited = as_json(
        tutor("edit", lesson["lesson"][:8], "2", "make it red", "--json", data_dir=data_dir)
    )
    versions = [s["version"] for s in edited["scenes"]]
    assert versions == [1, 2] + [1] * (len(versions) - 2)
    for before, after in zip(lesson["scenes"], edited["scenes"], strict=True):
        assert (before["clip"] == after["clip"]) == (before["n"] != 2)
    assert edited["export"] != lesson["export"] and plays(Path(edited["export"]))

    reverted = as_json(tutor("revert", lesson["lesson"], "2", "--json", data_dir=data_dir))
    assert [s["version"] for s in reverted["scenes"]] == [1] * len(versions)
    assert reverted["scenes"][1]["clip"] == lesson["scenes"][1]["clip"]

    shown = as_json(tutor("show", lesson["lesson"], "--json", data_dir=data_dir))
    assert shown == reverted
    listed = json.loads(tutor("lessons", "--json", data_dir=data_dir).stdout)
    assert lesson["lesson"] in [row["lesson"] for row in listed]


def test_another_user_cannot_see_or_change_the_lesson(
    made: tuple[dict[str, Any], Path], data_dir: Path
) -> None:
    lesson_id = made[0]["lesson"]
    for args in (
        ("show", lesson_id),
        ("edit", lesson_id, "1", "make it green"),
        ("revert", lesson_id, "1"),
    ):
        proc = tutor(*args, "--json", data_dir=data_dir, user="mallory")
        assert proc.returncode == 2 and "no lesson matches" in proc.stderr, proc.stderr
    assert json.loads(tutor("lessons", "--json", data_dir=data_dir, user="mallory").stdout) == []


def test_an_interrupted_lesson_resumes_from_stored_state(data_dir: Path, tmp_path: Path) -> None:
    """Kill `tutor make` while scenes render; `tutor resume` finishes the lesson."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "agent.cli", "make", "the derivative as slope"],
        env=env_for(data_dir, "grace"), cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
        text=True, start_new_session=True,
    )  # fmt: skip
    assert proc.stderr is not None
    deadline = time.monotonic() + 300
    for line in proc.stderr:
        if ": rendering" in line or time.monotonic() > deadline:
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    listed = json.loads(tutor("lessons", "--json", data_dir=data_dir, user="grace").stdout)
    assert len(listed) == 1
    before = json.loads(
        tutor("show", listed[0]["lesson"], "--json", data_dir=data_dir, user="grace").stdout
    )
    assert before["export"] is None and any(s["status"] != "ok" for s in before["scenes"])
    resumed = as_json(
        tutor("resume", listed[0]["lesson"], "--json", data_dir=data_dir, user="grace")
    )
    assert [s["status"] for s in resumed["scenes"]] == ["ok"] * len(resumed["scenes"])
    assert resumed["export"] and plays(Path(resumed["export"]))


def share(
    *args: str, data_dir: Path, user: str = "ada", **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agent.cli", "share", *args],
        capture_output=True, text=True, env={**env_for(data_dir, user), **env}, cwd=ROOT,
        timeout=300,
    )  # fmt: skip


def test_share_makes_a_link_that_can_expire_and_be_revoked(
    made: tuple[dict[str, Any], Path], data_dir: Path
) -> None:
    lesson_id = made[0]["lesson"]
    first = share(lesson_id[:8], "--json", data_dir=data_dir)
    assert first.returncode == 0, first.stderr
    link = json.loads(first.stdout)
    assert set(link) == {"url", "token", "expires_at"} and link["expires_at"] is None
    assert link["url"] == f"http://localhost:8000/share/{link['token']}"
    assert len(link["token"]) >= 32
    again = json.loads(share(lesson_id, "--json", data_dir=data_dir).stdout)
    assert again == link  # the lesson's one open link, handed out again

    public = "https://tutor.example.org/"
    timed = share(
        lesson_id, "--expires", "12h", "--json", data_dir=data_dir, TUTOR_PUBLIC_URL=public
    )
    expiring = json.loads(timed.stdout)
    assert expiring["url"] == f"https://tutor.example.org/share/{expiring['token']}"
    left = datetime.fromisoformat(expiring["expires_at"]) - datetime.now(UTC)
    assert timedelta(hours=11) < left <= timedelta(hours=12)
    text = share(lesson_id, "--expires", "30m", data_dir=data_dir)
    assert text.returncode == 0 and "/share/" in text.stdout.splitlines()[0]

    revoked = share(lesson_id, "--revoke", "--json", data_dir=data_dir)
    assert json.loads(revoked.stdout) == {"lesson": lesson_id, "revoked": 3}
    assert "Revoked 0 share link(s)" in share(lesson_id, "--revoke", data_dir=data_dir).stdout


@pytest.mark.parametrize(
    "args",
    [
        ("--expires", "0h"),
        ("--expires", "12x"),
        ("--expires=-1d",),
        ("--expires", "1.5h"),
        ("--expires", "400d"),
        ("--expires", ""),
        ("--expires", "1h", "--revoke"),
    ],
)
def test_share_refuses_bad_input_before_anything_runs(
    args: tuple[str, ...], made: tuple[dict[str, Any], Path], data_dir: Path
) -> None:
    proc = share(made[0]["lesson"], *args, "--json", data_dir=data_dir)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.startswith("tutor: --expires") and len(proc.stderr.splitlines()) == 1
    assert json.loads(proc.stdout)["error"]["kind"] == "usage"


def test_another_user_cannot_share_or_revoke(
    made: tuple[dict[str, Any], Path], data_dir: Path
) -> None:
    lesson_id = made[0]["lesson"]
    for extra in ((), ("--revoke",)):
        proc = share(lesson_id, *extra, "--json", data_dir=data_dir, user="mallory")
        assert proc.returncode == 2 and "no lesson matches" in proc.stderr, proc.stderr
        assert json.loads(proc.stdout)["error"]["kind"] == "not_found"


async def test_make_starts_its_sandboxes_first_and_stops_them_when_it_cannot_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`make` has nothing to check first: its sandboxes start importing manim before the store
    opens (a new data dir's database) and before the Agents SDK is imported."""
    from agent import cli, lesson_cli, wiring
    from agent.cli_errors import CliError
    from agent.settings import Settings
    from tools.render.engine import RenderEngine

    engines: list[RenderEngine] = []

    def store_down(settings: Settings, *, renderer: Any = None, **_: Any) -> None:
        assert isinstance(renderer, RenderEngine)
        assert renderer.warm.wait_for_starts  # a one-shot command's start is under way
        engines.append(renderer)
        raise CliError("the lesson store is unreachable", "environment")

    monkeypatch.setattr(wiring, "open_backends", store_down)
    args = cli.build_parser().parse_args(["make", "a lesson on circles", "--json"])
    status = await lesson_cli.run(args, Settings(data_dir=tmp_path))
    assert status == 1
    assert json.loads(capsys.readouterr().out)["error"]["kind"] == "environment"
    [engine] = engines
    assert engine.warm.ready == 0 and not list((tmp_path / "work").glob("render-*"))
