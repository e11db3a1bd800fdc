"""The offline model's words: summaries built from tool outputs, and plain help.

Tool outputs are JSON the model did not write, so every field is read defensively; titles come
from prompts and models, so they are shown as plain text (`plain`), never as markdown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from agent.plain_text import plain

LABEL = "[offline model] "

CONFIGURE = (
    "To go further, configure a real model: set OPENAI_API_KEY, or set TUTOR_MODEL_BASE_URL and "
    "TUTOR_MODEL to use an OpenAI-compatible server such as Ollama, vLLM or LM Studio."
)

CAPABILITIES = (
    "No AI model is configured, so I'm the built-in offline model: I follow fixed recipes. "
    "I can:\n"
    '- make a short lesson: "make a short lesson on the Pythagorean theorem" (the derivative as '
    "slope and sine on the unit circle are built in too; any other topic gets a simple outline "
    "lesson),\n"
    '- edit a scene I made: colour ("change scene 2 so the triangle is red"), size ("make the '
    'title bigger in the last scene"), speed ("make scene 3 slower"), length ("hold scene 1 for 3 '
    'seconds"), title text ("change the title of scene 1 to \'Hello\'"), "remove the title", '
    "\"add a caption 'Look here'\",\n"
    '- fix a scene\'s layout ("Fix the layout of scene 2."): when the layout audit found text '
    "overlapping, off the frame or too small, I write the scene again from its template,\n"
    '- change what a scene says ("make scene 3\'s narration simpler", "change the narration of '
    "scene 2 to 'A right triangle has one square corner.'\"): the new words are spoken over the "
    "same animation,\n"
    '- undo an edit ("undo that", "go back to version 1 of scene 2") and show the lesson '
    '("status"),\n'
    '- share the lesson ("share this lesson with my class", "share it for 7 days"): a link '
    'that opens without a login, until you say "stop sharing".'
)


def help_text(reason: str = "") -> str:
    """What the offline model can do and how to configure a real model, after an optional reason."""
    lead = f"{reason.rstrip('.')}.\n\n" if reason else ""
    return f"{lead}{CAPABILITIES}\n\n{CONFIGURE}"


def _get(data: Any, key: str, default: Any = None) -> Any:
    """A field of a JSON object, or `default` when `data` is not an object or lacks it."""
    if not isinstance(data, Mapping):
        return default
    value: Any = data.get(key, default)  # type: ignore[union-attr]
    return value


def _error_message(error: Any) -> str:
    if isinstance(error, Mapping):
        message = str(_get(error, "message") or "unknown error")
        kind = _get(error, "kind")
        line = _get(error, "line")
        where = f" (line {line})" if isinstance(line, int) else ""
        return f"{kind} error{where}: {message}" if kind else message + where
    return str(error)


def _seconds(value: Any) -> str:
    return f" ({value:.1f} s)" if isinstance(value, int | float) else ""


NARRATION_HOW = (
    "I can change a scene's narration when you quote the new words (\u201cchange the narration"
    " of scene 2 to 'A right triangle has one square corner.'\u201d) or ask for it simpler"
)


def tool_failed(what: str, output: Mapping[str, Any]) -> str:
    """A tool answered with an error instead of a result."""
    return f"I couldn't {what}: {_error_message(_get(output, 'error')).rstrip('.')}."


def ask_scene(action: str) -> str:
    """Ask which scene, when the message and the conversation don't say."""
    return (
        f'Which scene should I {action}? Name it, e.g. "{action} scene 2", "the first '
        'scene" or "the last scene".'
    )


