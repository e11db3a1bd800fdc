"""What the chat shows, as plain text: task titles, step summaries, chapter lists, errors.

No Chainlit here (only app.py imports it), so all of this is testable without a browser.
"""

from __future__ import annotations

import html
import json
from typing import Any

from agent.progress import SceneProgress

STAGE_WORDS = {
    "queued": "queued",
    "writing": "writing",
    "repairing": "repairing",
    "rendering": "rendering",
    "done": "done",
    "failed": "failed",
}
MAX_STEP_TEXT = 1500

STARTERS = [
    ("Pythagorean theorem", "Make a short lesson on the Pythagorean theorem"),
    ("Derivative as slope", "Make a short lesson on the derivative as the slope of a tangent"),
    ("Sine and the unit circle", "Make a short lesson on sine and the unit circle"),
]


def task_title(event: SceneProgress) -> str:
    stage = "repaired, done" if event.stage == "done" and event.repaired else event.stage
    return f"Scene {event.n}: {event.title} — {stage}"


def welcome(model_label: str, offline: bool) -> str:
    if offline:
        return (
            "**Manim Tutor** makes short animated lessons. Ask for a lesson on a topic, then "
            "change any scene by saying so.\n\n"
            "You are using the **offline model**: no AI model is configured, so lessons come "
            "from built-in templates (the Pythagorean theorem, derivatives, sine and the unit "
            "circle, or a simple outline for other topics) and only simple edits work "
            "(colour, size, speed, title, caption). To use a real model, set `OPENAI_API_KEY`, "
            "or `TUTOR_MODEL_BASE_URL` and `TUTOR_MODEL` for an OpenAI-compatible server."
        )
    return (
        f"**Manim Tutor** makes short animated lessons (model: {model_label}). Ask for a "
        "lesson on a topic, then change any scene by saying so, or undo a change."
    )


def banner_svg(model_label: str, offline: bool) -> str:
    """The welcome banner above the starters: the name, and which model answers."""
    lines = (
        ["Offline model (no AI model set up).", "Set OPENAI_API_KEY to use one."]
        if offline
        else [f"Model: {model_label}"]
    )
    text = "".join(
        f'<text x="150" y="{72 + 22 * i}" text-anchor="middle" font-family="sans-serif" '
        f'font-size="17" fill="#a0a2ad">{html.escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="118" viewBox="0 0 300 118">'
        '<text x="150" y="40" text-anchor="middle" font-family="sans-serif" font-size="36" '
        f'font-weight="bold" fill="#e5484d">Manim Tutor</text>{text}</svg>'
    )


def step_summary(name: str, data: str) -> str:
    """A short readable form of a tool call's arguments or output for a collapsed step."""
    try:
        value: Any = json.loads(data)
    except ValueError:
        return _cut(data)
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if k not in ("log_tail",)}
        if "code" in value and isinstance(value["code"], str):
            code = value.pop("code")
            rest = json.dumps(value, ensure_ascii=False, indent=1)
            return _cut(f"{rest}\n```python\n{code}\n```")
    return _cut(json.dumps(value, ensure_ascii=False, indent=1))


def chapter_items(view: dict[str, Any], starts: list[float]) -> list[dict[str, Any]]:
    """The lesson's chapters for the player: title, start (seconds) and a "m:ss" label."""
    items: list[dict[str, Any]] = []
    for scene, start in zip(view["scenes"], starts, strict=False):
        minutes, seconds = divmod(int(start), 60)
        items.append({"title": scene["title"], "start": start, "label": f"{minutes}:{seconds:02d}"})
    return items


def scene_error_text(error: str | None) -> str:
    if not error:
        return "This scene could not be rendered."
    return (
        f"This scene could not be rendered: {error}\n\n"
        "Use **Retry** to ask the model to fix it, or **Revert** to go back to the last good "
        "version."
    )


def _cut(text: str) -> str:
    return text if len(text) <= MAX_STEP_TEXT else text[:MAX_STEP_TEXT] + "\n…"
