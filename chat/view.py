"""What the chat shows, as plain text: task titles, step summaries, chapter lists, errors.

No Chainlit here, so all of this is testable without a browser.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from agent.plain_text import plain
from lessons.progress import SceneProgress
from lessons.view import LessonView
from tools.render.layout import LayoutItem

MAX_STEP_TEXT = 1500

STARTERS = [
    ("Pythagorean theorem", "Make a short lesson on the Pythagorean theorem"),
    ("Derivative as slope", "Make a short lesson on the derivative as the slope of a tangent"),
    ("Sine and the unit circle", "Make a short lesson on sine and the unit circle"),
]


# Internal ids: the 32-hex uuids of lessons, users, exports and threads (with or without dashes).
_INTERNAL_ID = re.compile(
    r"(?<![0-9a-fA-F])(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
    r"(?![0-9a-fA-F])"
)
_PATH_END = r"[^\s\"'`<>()\[\]{},;|]*"
# A stored file's host path, wherever the data dir is: ".../files/<key>".
_FILES_PATH = re.compile(r"(?<![\w.~])(?:/[^\s\"'`<>()\[\]{},;|/]+)*/files/" + _PATH_END)


# A presigned storage URL (S3 and its kin): it expires, so the chat names the file instead.
_SIGNED_URL = re.compile(r"https?://[^\s?\"'`<>]+\?" + r"[^\s\"'`<>]*X-Amz-Signature=[0-9a-fA-F]+")


def scrub(text: str, hidden_roots: Sequence[str] = ()) -> str:
    """`text` without host paths or storage URLs (a file under a hidden root, under `files/` or
    behind a presigned URL becomes its file name) and without internal ids, for the chat."""

    def file_name(match: re.Match[str]) -> str:
        return PurePosixPath(match.group(0).split("?")[0]).name or "(file)"

    text = _SIGNED_URL.sub(file_name, text)

    for root in sorted({r.rstrip("/") for r in hidden_roots if r.strip("/")}, key=len)[::-1]:
        text = re.sub(re.escape(root) + r"(?:/" + _PATH_END + ")?", file_name, text)
    text = _FILES_PATH.sub(file_name, text)
    return _INTERNAL_ID.sub("…", text)


def task_title(event: SceneProgress) -> str:
    stage = "repaired, done" if event.stage == "done" and event.repaired else event.stage
    return f"Scene {event.n}: {plain(event.title)} — {stage}"


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


def step_summary(name: str, data: str, hidden_roots: Sequence[str] = ()) -> str:
    """A short readable form of a tool call's arguments or output for a collapsed step.

    Everything is shown inside code blocks (model-written text is never read as markdown),
    without host paths or internal ids.
    """
    try:
        value: Any = json.loads(data)
    except ValueError:
        return _fenced(scrub(_cut(data), hidden_roots), "text")
    code = ""
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if k not in ("log_tail",)}  # type: ignore[union-attr]
        if "code" in value and isinstance(value["code"], str):
            code = value.pop("code")
    rest = _cut(scrub(json.dumps(value, ensure_ascii=False, indent=1), hidden_roots))
    if not code:
        return _fenced(rest, "json")
    return _fenced(rest, "json") + "\n" + _fenced(_cut(scrub(code, hidden_roots)), "python")


def chapter_items(view: LessonView, starts: list[float]) -> list[dict[str, Any]]:
    """The lesson's chapters for the player: title, start (seconds) and a "m:ss" label."""
    items: list[dict[str, Any]] = []
    for scene, start in zip(view.scenes, starts, strict=False):
        minutes, seconds = divmod(int(start), 60)
        items.append({"title": scene.title, "start": start, "label": f"{minutes}:{seconds:02d}"})
    return items


def scene_heading(n: int, title: str) -> str:
    """A scene's bold heading in a chat message: "**Scene n: title**", the title as plain text."""
    return f"**Scene {n}: {plain(title)}**"


def lesson_heading(title: str) -> str:
    return f"**The whole lesson: {plain(title)}**"


def scene_error_text(error: str | None, hidden_roots: Sequence[str] = ()) -> str:
    if not error:
        return "This scene could not be rendered."
    return (
        f"This scene could not be rendered: {plain(scrub(error, hidden_roots))}\n\n"
        "Use **Retry** to ask the model to fix it, or **Revert** to go back to the last good "
        "version."
    )


# A clip's layout warning stays short: a few items by name, the rest counted.
MAX_LAYOUT_SHOWN = 3
MAX_LAYOUT_NAME = 48  # an object as named in the warning (the item keeps up to 80)
MAX_LAYOUT_MESSAGE = 120  # an item without objects is told by its message, cut to this
_LAYOUT_SAYS = {
    "overlap": ("overlaps", "overlap"),
    "off_frame": ("runs off the frame", "run off the frame"),
    "too_small": ("is too small to read", "are too small to read"),
}


