"""Deciding the offline model's next step from the conversation: tool calls or a final reply.

Each turn is a fixed recipe (lesson: plan → write → render → assemble → reply; edit: read →
edit → reply; ...). The next step follows from which tools this turn has already called, so the
decision needs no memory beyond the input the Runner sends.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from agent.offline import replies
from agent.offline.conversation import Conversation
from agent.offline.edits import Edited, apply_changes
from agent.offline.intents import Intent, classify
from agent.offline.layout_fix import relaid_code
from agent.offline.narration_edit import simpler
from agent.offline.templates import lesson_for
from agent.offline.templates_generic import generic_lesson


@dataclass(frozen=True)
class CallTool:
    """One function call to emit."""

    name: str
    args: dict[str, Any]


@dataclass(frozen=True)
class Reply:
    """The final assistant message of the turn (without the offline label)."""

    text: str


Step = list[CallTool] | Reply


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _failed(output: dict[str, Any]) -> bool:
    return bool(output.get("error")) and "results" not in output and "scene" not in output


def _lesson(conv: Conversation, intent: Intent) -> Step:
    template = lesson_for(intent.topic)
    if not conv.called("plan_lesson"):
        return [CallTool("plan_lesson", {"plan": template.plan.model_dump()})]
    planned = conv.output("plan_lesson")
    if _failed(planned):
        return Reply(replies.tool_failed("plan the lesson", planned))
    scenes = [s for s in planned.get("scenes") or [] if isinstance(s, dict) and _is_int(s.get("n"))]
    if not conv.called("write_scene_code"):
        count = min(len(scenes), len(template.scenes))
        if not count:
            return Reply(replies.tool_failed("plan the lesson", {"error": "no scenes came back"}))
        return [
            CallTool("write_scene_code", {"scene": s["n"], "code": template.code(i, s["n"])})
            for i, s in enumerate(scenes[:count])
        ]
    writes = [call.output or {} for call in conv.calls("write_scene_code")]
    if not conv.called("render_scenes"):
        if all(_failed(w) for w in writes):
            return Reply(replies.tool_failed("save the scene code", writes[0]))
        return [CallTool("render_scenes", {"scenes": None})]
    if not conv.called("assemble_lesson"):
        return [CallTool("assemble_lesson", {})]
    example = (
        "change scene 2 so the triangle is red"
        if template.key == "pythagoras"
        else "make scene 2 red and slower"
    )
    title = str(planned.get("title") or template.title)
    return Reply(
        replies.lesson_summary(
            title,
            scenes,
            writes,
            conv.output("render_scenes"),
            conv.output("assemble_lesson"),
            example,
            planned.get("speech_warning"),
        )
    )


def _edit(conv: Conversation, intent: Intent) -> Step:
    if conv.called("edit_scene"):
        output = conv.output("edit_scene")
        if _failed(output):
            return Reply(replies.tool_failed("edit the scene", output))
        change = str(conv.calls("edit_scene")[-1].args.get("change", "your change"))
        return Reply(replies.edit_done(change, output))
    if conv.called("read_scene"):
        read = conv.output("read_scene")
        if _failed(read):
            return Reply(replies.tool_failed("read the scene", read))
        code = read.get("code")
        if not isinstance(code, str) or not code.strip():
            return Reply(
                replies.help_text("That scene has no code yet, so there is nothing to edit")
            )
        edited = apply_changes(code, intent.changes)
        if not isinstance(edited, Edited):
            return Reply(replies.help_text(f"I can't make that edit: {edited.reason}"))
        scene = read.get("scene")
        if not _is_int(scene):
            scene = conv.calls("read_scene")[-1].args.get("scene")
        change = ", ".join(edited.summary)
        return [CallTool("edit_scene", {"scene": scene, "code": edited.code, "change": change})]
    if not intent.changes:
        return Reply(replies.help_text("That's an edit the offline model can't make"))
    scene = intent.scene if intent.scene is not None else conv.last_touched_scene()
    if scene is None:
        return Reply(replies.ask_scene("change"))
    return [CallTool("read_scene", {"scene": scene})]


def _revert(conv: Conversation, intent: Intent) -> Step:
    if conv.called("revert_scene"):
        output = conv.output("revert_scene")
        if _failed(output):
            return Reply(replies.tool_failed("revert the scene", output))
        return Reply(replies.revert_done(output))
    scene: Any = intent.scene if intent.scene is not None else conv.last_touched_scene()
    if conv.called("read_scene"):
        # "revert the last scene": read_scene turned the relative number into a real one.
        read = conv.output("read_scene")
        if _failed(read):
            return Reply(replies.tool_failed("find that scene", read))
        scene = read.get("scene")
    if scene is None:
        return Reply(replies.ask_scene("revert"))
    if _is_int(scene) and scene < 0:
        return [CallTool("read_scene", {"scene": scene})]
    return [CallTool("revert_scene", {"scene": scene, "version": intent.version})]


def _narrate(conv: Conversation, intent: Intent) -> Step:
    """New words over the same animation: quoted in the message, or the scene's own made simpler."""
    if conv.called("narrate_scene"):
        output = conv.output("narrate_scene")
        if _failed(output):
            return Reply(replies.tool_failed("change the narration", output))
        change = str(conv.calls("narrate_scene")[-1].args.get("change", "new narration"))
        return Reply(replies.edit_done(change, output))
    request = intent.narration
    if request is None or (request.words is None and not request.simpler):
        return Reply(replies.help_text(replies.NARRATION_HOW))
    if not conv.called("read_scene"):
        scene = intent.scene if intent.scene is not None else conv.last_touched_scene()
        if scene is None:
            return Reply(replies.ask_scene("narrate"))
        return [CallTool("read_scene", {"scene": scene})]
    read = conv.output("read_scene")
    if _failed(read):
        return Reply(replies.tool_failed("read the scene", read))
    words = request.words or simpler(str(read.get("narration") or ""))
    if words is None:
        return Reply(
            "Scene {}'s narration is as simple as I can make it.".format(read.get("scene"))
        )
    change = "new narration" if request.words else "simpler narration"
    args = {"scene": read.get("scene"), "narration": words, "change": change}
    return [CallTool("narrate_scene", args)]


