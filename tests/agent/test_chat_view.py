"""What the chat shows, as text: banners, step summaries, chapter lists."""

from __future__ import annotations

import json
import xml.dom.minidom

from agent.chat_view import banner_svg, chapter_items, step_summary, task_title
from agent.progress import SceneProgress


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
    view = {"scenes": [{"n": 1, "title": "One"}, {"n": 2, "title": "Two"}]}
    items = chapter_items(view, [0.0, 64.5])
    assert items == [
        {"title": "One", "start": 0.0, "label": "0:00"},
        {"title": "Two", "start": 64.5, "label": "1:04"},
    ]


def test_task_titles_say_repaired() -> None:
    done = SceneProgress("l", 3, "Squares", "done", 2, repaired=True)
    assert task_title(done) == "Scene 3: Squares — repaired, done"
    assert task_title(SceneProgress("l", 1, "Intro", "rendering")) == "Scene 1: Intro — rendering"