def layout_warning(items: Sequence[LayoutItem], hidden_roots: Sequence[str] = ()) -> str:
    """The short warning in the message of a clip whose layout audit found defects (one line,
    or a few for several items); "" for a clean clip.

    Object names and messages come from the scene code (a Text's words), so each is cut short
    and shown as plain text: a name like `[x](https://…)` or `<script>` reads as typed.
    """
    if not items:
        return ""
    shown = [_layout_line(item, hidden_roots) for item in items[:MAX_LAYOUT_SHOWN]]
    hint = "use **Fix layout** below the clip"  # the clip comes between this and its buttons
    if len(items) == 1:
        return f"**Layout:** {shown[0]} — {hint}."
    if len(items) > MAX_LAYOUT_SHOWN:
        shown.append(f"and {len(items) - MAX_LAYOUT_SHOWN} more")
    return "\n".join([f"**Layout** ({hint}):", *(f"- {line}" for line in shown)])


def _layout_line(item: LayoutItem, hidden_roots: Sequence[str]) -> str:
    """One item, e.g. "Text('numerator') overlaps Text('denominator') (at 0.5 s, line 7)"."""
    names = [_shown(name, MAX_LAYOUT_NAME, hidden_roots) for name in item.objects]
    one, many = _LAYOUT_SAYS[item.kind]
    if item.kind == "overlap" and len(names) == 2:
        what = f"{names[0]} {one} {names[1]}"
    elif len(names) == 1:
        what = f"{names[0]} {one}"
    elif names:
        what = f"{', '.join(names[:-1])} and {names[-1]} {many}"
    else:
        what = _shown(item.message, MAX_LAYOUT_MESSAGE, hidden_roots)
    where = f"at {item.at_s:g} s" + (f", line {item.line}" if item.line is not None else "")
    return f"{what} ({where})"


def _shown(text: str, limit: int, hidden_roots: Sequence[str]) -> str:
    text = " ".join(scrub(text, hidden_roots).split())
    return plain(text if len(text) <= limit else text[: limit - 1] + "…")


def _cut(text: str) -> str:
    return text if len(text) <= MAX_STEP_TEXT else text[:MAX_STEP_TEXT] + "\n…"


def _fenced(text: str, language: str) -> str:
    """`text` as a code block whose fence no backtick run inside it can close."""
    runs = [len(run) for run in re.findall(r"`+", text)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    return f"{fence}{language}\n{text}\n{fence}"


def code_block(code: str) -> str:
    """Scene code as a Python code block that nothing inside the code can close."""
    return _fenced(code, "python")


def too_long(text: str, limit: int) -> str | None:
    """The reply refusing a message over `limit` characters, or None when it fits."""
    if len(text) <= limit:
        return None
    return (
        f"Your message is {len(text):,} characters long; the tutor takes at most {limit:,}. "
        "Nothing was done with it. Please send a shorter request (a lesson topic or a change "
        "to one scene), not a whole document."
    )


def resume_offer(scenes: Sequence[int]) -> str:
    """What the chat says when a reopened lesson was interrupted (the Resume action follows)."""
    names = ", ".join(str(n) for n in scenes)
    return (
        f"This lesson was interrupted before scene(s) {names} were finished. Press **Resume** "
        '(or say "continue") to finish it.'
    )


def resume_done(scenes: Sequence[int], reply: str) -> str:
    """The closing message after an interrupted lesson was finished."""
    names = ", ".join(str(n) for n in scenes)
    done = f"I went on with the interrupted lesson (scene(s) {names}) and stitched it again."
    return f"{done}\n\n{reply}" if reply else done


def share_text(url: str, expires_at: datetime | None) -> str:
    """The message with a lesson's share link."""
    until = f"until {expires_at:%Y-%m-%d %H:%M} UTC" if expires_at else "until you stop sharing"
    return (
        f"**Share link:** {url}\n\nAnyone with this link can watch the lesson, with its chapters "
        f"and captions, without a login, {until}. Later changes to the lesson reach it too."
    )


def unshare_text(revoked: int) -> str:
    """The message after Stop sharing."""
    if revoked == 0:
        return "This lesson was not shared: there was no link to stop."
    links = "Its link no longer works" if revoked == 1 else f"Its {revoked} links no longer work"
    return f"Stopped sharing the lesson. {links}."


def uploads_pending(count: int) -> str:
    """Said when a turn's files were saved here but the storage has not taken them yet."""
    return (
        f"Saved, upload pending: {count} file(s) of this lesson are kept on the server and will "
        "upload by themselves as soon as the media storage is reachable again. Nothing is lost, "
        "and the clips play meanwhile."
    )