def _resume(conv: Conversation) -> Step:
    """Finish the lesson: write and render the scenes that never got code.

    Scenes that have code but no render are left alone: they are rendering now, or `tutor resume`
    and the chat's Resume render them before asking the model (rendering them here too would
    render them twice).
    """
    if not conv.called("lesson_status"):
        return [CallTool("lesson_status", {})]
    status = conv.output("lesson_status")
    if _failed(status):
        return Reply(replies.nothing_to_resume(None))
    scenes = [s for s in status.get("scenes") or [] if isinstance(s, dict) and _is_int(s.get("n"))]
    unfinished = [
        s for s in scenes if s.get("status") in ("pending", "rendering") and not s.get("version")
    ]
    if not conv.called("read_scene"):
        if not unfinished:
            return Reply(replies.nothing_to_resume(status))
        return [CallTool("read_scene", {"scene": s["n"]}) for s in unfinished]
    if not conv.called("write_scene_code"):
        reads = [call.output or {} for call in conv.calls("read_scene")]
        missing = [r for r in reads if r.get("status") == "no code yet" and _is_int(r.get("scene"))]
        if not missing:
            return Reply(replies.nothing_to_resume(status))
        title = str(status.get("title") or "")
        return [
            CallTool("write_scene_code", {"scene": r["scene"], "code": _missing_code(title, r)})
            for r in missing
        ]
    written: list[int] = [
        n
        for call in conv.calls("write_scene_code")
        if isinstance(n := call.args.get("scene"), int) and not isinstance(n, bool)
    ]
    if not conv.called("render_scenes"):
        return [CallTool("render_scenes", {"scenes": written})]
    return Reply(replies.resume_done(status, written, conv.output("render_scenes")))


def _missing_code(lesson_title: str, read: dict[str, Any]) -> str:
    """Code for a scene that never got any: the template's scene when the lesson is one of the
    templates (same scene title), else a title card with the scene's own title."""
    n: int = read["scene"]
    title = str(read.get("title") or f"Scene {n}")
    template = lesson_for(lesson_title)
    if n <= len(template.scenes) and template.scenes[n - 1].plan.title == title:
        return template.code(n - 1, n)
    return generic_lesson(title).code(0, n)


