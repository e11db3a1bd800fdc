"""The offline model: a deterministic lesson model used when no LLM is configured.

It drives the same lesson tools a real model would (plan, write, render, assemble, edit, revert)
from built-in lesson templates, and makes simple edits by rewriting a scene's constant lines.
"""

from __future__ import annotations

from agent.offline.model import OFFLINE_MODEL_NAME, OfflineLessonModel

__all__ = ["OFFLINE_MODEL_NAME", "OfflineLessonModel"]