def lesson_summary(
    title: str,
    planned: Sequence[Mapping[str, Any]],
    writes: Sequence[Mapping[str, Any]],
    rendered: Mapping[str, Any],
    assembled: Mapping[str, Any],
    example_edit: str,
    speech_warning: str | None = None,
) -> str:
    """The closing message after a lesson was planned, written, rendered and assembled."""
    results = {
        _get(result, "scene"): result
        for result in _get(rendered, "results", []) or []
        if isinstance(result, Mapping)
    }
    lines: list[str] = []
    failed: list[int] = []
    blocked: list[int] = []  # rendering could not run at all (kind environment): not the code
    for scene in planned:
        number = _get(scene, "n")
        result = results.get(number)
        if result is None:
            state = "not rendered"
        elif _get(result, "status") == "ok":
            state = "ok" + _seconds(_get(result, "duration_s"))
        else:
            error = _get(result, "error")
            state = "failed: " + _error_message(error)
            (blocked if _get(error, "kind") == "environment" else failed).append(number)
        lines.append(f"{number}. {plain(_get(scene, 'title', ''))}: {state}")
    ok_count = sum(1 for r in results.values() if _get(r, "status") == "ok")
    text = [f"Your lesson “{plain(title)}” has {len(planned)} scenes, {ok_count} rendered:"]
    text.extend(lines)
    write_errors = [w for w in writes if _get(w, "error")]
    if write_errors:
        text.append(
            f"{len(write_errors)} scene(s) could not be saved: "
            + "; ".join(_error_message(_get(w, "error")) for w in write_errors)
        )
    if speech_warning:
        text.append(speech_warning)
    if stop := _get(rendered, "stop"):
        text.append(f"Rendering stopped early: {stop}")
    if _get(rendered, "error"):
        text.append(tool_failed("render the scenes", rendered))
    export = _get(assembled, "export")
    if export:
        text.append(f"The whole lesson, with chapters: {export}")
    elif _get(assembled, "error"):
        text.append(tool_failed("stitch the lesson", assembled))
    else:
        text.append("No stitched lesson was produced.")
    if failed:
        names = ", ".join(str(n) for n in failed)
        text.append(
            f"Scene(s) {names} failed and appear as placeholders. The offline model can't repair "
            "code; a real model (set OPENAI_API_KEY, or TUTOR_MODEL_BASE_URL + TUTOR_MODEL) fixes "
            "failed scenes itself."
        )
    if blocked:
        names = ", ".join(str(n) for n in blocked)
        text.append(
            f"Scene(s) {names} were not rendered because rendering could not run (their code is "
            'kept). Once it works again, say "continue" (or run `tutor resume LESSON`) to render '
            "them and stitch the lesson."
        )
    text.append(
        f'You can ask for changes, e.g. "{example_edit}", "make the title bigger in the last '
        'scene" or "make scene 3 slower", and say "undo that" to go back.'
    )
    return "\n".join(text)


def edit_done(change: str, output: Mapping[str, Any]) -> str:
    """The outcome of `edit_scene`: the new version is live, or it failed and the old stays."""
    scene = _get(output, "scene", "?")
    version = _get(output, "version", "?")
    if _get(output, "status") == "ok":
        text = f"Done: scene {scene} is now version {version} ({change})."
        if clip := _get(output, "clip"):
            text += f"\nNew clip: {clip}"
        if export := _get(output, "export"):
            text += f"\nThe lesson was re-stitched: {export}"
        return text + '\nSay "undo that" to go back.'
    live = _get(output, "live_version")
    kept = f"version {live} stays live" if live is not None else "the previous version stays live"
    text = (
        f"Scene {scene} version {version} ({change}) failed to render: "
        f"{_error_message(_get(output, 'error'))}. Nothing is lost: {kept}."
    )
    return text + " The offline model can't repair code; a real model can."


def revert_done(output: Mapping[str, Any]) -> str:
    """The outcome of `revert_scene`."""
    text = f"Scene {_get(output, 'scene', '?')} is back to version {_get(output, 'version', '?')}."
    if clip := _get(output, "clip"):
        text += f"\nClip: {clip}"
    if export := _get(output, "export"):
        text += f"\nThe lesson was re-stitched: {export}"
    return text


def status_text(output: Mapping[str, Any]) -> str:
    """A readable `lesson_status`."""
    scenes = [s for s in _get(output, "scenes", []) or [] if isinstance(s, Mapping)]
    title = plain(_get(output, "title", "Untitled"))
    text = [f"Lesson “{title}”: {len(scenes)} scenes."]
    for scene in scenes:
        state = f"{_get(scene, 'status', '?')}, version {_get(scene, 'version', '?')}"
        if error := _get(scene, "error"):
            state += f" — {_error_message(error)}"
        text.append(f"{_get(scene, 'n', '?')}. {plain(_get(scene, 'title', ''))}: {state}")
    export = _get(output, "export")
    text.append(f"Stitched lesson: {export}" if export else "Not stitched yet.")
    return "\n".join(text)


def nothing_to_resume(status: Mapping[str, Any] | None) -> str:
    """What "continue" gets when nothing is left to finish (or there is no lesson at all)."""
    if status is None:
        return (
            'There is no lesson in this conversation to continue. Ask for one, e.g. "make a '
            'short lesson on the Pythagorean theorem".'
        )
    title = plain(_get(status, "title", "Untitled"))
    return (
        f"Every scene of “{title}” has its code: there is nothing for me to write. Ask for a "
        'change, e.g. "make scene 2 slower", or say "status" to see where each scene stands.'
    )