def _layout(conv: Conversation, intent: Intent) -> Step:
    """Fix a scene's layout: rewrite it from its template when the audit found something.

    The lesson view (`lesson_status`) carries each live clip's layout items; `read_scene` turns
    "the last scene" into a number and gives the code whose constants are kept.
    """
    scene: Any = intent.scene if intent.scene is not None else conv.last_touched_scene()
    if not conv.called("lesson_status"):
        reads = [] if scene is None else [CallTool("read_scene", {"scene": scene})]
        return [CallTool("lesson_status", {}), *reads]
    if conv.called("edit_scene"):
        return _layout_fixed(conv)
    status = conv.output("lesson_status")
    if _failed(status):
        return Reply(replies.tool_failed("look at the lesson", status))
    views = {
        s["n"]: s for s in status.get("scenes") or [] if isinstance(s, dict) and _is_int(s.get("n"))
    }
    if not conv.called("read_scene"):
        flagged = [n for n, view in sorted(views.items()) if view.get("layout")]
        if not flagged:
            return Reply(replies.layout_clean(None))
        if len(flagged) > 1:
            return Reply(replies.layout_ask(flagged))
        return [CallTool("read_scene", {"scene": flagged[0]})]
    read = conv.output("read_scene")
    if _failed(read):
        return Reply(replies.tool_failed("find that scene", read))
    n = read.get("scene")
    if not isinstance(n, int) or isinstance(n, bool):
        return Reply(replies.tool_failed("find that scene", {"error": "no scene number came back"}))
    items = (views.get(n) or {}).get("layout") or []
    if not items:
        return Reply(replies.layout_clean(n))
    code = str(read.get("code") or "")
    relaid = relaid_code(str(status.get("title") or ""), n, str(read.get("title") or ""), code)
    if relaid is None:
        reason = "the offline model only rewrites scenes written from its own templates"
        return Reply(replies.layout_cannot(n, items, reason))
    if relaid.code.strip() == code.strip():
        reason = "it already has its template's layout, and the offline model has no other"
        return Reply(replies.layout_cannot(n, items, reason))
    return [CallTool("edit_scene", {"scene": n, "code": relaid.code, "change": relaid.change})]


def _layout_fixed(conv: Conversation) -> Step:
    """After the fixing edit: its outcome, with what the layout audit says of the new clip."""
    output = conv.output("edit_scene")
    if _failed(output):
        return Reply(replies.tool_failed("fix the layout", output))
    change = str(conv.calls("edit_scene")[-1].args.get("change", "layout fixed"))
    layout = output.get("layout")
    if output.get("status") == "ok" and not isinstance(layout, list):
        # The edit's answer has no layout items: the lesson view has the new clip's.
        if len(conv.calls("lesson_status")) < 2:
            return [CallTool("lesson_status", {})]
        views = conv.output("lesson_status").get("scenes") or []
        scene = output.get("scene")
        layout = next(
            (v.get("layout") for v in views if isinstance(v, dict) and v.get("n") == scene), None
        )
    return Reply(replies.layout_done(change, output, layout))


def _share(conv: Conversation, intent: Intent) -> Step:
    if not conv.called("upload"):
        return [CallTool("upload", {"expires_in": intent.expires_in})]
    output = conv.output("upload")
    if _failed(output):
        return Reply(replies.tool_failed("share the lesson", output))
    return Reply(replies.share_done(output))


def _unshare(conv: Conversation) -> Step:
    if not conv.called("stop_sharing"):
        return [CallTool("stop_sharing", {})]
    output = conv.output("stop_sharing")
    if _failed(output):
        return Reply(replies.tool_failed("stop sharing the lesson", output))
    return Reply(replies.unshare_done(output))


def _status(conv: Conversation) -> Step:
    if not conv.called("lesson_status"):
        return [CallTool("lesson_status", {})]
    output = conv.output("lesson_status")
    if _failed(output):
        return Reply(replies.tool_failed("show the lesson", output))
    return Reply(replies.status_text(output))


def next_step(conv: Conversation, tool_names: Collection[str]) -> Step:
    """The next output of the offline model for this conversation."""
    intent = classify(conv.user_text)
    if intent.kind == "lesson":
        step = _lesson(conv, intent)
    elif intent.kind == "edit":
        step = _edit(conv, intent)
    elif intent.kind == "revert":
        step = _revert(conv, intent)
    elif intent.kind == "status":
        step = _status(conv)
    elif intent.kind == "resume":
        step = _resume(conv)
    elif intent.kind == "share":
        step = _share(conv, intent)
    elif intent.kind == "unshare":
        step = _unshare(conv)
    elif intent.kind == "layout":
        step = _layout(conv, intent)
    elif intent.kind == "narrate":
        step = _narrate(conv, intent)
    else:
        step = Reply(replies.help_text())
    if isinstance(step, list):
        missing = sorted({call.name for call in step} - set(tool_names))
        if missing:
            return Reply(
                replies.help_text(f"I can't do that here: the tool {missing[0]} is not available")
            )
    return step
