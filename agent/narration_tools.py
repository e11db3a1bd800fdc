"""The model's tool for what the narrator says: new words over the same animation."""

from __future__ import annotations

from agent.lesson_tools import Ctx, answer, current_lesson, function_tool, render_result
from agent.tool_results import Edited


@function_tool
async def narrate_scene(ctx: Ctx, scene: int, narration: str, change: str) -> str:
    """Change only what the narrator says in one scene (1-based; -1 = last): the new words are
    spoken over the same animation, which is not rendered again, and the lesson is re-stitched.

    Use it for "make scene 3's narration simpler", "say ... in scene 2", "fix the wording".
    `narration` is the complete new narration, 1-3 sentences; `change` says in a few words what
    changed. "Undo that" reverts it like any edit (revert_scene).
    """
    turn = ctx.context

    async def work() -> Edited:
        lesson_id = current_lesson(ctx)
        n = await turn.service.scene_number(turn.user, lesson_id, scene)
        edit = await turn.service.narrate_scene(
            turn.user, lesson_id, n, narration, change, turn.listener, turn.voice
        )
        result = await render_result(turn, edit.outcome)
        return Edited(
            **result.model_dump(),
            live_version=edit.live.number if edit.live else None,
            fixed=[],
            speech_warning=edit.written.speech_warning,
            export=await turn.service.url(edit.export.video_key if edit.export else None),
        )

    return await answer(work)


NARRATION_TOOLS = [narrate_scene]
