"""Render docstring examples through the real engine (shared with the lead's benchmark)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from mcp_manim_docs.doc_model import Example
from tools.render.engine import RenderEngine
from tools.render.result import RenderOk


async def render_check_examples(
    engine: RenderEngine, examples: Iterable[Example]
) -> tuple[list[str], dict[str, str]]:
    """Render each example (concurrently, as the engine's pool allows): the names that
    rendered, and the rest with their error as `kind: message`."""
    todo = list(examples)
    results = await asyncio.gather(*(engine.render(e.code, scene=e.name) for e in todo))
    ok: list[str] = []
    failed: dict[str, str] = {}
    for example, result in zip(todo, results, strict=True):
        if isinstance(result, RenderOk):
            ok.append(example.name)
        else:
            failed[example.name] = f"{result.error.kind}: {result.error.message}"
    return ok, failed