def resume_done(
    status: Mapping[str, Any], written: Sequence[int], rendered: Mapping[str, Any]
) -> str:
    """The outcome of finishing an interrupted lesson."""
    results = [r for r in _get(rendered, "results", []) or [] if isinstance(r, Mapping)]
    ok = [str(_get(r, "scene")) for r in results if _get(r, "status") == "ok"]
    failed = [r for r in results if _get(r, "status") != "ok"]
    text = [f"I continued the lesson “{plain(_get(status, 'title', 'Untitled'))}”."]
    if written:
        text.append("Wrote scene(s) " + ", ".join(str(n) for n in written) + ".")
    text.append(f"Rendered scene(s) {', '.join(ok)}." if ok else "No scene needed rendering.")
    for result in failed:
        text.append(
            f"Scene {_get(result, 'scene', '?')} failed: {_error_message(_get(result, 'error'))}"
        )
    if _get(rendered, "error"):
        text.append(tool_failed("render the scenes", rendered))
    return "\n".join(text)


def share_done(output: Mapping[str, Any]) -> str:
    """The outcome of `upload`: the link to hand out, and how long it works."""
    title = plain(_get(output, "title", "the lesson"))
    expires = _get(output, "expires_at")
    until = f" until {expires}" if expires else " until you stop sharing it"
    return (
        f"Here is the link to “{title}” for your class: {_get(output, 'url', '?')}\n"
        f"Anyone with it can watch the lesson, with its chapters and captions, without a "
        f'login{until}. Later changes to the lesson show up through the same link. Say "stop '
        'sharing" to turn it off.' + _upload_pending(_get(output, "uploads_pending", 0))
    )


def _upload_pending(count: int) -> str:
    if not count:
        return ""
    return (
        f"\nSaved, upload pending: {count} file(s) wait on the server for the media storage and "
        "upload by themselves when it is back; the link plays them from the server meanwhile."
    )


def unshare_done(output: Mapping[str, Any]) -> str:
    """The outcome of `stop_sharing`."""
    revoked = _get(output, "revoked", 0)
    if not revoked:
        return "The lesson was not shared: there was no link to stop."
    links = "link no longer works" if revoked == 1 else f"{revoked} links no longer work"
    return f"Stopped sharing: the lesson's {links}."


def layout_clean(scene: Any) -> str:
    """ "Fix the layout" of a scene the layout audit found nothing wrong with."""
    if scene is None:
        return "Every scene's layout already looks clean: the layout audit found nothing to fix."
    return (
        f"Scene {scene}'s layout already looks clean: the layout audit found nothing "
        "overlapping, off the frame or too small, so I left it as it is."
    )


def layout_items(items: Sequence[Any]) -> str:
    """The audit's items as lines a user can read."""
    lines = [
        f"- {plain(str(_get(item, 'message', '')))}"
        for item in items[:5]
        if isinstance(item, Mapping)
    ]
    more = f"\n- … and {len(items) - 5} more" if len(items) > 5 else ""
    return "\n".join(lines) + more


def layout_cannot(scene: Any, items: Sequence[Any], reason: str) -> str:
    """The offline model can't fix this scene's layout: why, and what the audit found."""
    return (
        f"I can't fix scene {scene}'s layout: {reason}. The layout audit found:\n"
        f"{layout_items(items)}\n{CONFIGURE}"
    )


def layout_ask(scenes: Sequence[int]) -> str:
    """Several scenes have layout warnings and the message names none."""
    names = ", ".join(str(n) for n in scenes)
    return (
        f"Scenes {names} have layout warnings. Which one should I fix? Say e.g. "
        f'"Fix the layout of scene {scenes[0]}."'
    )


def layout_done(change: str, output: Mapping[str, Any], layout: Any) -> str:
    """The outcome of the edit that fixed a layout, with what the audit says of the new clip."""
    text = edit_done(change, output)
    if _get(output, "status") == "ok" and isinstance(layout, list):
        if layout:
            text += f"\nThe layout audit still finds:\n{layout_items(layout)}"  # type: ignore[arg-type]
        else:
            text += "\nThe layout audit finds nothing wrong with the new clip."
    return text
