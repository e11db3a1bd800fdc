"""What the lesson domain needs from the outside, as Protocols: the service and the assembler
both import these, so neither imports the other's module for a type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from tools.check import ApiIndex
from tools.media.quality import QualityName
from tools.media.voices.speech import Voice as Voice  # the narration voice, a port too
from tools.render.result import RenderError, RenderResult
from tools.storage.protocol import FileStorage


class SceneRenderer(Protocol):
    """The render engine as the service uses it (tests wrap it to count calls)."""

    @property
    def api_index(self) -> ApiIndex: ...

    @property
    def media(self) -> FileStorage:
        """Where this renderer's results live: a `RenderOk`'s `video_key` and `poster_key`
        name objects here (its render cache), which the lesson copies into its own keys."""
        ...

    async def render(
        self,
        code: str,
        scene: str | None = None,
        quality: QualityName = "low",
        *,
        validate: bool = True,
        use_cache: bool = True,
        owner: str | None = None,
        on_started: Callable[[], None] | None = None,
        min_duration_s: float = 0.0,
    ) -> RenderResult:
        """Render one scene. `on_started` is called once when a renderer starts on it (it
        was queued until then); a cache hit or a refused scene never starts. A clip shorter
        than `min_duration_s` holds its last frame until then."""
        ...

    def prewarm(self, keep_warm: bool = True) -> None:
        """Get ready for renders that are about to come (start sandboxes ahead)."""
        ...

    async def close(self) -> None: ...


class RepairDocs(Protocol):
    """Doc snippets for a failed render (the agent's docs lookup; the domain only asks)."""

    def snippets(self, error: RenderError, code: str = "") -> list[str]: ...
