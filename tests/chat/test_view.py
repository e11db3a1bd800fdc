"""What the chat shows, as text: banners, step summaries, chapter lists."""

from __future__ import annotations

import json
import xml.dom.minidom
from datetime import UTC, datetime

from chat.view import (
    banner_svg,
    chapter_items,
    share_text,
    step_summary,
    task_title,
    unshare_text,
)
from lessons.progress import SceneProgress
from lessons.view import LessonView, SceneView


def test_the_banner_says_which_model_answers_and_escapes_names() -> None:
    offline = banner_svg("offline", offline=True)
    assert "Offline model" in offline and "OPENAI_API_KEY" in offline
    named = banner_svg("llama<3> & co", offline=False)
    xml.dom.minidom.parseString(named)  # still well-formed SVG
    assert "llama&lt;3&gt; &amp; co" in named


def test_step_summaries_show_code_as_code_and_hide_log_tails() -> None:
    call = json.dumps({"scene": 2, "code": "from manim import *\nclass A(Scene): pass"})
    summary = step_summary("write_scene_code", call)
    assert "```python\nfrom manim import *" in summary and '"scene": 2' in summary
    output = json.dumps({"status": "failed", "log_tail": "x" * 5000})
    assert "log_tail" not in step_summary("render_scenes", output)
    assert len(step_summary("t", json.dumps({"text": "y" * 9000}))) < 1600


def test_chapters_have_readable_start_labels() -> None:
    scenes = [
        SceneView(n=n, title=title, status="ok", version=1, clip=None, error=None)
        for n, title in ((1, "One"), (2, "Two"))
    ]
    view = LessonView(lesson="l", title="Lesson", export=None, scenes=scenes)
    items = chapter_items(view, [0.0, 64.5])
    assert items == [
        {"title": "One", "start": 0.0, "label": "0:00"},
        {"title": "Two", "start": 64.5, "label": "1:04"},
    ]


def test_task_titles_say_repaired() -> None:
    done = SceneProgress("l", 3, "Squares", "done", 2, repaired=True)
    assert task_title(done) == "Scene 3: Squares — repaired, done"
    assert task_title(SceneProgress("l", 1, "Intro", "rendering")) == "Scene 1: Intro — rendering"


def test_titles_show_as_plain_text_not_markdown() -> None:
    from agent.plain_text import plain
    from chat.view import lesson_heading, scene_heading

    title = "[click](https://evil.example) **x** <img src=x> `y`"
    escaped = plain(title)
    for syntax in ("[", "]", "*", "<", ">", "`"):
        assert all(escaped[i - 1] == "\\" for i, ch in enumerate(escaped) if ch == syntax)
    assert plain("a\nb  c") == "a b c"  # one line: no headings or lists from newlines
    assert scene_heading(2, "**x**") == "**Scene 2: \\*\\*x\\*\\***"
    assert lesson_heading("<b>") == "**The whole lesson: \\<b\\>**"
    assert "\\[click\\]" in task_title(SceneProgress("l", 1, "[click](u)", "rendering"))
    # GFM links bare URLs and addresses whatever the escapes: they get an invisible joiner.
    for bare in ("https://evil.example", "www.evil.example", "me@evil.example"):
        assert bare not in plain(bare) and plain(bare).replace("\u2060", "") == bare


def test_the_chat_shows_no_host_paths_or_internal_ids() -> None:
    from chat.view import scene_error_text, scrub

    lesson = "0123456789abcdef0123456789abcdef"
    text = (
        f"Lesson {lesson}: /srv/tutor/files/u/{lesson}/l/x/exports/e/lesson.mp4 and "
        "/elsewhere/files/u/1/clip.mp4; cache /srv/tutor/cache/ab/video.mp4"
    )
    shown = scrub(text, ["/srv/tutor"])
    assert lesson not in shown and "/srv" not in shown and "/files/" not in shown, shown
    assert "lesson.mp4" in shown and "clip.mp4" in shown and "video.mp4" in shown
    assert "/srv" not in scene_error_text("failed at /srv/tutor/work/x/scene.py", ["/srv/tutor"])


def test_step_summaries_are_code_blocks_without_paths() -> None:
    lesson = "0123456789abcdef0123456789abcdef"
    output = json.dumps({"lesson": lesson, "export": "/d/files/u/1/lesson.mp4", "title": "[a](b)"})
    summary = step_summary("plan_lesson", output, ["/d"])
    assert summary.startswith("```json\n") and summary.endswith("\n```"), summary
    assert lesson not in summary and "/d/" not in summary
    sneaky = json.dumps({"code": "x = 1  # ```\n[link](https://evil.example)"})
    blocks = step_summary("write_scene_code", sneaky)
    assert "\n````python\n" in blocks and blocks.endswith("\n````")  # the fence outlasts ```


def test_too_long_messages_are_refused_with_the_limit() -> None:
    from chat.view import too_long

    assert too_long("x" * 20_000, 20_000) is None
    refusal = too_long("x" * 20_001, 20_000)
    assert refusal is not None and "20,000" in refusal and "20,001" in refusal


def test_share_messages_say_the_link_and_how_long_it_works() -> None:
    url = "https://tutor.example.org/share/abc"
    assert url in share_text(url, None) and "until you stop sharing" in share_text(url, None)
    until = share_text(url, datetime(2030, 1, 2, 3, 4, tzinfo=UTC))
    assert "until 2030-01-02 03:04 UTC" in until
    assert unshare_text(0).startswith("This lesson was not shared")
    assert unshare_text(1).endswith("Its link no longer works.")
    assert unshare_text(3).endswith("Its 3 links no longer work.")
